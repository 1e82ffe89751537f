import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, DEMO_PATIENTS } from './index';
import type { Sandbox } from './index';
import { getSandboxToken } from './test-client';

interface Bundle {
  resourceType: string;
  total: number;
  link: { relation: string; url: string }[];
  entry?: {
    resource: Record<string, unknown> & {
      id: string;
      resourceType: string;
      meta: { lastUpdated: string; versionId: string };
    };
    search: { mode: string };
  }[];
}

let sb: Sandbox;
let userToken: string;
let patientToken: string;

beforeAll(async () => {
  sb = await startSandbox();
  userToken = (await getSandboxToken(sb, { username: 'dr.weber' })).access_token;
  patientToken = (
    await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-hypertension' })
  ).access_token;
});
afterAll(async () => {
  await sb.close();
});

async function get(
  path: string,
  token = userToken,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = path.startsWith('http') ? path : `${sb.fhirBaseUrl}/${path}`;
  return fetch(url, { headers: { Authorization: `Bearer ${token}`, ...headers } });
}
async function getBundle(path: string, token = userToken): Promise<Bundle> {
  const res = await get(path, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Bundle;
}
const matches = (b: Bundle): NonNullable<Bundle['entry']> =>
  (b.entry ?? []).filter((e) => e.search.mode === 'match');
const next = (b: Bundle): string | undefined => b.link.find((l) => l.relation === 'next')?.url;

async function fetchAllIds(path: string): Promise<{ ids: string[]; total: number; pages: number }> {
  let bundle = await getBundle(path);
  const ids: string[] = [];
  let pages = 1;
  for (;;) {
    ids.push(...matches(bundle).map((e) => `${e.resource.resourceType}/${e.resource.id}`));
    const url = next(bundle);
    if (!url) break;
    bundle = await getBundle(url);
    pages++;
  }
  return { ids, total: bundle.total, pages };
}

describe('read', () => {
  it('reads a resource with ETag and answers 404 OperationOutcome when missing', async () => {
    const res = await get('Patient/sandbox-median');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"1"');
    const missing = await get('Patient/nope');
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as {
      resourceType: string;
      issue: { diagnostics: string }[];
    };
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0]?.diagnostics).toContain('Patient/nope');
  });

  it('answers 404 for unknown types and paths, 405 for wrong methods', async () => {
    expect((await get('Frobnicate/1')).status).toBe(404);
    expect((await get('Patient/x/y/z')).status).toBe(404);
    const del = await fetch(`${sb.fhirBaseUrl}/Patient/sandbox-median`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${userToken}` },
    });
    expect(del.status).toBe(405);
  });
});

describe('search', () => {
  it('pages with next links that visit every result exactly once', async () => {
    const { ids, total, pages } = await fetchAllIds('Observation?patient=sandbox-median&_count=17');
    expect(total).toBe(
      Number(DEMO_PATIENTS.find((p) => p.id === 'sandbox-median')?.knownValues.observationCount),
    );
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 17));
  });

  it('keeps paging stable when resources are written between pages', async () => {
    const first = await getBundle('Observation?patient=sandbox-nka&_count=2&_sort=-_lastUpdated');
    const created = await fetch(`${sb.fhirBaseUrl}/Observation`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${userToken}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'note' },
        subject: { reference: 'Patient/sandbox-nka' },
      }),
    });
    expect(created.status).toBe(201);
    const ids = matches(first).map((e) => e.resource.id);
    let url = next(first);
    while (url) {
      const page = await getBundle(url);
      ids.push(...matches(page).map((e) => e.resource.id));
      url = next(page);
    }
    expect(ids).toHaveLength(first.total);
    expect(new Set(ids).size).toBe(first.total);
  });

  it('filters by _lastUpdated=gt', async () => {
    const all = matches(await getBundle('Observation?patient=sandbox-copd&_count=1000'));
    const stamps = all.map((e) => e.resource.meta.lastUpdated).sort();
    const cut = stamps[Math.floor(stamps.length / 2)] ?? '';
    const later = matches(
      await getBundle(`Observation?patient=sandbox-copd&_count=1000&_lastUpdated=gt${cut}`),
    );
    expect(later.length).toBe(stamps.filter((s) => s > cut).length);
    expect(later.every((e) => e.resource.meta.lastUpdated > cut)).toBe(true);
  });

  it('sorts by -date and by family name', async () => {
    const obs = matches(
      await getBundle(
        'Observation?patient=Patient/sandbox-hypertension&code=http://loinc.org|85354-9&_sort=-date&_count=50',
      ),
    );
    const dates = obs.map((e) => String(e.resource.effectiveDateTime));
    expect(dates.length).toBeGreaterThan(10);
    expect([...dates].sort().reverse()).toEqual(dates);
    const patients = matches(await getBundle('Patient?_sort=family&_count=100'));
    const families = patients.map((e) =>
      String((e.resource.name as { family: string }[])[0]?.family).toLowerCase(),
    );
    expect([...families].sort()).toEqual(families);
  });

  it('finds patients by name (accent-insensitive prefix), identifier and birthdate', async () => {
    const byName = matches(await getBundle('Patient?name=thomp'));
    expect(byName.map((e) => e.resource.id)).toEqual(['sandbox-hypertension']);
    const accent = matches(await getBundle('Patient?name=helene'));
    expect(accent.map((e) => e.resource.id)).toEqual(['sandbox-visitor-fr']);
    const mrn = DEMO_PATIENTS.find((p) => p.id === 'sandbox-median')?.knownValues.mrn ?? '';
    const byId = matches(await getBundle(`Patient?identifier=https://sandbox.example/mrn|${mrn}`));
    expect(byId.map((e) => e.resource.id)).toEqual(['sandbox-median']);
    const bare = matches(await getBundle(`Patient?identifier=${mrn}`));
    expect(bare).toHaveLength(1);
    const byBirth = matches(await getBundle('Patient?birthdate=1946-11-02'));
    expect(byBirth.map((e) => e.resource.id)).toEqual(['sandbox-heart-failure']);
    const before = matches(await getBundle('Patient?birthdate=lt1945-01-01&_count=100'));
    expect(before.every((e) => String(e.resource.birthDate) < '1945')).toBe(true);
    expect(before.length).toBeGreaterThan(0);
  });

  it('reports unsupported parameters in an outcome entry, or 400 with handling=strict', async () => {
    const bundle = await getBundle('Patient?frobnicate=1&_count=1');
    const outcome = (bundle.entry ?? []).find((e) => e.search.mode === 'outcome');
    expect(JSON.stringify(outcome?.resource)).toContain('frobnicate');
    const strict = await get('Patient?frobnicate=1', userToken, { Prefer: 'handling=strict' });
    expect(strict.status).toBe(400);
    expect((await get('Observation?date=notadate')).status).toBe(400);
  });

  // Speed is measured in bench/ (sandbox-queries), never with a wall-clock limit in a test.
  it("answers the app's queries on the large patient", async () => {
    const queries = [
      'Observation?patient=sandbox-large&code=http://loinc.org|85354-9&_sort=-date&_count=200',
      'Observation?patient=sandbox-large&category=vital-signs&_count=200',
      'Observation?patient=sandbox-large&_sort=-date&_count=1000',
      'Condition?patient=sandbox-large',
      'Patient?name=mor',
    ];
    for (const q of queries) {
      const bundle = await getBundle(q);
      expect(matches(bundle).length, q).toBeGreaterThan(0);
    }
    const bp = matches(await getBundle(queries[0] ?? ''));
    const dates = bp.map((e) => (e.resource.effectiveDateTime as string | undefined) ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe('$everything', () => {
  it('pages through sandbox-large (10k+) completely', async () => {
    const { ids, total } = await fetchAllIds('Patient/sandbox-large/$everything?_count=1000');
    const kv = DEMO_PATIENTS.find((p) => p.id === 'sandbox-large')?.knownValues;
    expect(Number(kv?.observationCount)).toBeGreaterThanOrEqual(10_000);
    expect(total).toBe(ids.length);
    expect(new Set(ids).size).toBe(total);
    expect(ids[0]).toBe('Patient/sandbox-large');
    expect(ids).toContain('Practitioner/practitioner-rossi');
    expect(ids).toContain('Organization/org-riverside');
    expect(
      ids.filter((id) => !id.startsWith('Practitioner/') && !id.startsWith('Organization/')),
    ).toHaveLength(Number(kv?.resourceCount));
  });

  it('supports _type and _since', async () => {
    const conds = matches(await getBundle('Patient/sandbox-median/$everything?_type=Condition'));
    expect(conds.every((e) => e.resource.resourceType === 'Condition')).toBe(true);
    expect(conds.length).toBeGreaterThan(0);
    const none = await getBundle('Patient/sandbox-median/$everything?_since=2030-01-01T00:00:00Z');
    expect(none.total).toBe(0);
  });
});

describe('scope enforcement', () => {
  it('confines a patient-scoped token to its patient', async () => {
    expect((await get('Patient/sandbox-hypertension', patientToken)).status).toBe(200);
    expect((await get('Patient/sandbox-copd', patientToken)).status).toBe(403);
    const copdObs =
      matches(await getBundle('Observation?patient=sandbox-copd&_count=1'))[0]?.resource.id ?? '';
    expect((await get(`Observation/${copdObs}`, patientToken)).status).toBe(403);
    expect((await get('Observation?patient=sandbox-copd', patientToken)).status).toBe(403);
    expect((await get('Patient/sandbox-copd/$everything', patientToken)).status).toBe(403);
    const all = await getBundle('Observation?_count=1000', patientToken);
    expect(
      matches(all).every(
        (e) =>
          (e.resource.subject as { reference: string }).reference ===
          'Patient/sandbox-hypertension',
      ),
    ).toBe(true);
    const patients = matches(await getBundle('Patient', patientToken));
    expect(patients.map((e) => e.resource.id)).toEqual(['sandbox-hypertension']);
    expect((await get('Practitioner/practitioner-weber', patientToken)).status).toBe(200);
  });

  it('refuses writes without create/update scopes', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Observation`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${patientToken}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'Patient/sandbox-hypertension' },
      }),
    });
    expect(res.status).toBe(403);
  });
});

describe('create and update', () => {
  const put = (
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${sb.fhirBaseUrl}/${path}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${userToken}`,
        'Content-Type': 'application/fhir+json',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const comm = {
    resourceType: 'Communication',
    id: 'outbox-1',
    status: 'completed',
    subject: { reference: 'Patient/sandbox-heart-failure' },
  };

  it('creates with If-None-Match: * once, then 412', async () => {
    const first = await put('Communication/outbox-1', comm, { 'If-None-Match': '*' });
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe('W/"1"');
    expect(first.headers.get('location')).toContain('/Communication/outbox-1/_history/1');
    const again = await put('Communication/outbox-1', comm, { 'If-None-Match': '*' });
    expect(again.status).toBe(412);
  });

  it('lets a create-only scope retry a create (412), never overwrite (403)', async () => {
    const createOnly = (
      await getSandboxToken(sb, {
        username: 'dr.weber',
        scope: 'openid fhirUser user/*.rs user/AuditEvent.c',
      })
    ).access_token;
    const event = {
      resourceType: 'AuditEvent',
      id: 'audit-retry-1',
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
      recorded: '2026-11-22T10:00:00+01:00',
      agent: [{ who: { reference: 'Practitioner/practitioner-weber' }, requestor: true }],
      source: { observer: { display: 'workstation' } },
    };
    const send = (headers: Record<string, string>) =>
      put('AuditEvent/audit-retry-1', event, {
        Authorization: `Bearer ${createOnly}`,
        ...headers,
      });
    expect((await send({ 'If-None-Match': '*' })).status).toBe(201);
    expect((await send({ 'If-None-Match': '*' })).status).toBe(412);
    expect((await send({})).status).toBe(403);
  });

  it('checks If-Match versions and ids', async () => {
    await put('Communication/outbox-2', { ...comm, id: 'outbox-2' });
    expect(
      (await put('Communication/outbox-2', { ...comm, id: 'outbox-2' }, { 'If-Match': 'W/"1"' }))
        .status,
    ).toBe(200);
    expect(
      (await put('Communication/outbox-2', { ...comm, id: 'outbox-2' }, { 'If-Match': 'W/"1"' }))
        .status,
    ).toBe(412);
    expect((await put('Communication/outbox-3', { ...comm, id: 'other' })).status).toBe(400);
    expect(
      (await put('Communication/outbox-3', { ...comm, resourceType: 'Patient', id: 'outbox-3' }))
        .status,
    ).toBe(400);
    const bad = await put('Communication/outbox-3', '{"resourceType": ');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('not valid JSON');
  });

  it('creates conditionally with If-None-Exist and the new resource shows up in _lastUpdated searches', async () => {
    const before = new Date().toISOString();
    const body = JSON.stringify({
      resourceType: 'Flag',
      status: 'active',
      code: { text: 'Fall risk' },
      identifier: [{ system: 'urn:test', value: 'flag-1' }],
      subject: { reference: 'Patient/sandbox-median' },
    });
    const post = (): Promise<Response> =>
      fetch(`${sb.fhirBaseUrl}/Flag`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${userToken}`,
          'Content-Type': 'application/fhir+json',
          'If-None-Exist': 'identifier=urn:test|flag-1',
        },
        body,
      });
    const a = await post();
    expect(a.status).toBe(201);
    const b = await post();
    expect(b.status).toBe(200);
    expect(((await a.json()) as { id: string }).id).toBe(((await b.json()) as { id: string }).id);
    const recent = await getBundle(`Flag?patient=sandbox-median&_lastUpdated=ge${before}`);
    expect(recent.total).toBe(1);
  });
});
