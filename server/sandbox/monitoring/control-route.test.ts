/**
 * The simulator through HTTP: a reading posted to the control endpoint is found by an
 * authorized FHIR search, the fences hold, and the monitoring searches page.
 */
import { request } from 'node:http';
import type { Bundle, FhirResource, Observation } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index';
import type { Sandbox } from '../index';
import { getSandboxToken } from '../test-client';

const SECRET = 'simulator-test-secret-0001';
let sb: Sandbox;
let token: string;

beforeAll(async () => {
  sb = await startSandbox({ simulator: { secret: SECRET } });
  token = (await getSandboxToken(sb, { username: 'dr.rossi' })).access_token;
}, 60_000);
afterAll(async () => {
  await sb.close();
});

const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${sb.origin}/sandbox/monitoring/readings`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Sandbox-Admin-Secret': SECRET,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function fhir<T>(path: string, bearer = token): Promise<T> {
  const url = path.startsWith('http') ? path : `${sb.fhirBaseUrl}/${path}`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${bearer}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const matches = (bundle: Bundle): FhirResource[] =>
  (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .flatMap((e) => (e.resource ? [e.resource as FhirResource] : []));

async function fetchAll(
  path: string,
): Promise<{ resources: FhirResource[]; pages: number; total: number }> {
  let bundle = await fhir<Bundle>(path);
  const resources: FhirResource[] = [];
  let pages = 0;
  for (;;) {
    pages++;
    resources.push(...matches(bundle));
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!next) break;
    bundle = await fhir<Bundle>(next);
  }
  return { resources, pages, total: bundle.total ?? NaN };
}

describe('POST /sandbox/monitoring/readings', () => {
  it('stores a reading that an authorized search finds first', async () => {
    const res = await post({
      patient: 'sandbox-heart-failure',
      metric: 'weight',
      value: 88.4,
      unit: 'kg',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const created = (await res.json()) as Observation & { meta: { lastUpdated: string } };
    expect(res.headers.get('location')).toBe(
      `${sb.fhirBaseUrl}/Observation/${created.id ?? ''}/_history/1`,
    );
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(created).toMatchObject({
      status: 'final',
      performer: [{ reference: 'Patient/sandbox-heart-failure' }],
      device: { reference: 'Device/sandbox-heart-failure-scale' },
      valueQuantity: { value: 88.4, code: 'kg' },
    });
    expect(Date.now() - Date.parse(created.meta.lastUpdated)).toBeLessThan(60_000);

    const latest = matches(
      await fhir<Bundle>(
        'Observation?patient=sandbox-heart-failure&code=http://loinc.org|29463-7&_sort=-date&_count=5',
      ),
    ) as Observation[];
    expect(latest[0]?.id).toBe(created.id);
    expect(latest[1]?.effectiveDateTime).toMatch(/^2026-11-01T07:/);

    // The patient's own token sees it too.
    const patientToken = (
      await getSandboxToken(sb, { username: 'dr.rossi', patientId: 'sandbox-heart-failure' })
    ).access_token;
    const own = await fhir<Observation>(`Observation/${created.id ?? ''}`, patientToken);
    expect(own.valueQuantity?.value).toBe(88.4);
  });

  it('records a blood pressure typed in by hand, at the time given', async () => {
    const res = await post({
      patient: 'Patient/sandbox-hypertension',
      metric: 'blood-pressure',
      values: { systolic: 184, diastolic: 112 },
      unit: 'mm[Hg]',
      at: '2026-11-22T07:45:00+01:00',
      device: null,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Observation;
    expect(created.device).toBeUndefined();
    expect(created.effectiveDateTime).toBe('2026-11-22T07:45:00+01:00');
    expect(created.component?.map((c) => c.valueQuantity?.value)).toEqual([184, 112]);
  });

  it('refuses without the secret, with another content type, with a bad body or method', async () => {
    const reading = { patient: 'sandbox-copd', metric: 'spo2', value: 91, unit: '%' };
    const noSecret = await post(reading, { 'X-Sandbox-Admin-Secret': '' });
    expect(noSecret.status).toBe(401);
    expect(((await noSecret.json()) as FhirResource).resourceType).toBe('OperationOutcome');
    expect((await post(reading, { 'X-Sandbox-Admin-Secret': `${SECRET}!` })).status).toBe(401);
    // text/plain is what a web page could send without a CORS preflight.
    expect((await post(reading, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const bad = await post({ ...reading, unit: 'percent' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('unit must be one of %');
    expect((await post('{"patient": ')).status).toBe(400);
    expect((await post({ ...reading, patient: 'sandbox-nobody' })).status).toBe(404);
    const get = await fetch(`${sb.origin}/sandbox/monitoring/readings`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a request addressed to a non-loopback host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${sb.origin}/sandbox/monitoring/readings`,
        {
          method: 'POST',
          headers: {
            Host: 'attacker.example',
            'Content-Type': 'application/json',
            'X-Sandbox-Admin-Secret': SECRET,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ patient: 'sandbox-copd', metric: 'spo2', value: 91, unit: '%' }));
    });
    expect(status).toBe(403);
  });

  it('is off (404) in a sandbox started without the simulator', async () => {
    const plain = await startSandbox();
    try {
      const res = await fetch(`${plain.origin}/sandbox/monitoring/readings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Sandbox-Admin-Secret': SECRET },
        body: '{}',
      });
      expect(res.status).toBe(404);
      expect(plain.simulator).toBeUndefined();
    } finally {
      await plain.close();
    }
  }, 60_000);
});

describe('interval mode', () => {
  it('adds one reading per enrolled metric, found by search', async () => {
    const added = (sb.simulator?.tick() ?? []) as unknown as Observation[];
    // 2 + 2 + 4 + 2 + 1 metrics over the five enrolled patients.
    expect(added).toHaveLength(11);
    const cgm = added.find((o) => o.subject?.reference === 'Patient/sandbox-t1d-cgm');
    const newest = matches(
      await fhir<Bundle>(
        'Observation?patient=sandbox-t1d-cgm&code=http://loinc.org|99504-3&_sort=-date&_count=1',
      ),
    );
    expect(cgm?.id).toBeDefined();
    expect(newest[0]?.id).toBe(cgm?.id);
  });
});

describe('monitoring searches', () => {
  it('finds the active remote-monitoring CarePlans, paged', async () => {
    const { resources, pages, total } = await fetchAll(
      'CarePlan?category=http://clinician-workstation.example/fhir/CodeSystem/care-plan-category|remote-monitoring&status=active&_count=2',
    );
    expect(total).toBe(5);
    expect(pages).toBe(3);
    expect(resources.map((r) => r.id).sort()).toEqual([
      'rm-sandbox-copd',
      'rm-sandbox-diabetes',
      'rm-sandbox-heart-failure',
      'rm-sandbox-hypertension',
      'rm-sandbox-t1d-cgm',
    ]);
  });

  it('pages through a CGM patient’s vital signs since a date, oldest first', async () => {
    const { resources, pages, total } = await fetchAll(
      'Observation?patient=sandbox-t1d-cgm&category=vital-signs&date=ge2026-10-31&_sort=date&_count=200',
    );
    // Up to 288 a day on Oct 31 and up to 09:00 on Nov 1, plus the readings added by tick().
    expect(total).toBe(resources.length);
    expect(total).toBeGreaterThan(250);
    expect(total).toBeLessThan(288 + 108 + 10);
    expect(pages).toBe(Math.ceil(total / 200));
    const dates = (resources as Observation[]).map((r) => r.effectiveDateTime ?? '');
    expect([...dates].sort()).toEqual(dates);
    expect((dates[0] ?? '') >= '2026-10-31').toBe(true);
    expect(new Set(resources.map((r) => r.id)).size).toBe(total);
  });
});
