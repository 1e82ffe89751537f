/**
 * The companion API end to end: a real sandbox holds the record, a real signaling server
 * serves the API and talks to the sandbox as a SMART backend service. The clinician creates a
 * link; the patient reads who they are, submits readings (exactly once) and reads feedback.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingServer } from '../server';
import {
  call,
  putResource,
  searchAsClinician,
  startCompanionStack,
  ticketOf,
  type CompanionStack,
} from './test-stack';

const PATIENT = 'companion-pt-1';
const OTHER = 'companion-pt-2';
const DOCTOR = 'companion-doc-1';
const CATEGORY = {
  coding: [
    {
      system: 'http://clinician-workstation.example/fhir/CodeSystem/communication-category',
      code: 'monitoring-feedback',
    },
  ],
};

let stack: CompanionStack;
let signaling: SignalingServer;
let ticket: string;

function feedback(
  id: string,
  fields: Record<string, unknown>,
): { resourceType: string; id: string } & Record<string, unknown> {
  return {
    resourceType: 'Communication',
    id,
    status: 'completed',
    category: [CATEGORY],
    subject: { reference: `Patient/${PATIENT}` },
    recipient: [{ reference: `Patient/${PATIENT}` }],
    sender: { reference: `Practitioner/${DOCTOR}` },
    ...fields,
  };
}

beforeAll(async () => {
  stack = await startCompanionStack();
  // Many calls on one link in a few seconds: the default per-link limit would refuse them.
  signaling = await stack.startSignaling({
    rateLimits: { perLink: { burst: 1000, perSecond: 100 } },
  });
  await putResource(stack, {
    resourceType: 'Patient',
    id: PATIENT,
    name: [{ use: 'official', family: 'Rossi', given: ['Maria', 'Grazia'] }],
    communication: [
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } },
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'it-CH' }] }, preferred: true },
    ],
  });
  await putResource(stack, { resourceType: 'Patient', id: OTHER, name: [{ family: 'Other' }] });
  await putResource(stack, {
    resourceType: 'Practitioner',
    id: DOCTOR,
    name: [{ prefix: ['Dr.'], given: ['Sofia'], family: 'Bianchi' }],
  });
  await putResource(stack, {
    resourceType: 'CarePlan',
    id: `rm-${PATIENT}`,
    status: 'active',
    intent: 'plan',
    category: [
      {
        coding: [
          {
            system: 'http://clinician-workstation.example/fhir/CodeSystem/care-plan-category',
            code: 'remote-monitoring',
          },
        ],
      },
    ],
    title: 'Remote monitoring: heart failure',
    subject: { reference: `Patient/${PATIENT}` },
    period: { start: '2026-08-24' },
    activity: [
      {
        detail: {
          status: 'in-progress',
          code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
          scheduledTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        },
      },
      {
        detail: {
          status: 'in-progress',
          code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
          scheduledTiming: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } },
        },
      },
      {
        detail: {
          status: 'in-progress',
          code: { coding: [{ system: 'http://loinc.org', code: '59408-5' }] },
        },
      },
      {
        detail: {
          status: 'stopped',
          code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
        },
      },
    ],
  });
  const link = await call(`${signaling.url}/companion/links`, {
    method: 'POST',
    bearer: stack.clinicianToken,
    body: { patientId: PATIENT },
  });
  expect(link.status).toBe(201);
  ticket = ticketOf(String(link.body.url));
}, 60_000);

afterAll(async () => {
  await stack.close();
});

const post = (body: unknown): ReturnType<typeof call> =>
  call(`${signaling.url}/companion/readings`, { method: 'POST', bearer: ticket, body });

describe('GET /companion/me', () => {
  it('names the patient, their languages and the metrics their active plan asks for', async () => {
    const me = await call(`${signaling.url}/companion/me`, { bearer: ticket });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      patient: {
        name: 'Maria Grazia Rossi',
        preferredLanguage: 'it-CH',
        languages: ['it-CH', 'en'],
      },
      plan: { status: 'active', title: 'Remote monitoring: heart failure' },
      metrics: [
        { metric: 'weight', units: ['kg', '[lb_av]'], perDay: 1, canSubmit: true },
        { metric: 'blood-pressure', units: ['mm[Hg]'], perDay: 2, canSubmit: true },
        // SpO2 comes from a device: listed, not typed in. Stopped glucose is not listed.
        { metric: 'spo2', units: ['%'], perDay: null, canSubmit: false },
      ],
      link: { id: expect.any(String) as unknown, expiresAt: expect.any(Number) as unknown },
    });
  });
});

describe('POST /companion/readings', () => {
  it('stores a weight exactly once, as the contract shapes it', async () => {
    const id = randomUUID();
    // An hour ago, written with an offset as a phone would: the offset must be kept as sent.
    const at = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const reading = { id, metric: 'weight', value: 82.4, unit: 'kg', at };
    const first = await post(reading);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ at: reading.at, duplicate: false });
    const again = await post(reading);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });

    const stored = await searchAsClinician(
      stack,
      `Observation?subject=Patient/${PATIENT}&code=29463-7`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      resourceType: 'Observation',
      id: first.body.id,
      meta: {
        tag: [
          {
            system: 'http://clinician-workstation.example/fhir/CodeSystem/observation-source',
            code: 'patient-companion',
          },
        ],
      },
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` }],
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'vital-signs',
            },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      subject: { reference: `Patient/${PATIENT}` },
      performer: [{ reference: `Patient/${PATIENT}` }],
      effectiveDateTime: reading.at,
      valueQuantity: { value: 82.4, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
  });

  it('stores blood pressure as a panel with components, dated now when no time is given', async () => {
    const before = Date.now();
    const res = await post({
      id: randomUUID(),
      metric: 'blood-pressure',
      systolic: 142,
      diastolic: 91,
      unit: 'mm[Hg]',
    });
    expect(res.status).toBe(201);
    const at = Date.parse(String(res.body.at));
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    const [obs] = await searchAsClinician(stack, `Observation?_id=${String(res.body.id)}`);
    expect(obs).toMatchObject({
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: { value: 142, unit: 'mmHg', code: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: { value: 91, unit: 'mmHg', code: 'mm[Hg]' },
        },
      ],
    });
    expect(obs).not.toHaveProperty('valueQuantity');
  });

  it('keeps glucose and weight in the units the patient used', async () => {
    const mmol = await post({ id: randomUUID(), metric: 'glucose', value: 5.6, unit: 'mmol/L' });
    const lb = await post({ id: randomUUID(), metric: 'weight', value: 181.5, unit: '[lb_av]' });
    const [g] = await searchAsClinician(stack, `Observation?_id=${String(mmol.body.id)}`);
    const [w] = await searchAsClinician(stack, `Observation?_id=${String(lb.body.id)}`);
    expect(g).toMatchObject({
      code: { coding: [{ code: '14743-9' }] },
      valueQuantity: { value: 5.6, unit: 'mmol/L', code: 'mmol/L' },
    });
    expect(w).toMatchObject({ valueQuantity: { value: 181.5, unit: 'lb', code: '[lb_av]' } });
  });

  it('refuses a reused id with different values (409), never overwriting', async () => {
    const id = randomUUID();
    expect((await post({ id, metric: 'weight', value: 80, unit: 'kg' })).status).toBe(201);
    const clash = await post({ id, metric: 'weight', value: 81, unit: 'kg' });
    expect(clash.status).toBe(409);
    expect(clash.body.field).toBe('id');
  });

  it.each<[string, unknown, string]>([
    ['a value as text', { metric: 'weight', value: '82', unit: 'kg' }, 'value'],
    ['no id', { metric: 'weight', value: 82, unit: 'kg', id: undefined }, 'id'],
    ['an unknown metric', { metric: 'spo2', value: 97, unit: '%' }, 'metric'],
    [
      'kg for blood pressure',
      { metric: 'blood-pressure', systolic: 120, diastolic: 80, unit: 'kg' },
      'unit',
    ],
    ['pounds spelled freely', { metric: 'weight', value: 180, unit: 'lbs' }, 'unit'],
    [
      'a value for blood pressure',
      { metric: 'blood-pressure', value: 120, unit: 'mm[Hg]' },
      'systolic',
    ],
    [
      'decimal systolic',
      { metric: 'blood-pressure', systolic: 120.5, diastolic: 80, unit: 'mm[Hg]' },
      'systolic',
    ],
    ['an extra field', { metric: 'weight', value: 82, unit: 'kg', note: 'x' }, ''],
    [
      'a time without offset',
      { metric: 'weight', value: 82, unit: 'kg', at: '2026-11-01T08:00:00' },
      'at',
    ],
  ])('answers 400 to %s', async (_name, body, field) => {
    const res = await post({ id: randomUUID(), ...(body as object) });
    expect(res.status).toBe(400);
    expect(typeof res.body.error).toBe('string');
    if (field) expect(res.body.field).toBe(field);
  });

  it('answers 400, 413 and 415 to bodies that are not a small JSON object', async () => {
    const notJson = await post('{"metric":');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'body is not JSON' } });
    const big = await post({
      id: randomUUID(),
      metric: 'weight',
      value: 1,
      unit: 'kg',
      pad: 'x'.repeat(5000),
    });
    expect(big.status).toBe(413);
    const text = await call(`${signaling.url}/companion/readings`, {
      method: 'POST',
      bearer: ticket,
      body: 'weight=82',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['900 kg', { metric: 'weight', value: 900, unit: 'kg' }, 'value', /possible: 0\.2–650 kg/],
    [
      '1500 lb',
      { metric: 'weight', value: 1500, unit: '[lb_av]' },
      'value',
      /possible: 0\.44–1433 lb/,
    ],
    [
      'glucose 0.1 mmol/L',
      { metric: 'glucose', value: 0.1, unit: 'mmol/L' },
      'value',
      /possible: 0\.56–55\.51 mmol\/L/,
    ],
    [
      'glucose 1200 mg/dL',
      { metric: 'glucose', value: 1200, unit: 'mg/dL' },
      'value',
      /possible: 10–1000 mg\/dL/,
    ],
    [
      'systolic 320',
      { metric: 'blood-pressure', systolic: 320, diastolic: 90, unit: 'mm[Hg]' },
      'systolic',
      /possible: 40–300 mmHg/,
    ],
    [
      'systolic below diastolic',
      { metric: 'blood-pressure', systolic: 80, diastolic: 120, unit: 'mm[Hg]' },
      'systolic',
      /higher than diastolic/,
    ],
    [
      'a time tomorrow',
      {
        metric: 'weight',
        value: 82,
        unit: 'kg',
        at: new Date(Date.now() + 86_400_000).toISOString(),
      },
      'at',
      /future/,
    ],
    [
      'a time 40 days back',
      {
        metric: 'weight',
        value: 82,
        unit: 'kg',
        at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      },
      'at',
      /older than 30 days/,
    ],
  ])('answers 422 to %s', async (_name, body, field, message) => {
    const res = await post({ id: randomUUID(), ...body });
    expect(res.status).toBe(422);
    expect(res.body.field).toBe(field);
    expect(String(res.body.error)).toMatch(message);
  });
});

describe('GET /companion/feedback', () => {
  it('lists completed monitoring feedback to this patient, newest first, as plain text', async () => {
    await putResource(
      stack,
      feedback('cmp-fb-old', {
        sent: '2026-10-01T09:00:00+02:00',
        language: 'it',
        payload: [{ contentString: 'Bene così.' }],
      }),
    );
    await putResource(
      stack,
      feedback('cmp-fb-new', {
        sent: '2026-10-03T18:30:00+02:00',
        language: 'it',
        sender: { reference: `Practitioner/${DOCTOR}`, display: 'Dott.ssa Bianchi (cardiologia)' },
        payload: [
          { contentString: '<b>Peso in aumento</b>: chiami lo studio.' },
          { contentAttachment: { contentType: 'application/pdf', url: 'https://x/a.pdf' } },
        ],
      }),
    );
    await putResource(
      stack,
      feedback('cmp-fb-mid', {
        sent: '2026-10-02T12:00:00Z',
        payload: [{ contentString: 'Thanks' }, { contentString: 'See you' }],
      }),
    );
    // Not for the patient's eyes: a draft, a note to a colleague, another patient's, another category.
    await putResource(
      stack,
      feedback('cmp-fb-draft', { status: 'preparation', sent: '2026-10-04T09:00:00Z' }),
    );
    await putResource(
      stack,
      feedback('cmp-fb-colleague', {
        recipient: [{ reference: 'Practitioner/practitioner-rossi' }],
      }),
    );
    await putResource(
      stack,
      feedback('cmp-fb-other', {
        subject: { reference: `Patient/${OTHER}` },
        recipient: [{ reference: `Patient/${OTHER}` }],
      }),
    );
    await putResource(stack, feedback('cmp-fb-cat', { category: [{ text: 'other' }] }));

    const res = await call(`${signaling.url}/companion/feedback`, { bearer: ticket });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      messages: [
        {
          id: 'cmp-fb-new',
          sent: '2026-10-03T18:30:00+02:00',
          sender: 'Dott.ssa Bianchi (cardiologia)',
          language: 'it',
          text: '<b>Peso in aumento</b>: chiami lo studio.',
          omittedParts: 1,
        },
        {
          id: 'cmp-fb-mid',
          sent: '2026-10-02T12:00:00Z',
          sender: 'Dr. Sofia Bianchi',
          language: null,
          text: 'Thanks\n\nSee you',
          omittedParts: 0,
        },
        {
          id: 'cmp-fb-old',
          sent: '2026-10-01T09:00:00+02:00',
          sender: 'Dr. Sofia Bianchi',
          language: 'it',
          text: 'Bene così.',
          omittedParts: 0,
        },
      ],
    });
  });
});
