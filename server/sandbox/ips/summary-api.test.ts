import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index';
import type { Sandbox } from '../index';
import { getSandboxToken } from '../test-client';
import { codingsIn, documentProblems } from './document-check';

type Json = Record<string, unknown>;
interface Doc {
  language: string;
  entry: { fullUrl: string; resource: Json & { resourceType: string; id: string } }[];
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

function get(
  path: string,
  token: string | null = userToken,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${sb.fhirBaseUrl}/${path}`, { ...init, headers });
}

async function summary(path: string, token: string = userToken): Promise<Doc> {
  const res = await get(path, token);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
  const doc = (await res.json()) as Doc;
  expect(documentProblems(doc)).toEqual([]);
  return doc;
}

function sections(doc: Doc): Json[] {
  const list = doc.entry[0]?.resource.section;
  if (!Array.isArray(list)) throw new Error('the Composition has no sections');
  return list as Json[];
}
const sectionOf = (doc: Doc, loinc: string): Json | undefined =>
  sections(doc).find((s) => JSON.stringify(s.code).includes(`"${loinc}"`));
const entriesOf = (doc: Doc, loinc: string): Doc['entry'][number]['resource'][] =>
  ((sectionOf(doc, loinc)?.entry as { reference: string }[] | undefined) ?? []).map((r) => {
    const found = doc.entry.find((e) => e.fullUrl === r.reference);
    if (!found) throw new Error(`unresolved ${r.reference}`);
    return found.resource;
  });
const emptyReasonCode = (s: Json | undefined): unknown =>
  (s?.emptyReason as { coding: Json[] } | undefined)?.coding[0]?.code;

describe('Patient/{id}/$summary', () => {
  it('summarizes a chronic patient: active conditions and current medicines', async () => {
    const doc = await summary('Patient/sandbox-hypertension/$summary');
    expect(doc.language).toBe('en');
    const problems = entriesOf(doc, '11450-4').flatMap((c) => codingsIn(c.code).map((x) => x.code));
    expect(problems.sort()).toEqual(['55822004', '59621000']);
    const medicines = entriesOf(doc, '10160-0').map(
      (m) => (m.medicationCodeableConcept as { text: string }).text,
    );
    expect(medicines.sort()).toEqual([
      'Amlodipine 5 mg tablet',
      'Atorvastatin 20 mg tablet',
      'Lisinopril 10 mg tablet',
    ]);
    expect(entriesOf(doc, '48765-2').map((a) => (a.code as { text: string }).text)).toEqual([
      'Latex',
    ]);
    expect(entriesOf(doc, '11369-6')).toHaveLength(2);
    const patient = doc.entry.find((e) => e.resource.resourceType === 'Patient');
    expect(patient?.resource.id).toBe('sandbox-hypertension');
  });

  it('gives the empty record its required sections with emptyReason and nothing else', async () => {
    const doc = await summary('Patient/sandbox-empty/$summary');
    expect(sections(doc).map((s) => (s.code as { coding: Json[] }).coding[0]?.code)).toEqual([
      '11450-4',
      '48765-2',
      '10160-0',
    ]);
    expect(sections(doc).map(emptyReasonCode)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
    expect(sections(doc).every((s) => s.entry === undefined)).toBe(true);
  });

  it('keeps "no known allergy" (an entry) apart from "no information" (emptyReason)', async () => {
    const nka = await summary('Patient/sandbox-nka/$summary');
    expect(entriesOf(nka, '48765-2').flatMap((a) => codingsIn(a.code).map((c) => c.code))).toEqual([
      '716186003',
    ]);
    const none = await summary('Patient/sandbox-no-allergy-info/$summary');
    expect(emptyReasonCode(sectionOf(none, '48765-2'))).toBe('unavailable');
  });

  it('confines a patient-scoped token to its own patient', async () => {
    await summary('Patient/sandbox-hypertension/$summary', patientToken);
    const other = await get('Patient/sandbox-diabetes/$summary', patientToken);
    expect(other.status).toBe(403);
    const body = (await other.json()) as { issue: { diagnostics: string }[] };
    expect(body.issue[0]?.diagnostics).toBe(
      'This token is limited to Patient/sandbox-hypertension; it cannot summarize Patient/sandbox-diabetes',
    );
    const byIdentifier = await get(
      `Patient/$summary?identifier=${encodeURIComponent('http://fhir.de/sid/gkv/kvid-10|M123456789')}`,
      patientToken,
    );
    expect(byIdentifier.status).toBe(403);
  });

  it('answers 401 without a token, 404 for an unknown patient, 405 for POST, 400 for graph', async () => {
    const anonymous = await get('Patient/sandbox-empty/$summary', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await get('Patient/nobody/$summary')).status).toBe(404);
    const post = await get('Patient/sandbox-empty/$summary', userToken, { method: 'POST' });
    expect(post.status).toBe(405);
    expect((await get('Patient/sandbox-empty/$summary?graph=x')).status).toBe(400);
    expect(
      (await get('Patient/sandbox-empty/$summary?profile=http://example.org/other')).status,
    ).toBe(400);
  });
});

describe('Patient/$summary?identifier=', () => {
  it('finds the patient by national identifier', async () => {
    const doc = await summary(
      `Patient/$summary?identifier=${encodeURIComponent('http://fhir.de/sid/gkv/kvid-10|M123456789')}`,
    );
    const patient = doc.entry.find((e) => e.resource.resourceType === 'Patient');
    expect(patient?.resource.id).toBe('sandbox-visitor-de');
  });

  it('answers 404 for an unknown identifier and 400 without one', async () => {
    const unknown = await get('Patient/$summary?identifier=urn:x|nobody');
    expect(unknown.status).toBe(404);
    const body = (await unknown.json()) as { issue: { diagnostics: string }[] };
    expect(body.issue[0]?.diagnostics).toBe('No Patient has identifier urn:x|nobody');
    expect((await get('Patient/$summary')).status).toBe(400);
  });
});

describe('CapabilityStatement', () => {
  it('lists $summary with the IPS operation definition', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/metadata`);
    const cs = (await res.json()) as {
      rest: { operation: { name: string; definition: string }[]; resource: Json[] }[];
    };
    expect(cs.rest[0]?.operation).toContainEqual({
      name: 'summary',
      definition: 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary',
    });
    const patient = cs.rest[0]?.resource.find((r) => r.type === 'Patient');
    expect(JSON.stringify(patient?.operation)).toContain('"name":"summary"');
  });
});
