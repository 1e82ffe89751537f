// @vitest-environment jsdom
// jsdom for DOMParser: the generated narrative must be well-formed XML.
import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../fhir/store';
import type { IncomingResource } from '../fhir/types';
import { documentProblems } from './document-check';
import type { DocumentBundle } from './document';
import { buildPatientSummary } from './summary';

type Json = Record<string, unknown>;
const BASE = 'http://127.0.0.1:9/fhir';
const subject = { reference: 'Patient/p1' };
const status = (system: string, code: string): Json => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${system}`, code }],
});
const loinc = (code: string, display: string): Json => ({
  coding: [{ system: 'http://loinc.org', code, display }],
});
const category = (code: string): Json[] => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] },
];

function store(extra: IncomingResource[] = []): ResourceStore {
  const s = new ResourceStore();
  const at = { lastUpdated: '2026-01-01T00:00:00Z' };
  for (const r of [
    {
      resourceType: 'Patient',
      id: 'p1',
      name: [{ given: ['Ada'], family: 'Park' }],
      generalPractitioner: [{ reference: 'Practitioner/gp' }],
      managingOrganization: { reference: `${BASE}/Organization/clinic` },
    },
    { resourceType: 'Practitioner', id: 'gp', name: [{ family: 'Gee' }] },
    { resourceType: 'Organization', id: 'clinic', name: 'Clinic' },
    { resourceType: 'Medication', id: 'm1', code: { text: 'Insulin pen' } },
    ...extra,
  ])
    s.put(r, at);
  return s;
}

const everythingAllowed = (): boolean => true;
const summary = (
  s: ResourceStore,
  canRead: (t: string) => boolean = everythingAllowed,
): DocumentBundle =>
  buildPatientSummary({
    store: s,
    fhirBaseUrl: BASE,
    patientId: 'p1',
    canRead,
    now: new Date('2026-11-01T09:30:00.123Z'),
  });
function sections(doc: DocumentBundle): Json[] {
  const list = doc.entry[0]?.resource.section;
  if (!Array.isArray(list)) throw new Error('the Composition has no sections');
  return list as Json[];
}
const sectionOf = (doc: DocumentBundle, loincCode: string): Json | undefined =>
  sections(doc).find((s) => JSON.stringify(s.code).includes(`"${loincCode}"`));
const entryIds = (doc: DocumentBundle, s: Json | undefined): string[] =>
  ((s?.entry as { reference: string }[] | undefined) ?? []).map(
    (r) => (doc.entry.find((e) => e.fullUrl === r.reference)?.resource as Json).id as string,
  );

const RECORD: IncomingResource[] = [
  {
    resourceType: 'Condition',
    id: 'c-active',
    clinicalStatus: status('condition-clinical', 'active'),
    code: { text: 'Asthma <severe> & "brittle"' },
    subject,
    onsetDateTime: '2001-02-03',
    encounter: { reference: 'Encounter/e1' },
  },
  {
    resourceType: 'Condition',
    id: 'c-resolved',
    clinicalStatus: status('condition-clinical', 'resolved'),
    code: { text: 'Sinusitis' },
    subject,
  },
  {
    resourceType: 'Condition',
    id: 'c-error',
    clinicalStatus: status('condition-clinical', 'active'),
    verificationStatus: status('condition-ver-status', 'entered-in-error'),
    code: { text: 'Wrong patient' },
    subject,
  },
  {
    resourceType: 'MedicationRequest',
    id: 'mr-active',
    status: 'active',
    intent: 'order',
    medicationReference: { reference: 'Medication/m1' },
    subject,
    authoredOn: '2025-01-01',
    requester: { reference: 'Practitioner/gp' },
    dosageInstruction: [{ text: '10 units at night' }],
  },
  {
    resourceType: 'MedicationStatement',
    id: 'ms-stopped',
    status: 'stopped',
    medicationCodeableConcept: { text: 'Old pill' },
    subject,
  },
  ...[
    ['o-old', '2026-01-01T08:00:00Z', 6.1],
    ['o-new', '2026-06-01T08:00:00+02:00', 7.2],
  ].map(([id, when, value]) => ({
    resourceType: 'Observation',
    id: String(id),
    status: 'final',
    category: category('laboratory'),
    code: loinc('4548-4', 'HbA1c'),
    subject,
    effectiveDateTime: String(when),
    valueQuantity: {
      value: Number(value),
      unit: '%',
      system: 'http://unitsofmeasure.org',
      code: '%',
    },
  })),
  {
    resourceType: 'Observation',
    id: 'o-bp',
    status: 'final',
    category: category('vital-signs'),
    code: loinc('85354-9', 'Blood pressure'),
    subject,
    effectiveDateTime: '2026-06-02T09:00:00Z',
    component: [
      {
        code: loinc('8480-6', 'Systolic'),
        valueQuantity: {
          value: 141,
          unit: 'mmHg',
          system: 'http://unitsofmeasure.org',
          code: 'mm[Hg]',
        },
      },
      {
        code: loinc('8462-4', 'Diastolic'),
        valueQuantity: {
          value: 87,
          unit: 'mmHg',
          system: 'http://unitsofmeasure.org',
          code: 'mm[Hg]',
        },
      },
    ],
  },
];

describe('buildPatientSummary', () => {
  it('lists active problems, current medicines and the latest result per code', () => {
    const doc = summary(store(RECORD));
    expect(documentProblems(doc)).toEqual([]);
    expect(entryIds(doc, sectionOf(doc, '11450-4'))).toEqual(['c-active']);
    expect(entryIds(doc, sectionOf(doc, '10160-0'))).toEqual(['mr-active']);
    expect(entryIds(doc, sectionOf(doc, '30954-2'))).toEqual(['o-new']);
    expect(entryIds(doc, sectionOf(doc, '8716-3'))).toEqual(['o-bp']);
    expect(sectionOf(doc, '11369-6')).toBeUndefined();
    const composition = doc.entry[0]?.resource as Json;
    expect(composition.date).toBe('2026-11-01T09:30:00Z');
    expect(doc.language).toBe('en');
  });

  it('rewrites references to entries and keeps a flagged display for what it leaves out', () => {
    const doc = summary(store(RECORD));
    const byId = (id: string): Json =>
      doc.entry.find((e) => e.resource.id === id)?.resource as Json;
    const patientUrl = doc.entry.find((e) => e.resource.id === 'p1')?.fullUrl;
    const condition = byId('c-active');
    expect(condition.subject).toEqual({ reference: patientUrl });
    expect(condition.encounter).toEqual({ display: 'Encounter/e1 (not included in this summary)' });
    const request = byId('mr-active');
    const medicationUrl = doc.entry.find((e) => e.resource.id === 'm1')?.fullUrl;
    expect(request.medicationReference).toEqual({ reference: medicationUrl });
    expect(byId('p1').managingOrganization).toEqual({
      reference: doc.entry.find((e) => e.resource.id === 'clinic')?.fullUrl,
    });
    expect((doc.entry[0]?.resource as Json).custodian).toEqual(byId('p1').managingOrganization);
  });

  it('writes the narrative as escaped, well-formed XHTML with values as sent', () => {
    const doc = summary(store(RECORD));
    for (const s of sections(doc)) {
      const div = (s.text as { div: string }).div;
      const parsed = new DOMParser().parseFromString(div, 'application/xhtml+xml');
      expect(parsed.getElementsByTagName('parsererror')).toHaveLength(0);
    }
    const problems = (sectionOf(doc, '11450-4')?.text as { div: string }).div;
    expect(problems).toContain(
      '<tr id="problems-1"><td>Asthma &lt;severe&gt; &amp; &quot;brittle&quot;</td><td>2001-02-03</td><td>active</td></tr>',
    );
    expect((sectionOf(doc, '30954-2')?.text as { div: string }).div).toContain(
      '<td>7.2 %</td><td>2026-06-01 08:00 +02:00</td>',
    );
    expect((sectionOf(doc, '8716-3')?.text as { div: string }).div).toContain(
      '<td>Systolic: 141 mmHg; Diastolic: 87 mmHg</td>',
    );
    expect((sectionOf(doc, '10160-0')?.text as { div: string }).div).toContain(
      '<td>Insulin pen</td><td>active</td><td>10 units at night</td><td>2025-01-01</td>',
    );
  });

  it('gives an empty record the required sections with emptyReason unavailable', () => {
    const doc = summary(store());
    expect(documentProblems(doc)).toEqual([]);
    expect(sections(doc).map((s) => [(s.emptyReason as Json).text, s.entry])).toEqual([
      ['No active problems are recorded.', undefined],
      ['No information about allergies is recorded.', undefined],
      ['No current medicines are recorded.', undefined],
    ]);
    expect(
      sections(doc).map((s) => ((s.emptyReason as { coding: Json[] }).coding[0] ?? {}).code),
    ).toEqual(['unavailable', 'unavailable', 'unavailable']);
  });

  it('marks sections the scopes do not allow as withheld, never as empty', () => {
    const doc = summary(
      store(RECORD),
      (type) => type !== 'Observation' && type !== 'MedicationRequest',
    );
    expect(documentProblems(doc)).toEqual([]);
    const results = sectionOf(doc, '30954-2');
    expect(results?.emptyReason).toEqual({
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
          code: 'withheld',
          display: 'Information Withheld',
        },
      ],
      text: 'Not included: the access token does not allow reading Observation.',
    });
    expect(
      ((sectionOf(doc, '10160-0')?.emptyReason as { coding: Json[] }).coding[0] ?? {}).code,
    ).toBe('withheld');
    expect(doc.entry.some((e) => e.resource.resourceType === 'Observation')).toBe(false);
  });
});
