import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import noInfo from '../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { summarizeEntry, type EntrySummary } from './entry-summary';
import { parseOk } from './test-bundle';

const b01 = parseOk(bundle01);
const nl = parseOk(nlCore);

function summary(doc: typeof b01, index: number): EntrySummary {
  const s = summarizeEntry(doc, index);
  if (!s) throw new Error(`no entry ${index}`);
  return s;
}

describe('summarizeEntry on the fixtures', () => {
  it('Condition: every coding kept, partial dates as sent', () => {
    const s = summary(b01, 4);
    expect(s.kind).toBe('condition');
    expect(s.main?.coding?.map((c) => c.code)).toEqual(['198436008', 'N95.1']);
    // The Dutch translation extension travels with the coding for the renderer to use.
    expect(s.main?.coding?.[0]).toHaveProperty('_display');
    expect(s.statuses).toEqual([
      { label: 'clinicalStatus', code: 'active', concept: expect.anything() as unknown },
      { label: 'verificationStatus', code: 'confirmed', concept: expect.anything() as unknown },
    ]);
    expect(s.dates).toEqual([
      { label: 'onset', time: { type: 'dateTime', value: '2015' } },
      { label: 'recorded', time: { type: 'dateTime', value: '2016-10' } },
    ]);
    expect(s.concepts.map((c) => c.label)).toEqual(['category', 'severity']);
    expect(s.absence).toBeUndefined();
    expect(s.enteredInError).toBe(false);
    expect(s.unreadable).toEqual([]);
  });

  it('AllergyIntolerance: statuses, criticality; "no known food allergy" is an absence', () => {
    const penicillin = summary(b01, 9);
    expect(penicillin.statuses.map((x) => `${x.label}=${x.code ?? ''}`)).toEqual([
      'clinicalStatus=active',
      'verificationStatus=confirmed',
      'type=allergy',
      'category=medication',
      'criticality=high',
    ]);
    expect(penicillin.dates).toEqual([
      { label: 'onset', time: { type: 'dateTime', value: '2010' } },
    ]);
    expect(summary(b01, 19).absence).toBe('none-known');
  });

  it('AllergyIntolerance (NL): reaction substance, manifestation, severity, note', () => {
    const s = summary(nl, 2);
    expect(s.concepts.map((c) => [c.label, c.concept.coding?.[0]?.display])).toEqual([
      ['substance', 'Penicilline'],
      ['manifestation', 'Exantheem'],
    ]);
    expect(s.statuses.find((x) => x.label === 'reactionSeverity')?.code).toBe('moderate');
    expect(s.dates.map((d) => d.label)).toEqual(['onset', 'lastOccurrence']);
    expect(s.notes).toEqual(['test toelichting']);
  });

  it('MedicationStatement: the referenced Medication names it, dose and timing as sent', () => {
    const s = summary(b01, 5);
    expect(s.kind).toBe('medication-use');
    expect(s.main?.coding?.map((c) => c.code)).toEqual([
      '108774000',
      '99872',
      '2076667',
      'L02BG03',
    ]);
    expect(s.dates).toEqual([
      { label: 'effective', time: { type: 'period', start: '2015-03', end: undefined } },
    ]);
    expect(s.dosages).toEqual([
      {
        text: undefined,
        route: {
          coding: [
            { system: 'http://standardterms.edqm.eu', code: '20053000', display: 'Oral use' },
          ],
        },
        doses: [
          {
            type: 'Quantity',
            quantity: { value: 1, unit: 'tablet', system: 'http://unitsofmeasure.org', code: '1' },
          },
        ],
        timing: { type: 'timing', timing: { repeat: { count: 1, periodUnit: 'd' } } },
        asNeeded: undefined,
      },
    ]);
  });

  it('MedicationRequest (NL): intent, authoredOn date-only stays a string, dose in its unit', () => {
    const s = summary(nl, 5);
    expect(s.main?.text).toBe('METOCLOPRAMIDE 20MG ZETPIL');
    expect(s.statuses.map((x) => `${x.label}=${x.code ?? ''}`)).toEqual([
      'status=unknown',
      'intent=order',
    ]);
    expect(s.dates).toEqual([
      { label: 'authoredOn', time: { type: 'dateTime', value: '2015-07-13' } },
    ]);
    const methotrexate = summary(nl, 7);
    expect(methotrexate.dosages[0]?.doses).toEqual([
      {
        type: 'Quantity',
        quantity: { value: 15, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      },
    ]);
  });

  it('Observation: value and reference range with their units, components with their codes', () => {
    const sodium = summary(nl, 41);
    expect(sodium.values).toEqual([
      {
        label: 'value',
        value: {
          type: 'Quantity',
          quantity: {
            value: 138,
            unit: 'mmol/l',
            system: 'http://unitsofmeasure.org',
            code: 'mmol/l',
          },
        },
        code: undefined,
      },
      {
        label: 'referenceRange',
        value: {
          type: 'Range',
          range: {
            low: {
              value: 136,
              unit: 'mmol/l',
              system: 'http://unitsofmeasure.org',
              code: 'mmol/l',
            },
            high: {
              value: 146,
              unit: 'mmol/l',
              system: 'http://unitsofmeasure.org',
              code: 'mmol/l',
            },
          },
        },
        code: undefined,
      },
    ]);
    const bp = summary(nl, 46);
    // Systolic, diastolic, Korotkoff phase, cuff and mean pressure, each with its own code.
    expect(
      bp.values.filter((v) => v.label === 'component').map((v) => v.code?.coding?.[0]?.code),
    ).toEqual(['8480-6', '8462-4', '85549003', '70665002', '6797001']);
    expect(bp.values.map((v) => v.value.type)).toEqual([
      'Quantity',
      'Quantity',
      'CodeableConcept',
      'CodeableConcept',
      'Quantity',
    ]);
    expect(bp.values[1]?.value).toEqual({
      type: 'Quantity',
      quantity: { value: 75, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    });
    expect(bp.concepts.map((c) => c.label)).toEqual(['category', 'bodySite', 'method']);
  });

  it('Immunization: vaccine, occurrence, lot and dose number', () => {
    const doc = parseOk(noInfo);
    const s = summary(doc, 6);
    expect(s.main?.coding?.[0]?.code).toBe('141');
    expect(s.dates).toEqual([
      { label: 'occurrence', time: { type: 'dateTime', value: '2020-07-03' } },
    ]);
    expect(s.values).toEqual([
      { label: 'lotNumber', value: { type: 'string', value: 'B52b' }, code: undefined },
      { label: 'doseNumber', value: { type: 'integer', value: 2 }, code: undefined },
    ]);
    expect(s.concepts.map((c) => c.label)).toEqual(['route', 'site']);
  });

  it('DeviceUseStatement: named by the referenced Device’s type', () => {
    const s = summary(nl, 25);
    expect(s.kind).toBe('device-use');
    expect(s.main?.coding?.[0]?.system).toBe('http://snomed.info/sct');
    expect(s.dates).toEqual([
      { label: 'timing', time: { type: 'period', start: '2015-02-23', end: undefined } },
    ]);
  });

  it('Procedure: performed period with date-only ends, category and reason', () => {
    const s = summary(nl, 23);
    expect(s.kind).toBe('procedure');
    expect(s.main?.coding?.[0]?.code).toBe('123941000146105');
    expect(s.statuses.map((x) => `${x.label}=${x.code ?? ''}`)).toEqual(['status=completed']);
    expect(s.dates).toEqual([
      { label: 'performed', time: { type: 'period', start: '2019-05-01', end: '2019-05-05' } },
    ]);
    expect(s.concepts.map((c) => c.label)).toEqual(['category', 'reason']);
  });

  it('other types get a generic summary', () => {
    const s = summary(b01, 1);
    expect(s).toMatchObject({
      kind: 'generic',
      resourceType: 'Patient',
      main: undefined,
      statuses: [],
    });
    expect(summarizeEntry(b01, 999)).toBeUndefined();
  });
});
