import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  Medication,
  MedicationRequest,
} from 'fhir/r4';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import {
  activeConditions,
  activeMedications,
  allergyState,
  groupByType,
  isNoKnownAllergy,
  medicationName,
  NO_KNOWN_ALLERGY_CODES,
  noKnownAllergyCode,
} from './chart-model';
import { buildTimeline, clinicalDate, resourceSummary } from './timeline';
import en from '../../i18n/locales/en/records.json';
import de from '../../i18n/locales/de/records.json';

const status = (code: string) => ({ coding: [{ code }] });

describe('allergyState', () => {
  const real: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    patient: {},
    code: { text: 'Peanut' },
    criticality: 'high',
  };
  const low: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    patient: {},
    code: { text: 'Dust' },
    criticality: 'low',
  };
  const nka = (code: string): AllergyIntolerance => ({
    resourceType: 'AllergyIntolerance',
    patient: {},
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
  });

  it('separates no information, no known allergies and real allergies', () => {
    expect(allergyState([]).kind).toBe('no-information');
    for (const code of ['716186003', '409137002', '428607008', '429625007', '428197003'])
      expect(allergyState([nka(code)]).kind).toBe('no-known');
    expect(allergyState([nka('716186003')]).blanket).toBe(true);
    expect(allergyState([nka('409137002')]).blanket).toBe(false);
    const inError: AllergyIntolerance = { ...real, verificationStatus: status('entered-in-error') };
    expect(allergyState([inError]).kind).toBe('no-information');
    const mixed = allergyState([low, nka('716186003'), real]);
    expect(mixed.kind).toBe('allergies');
    expect(mixed.items.map((a) => a.code?.text)).toEqual(['Peanut', 'Dust']);
    expect(mixed.statements).toHaveLength(1);
    expect(mixed.refuted).toEqual([]);
  });

  it('never counts a refuted allergy as "no known allergies" or as an allergy', () => {
    const penicillin: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      patient: {},
      code: { text: 'Penicillin' },
      verificationStatus: status('refuted'),
    };
    expect(isNoKnownAllergy(penicillin)).toBe(false);
    const only = allergyState([penicillin]);
    expect(only.kind).toBe('only-refuted');
    expect(only.refuted).toEqual([penicillin]);
    expect(only.items).toEqual([]);
    expect(only.statements).toEqual([]);
    const withNka = allergyState([penicillin, nka('409137002')]);
    expect(withNka.kind).toBe('no-known');
    expect(withNka.refuted).toEqual([penicillin]);
    const withReal = allergyState([penicillin, real]);
    expect(withReal.kind).toBe('allergies');
    expect(withReal.items).toEqual([real]);
    // A refuted "no known allergy" statement is a refuted record, not a statement.
    const refutedNka = { ...nka('716186003'), verificationStatus: status('refuted') };
    expect(allergyState([refutedNka]).kind).toBe('only-refuted');
  });

  it('only the listed SNOMED codes make a "no known" statement', () => {
    expect(noKnownAllergyCode(nka('409137002'))).toBe('409137002');
    expect(noKnownAllergyCode(nka('91936005'))).toBeUndefined(); // allergy to penicillin
    expect([...NO_KNOWN_ALLERGY_CODES].sort()).toEqual(
      ['409137002', '428197003', '428607008', '429625007', '716186003'].sort(),
    );
  });
});

describe('active problems and medications', () => {
  it('keeps active, recurrent and relapsed conditions that are not refuted', () => {
    const c = (clinical: string, verification?: string): Condition => ({
      resourceType: 'Condition',
      subject: {},
      clinicalStatus: status(clinical),
      ...(verification ? { verificationStatus: status(verification) } : {}),
    });
    const list = [
      c('active'),
      c('resolved'),
      c('recurrence'),
      c('active', 'refuted'),
      c('relapse'),
      c('inactive'),
    ];
    expect(activeConditions(list)).toHaveLength(3);
  });

  it('keeps active requests and statements', () => {
    const meds = activeMedications([
      { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: {} },
      { resourceType: 'MedicationRequest', status: 'stopped', intent: 'order', subject: {} },
      { resourceType: 'MedicationStatement', status: 'intended', subject: {} },
    ]);
    expect(meds.map((m) => m.status)).toEqual(['active', 'intended']);
  });

  it('names medications from the concept, a contained or loaded Medication, or the display', () => {
    const base: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: {},
    };
    expect(
      medicationName({ ...base, medicationCodeableConcept: { text: 'HCTZ 25 MG' } }, undefined),
    ).toBe('HCTZ 25 MG');
    const index = buildResourceIndex([
      { resourceType: 'Medication', id: 'm1', code: { text: 'Loaded med' } },
    ]);
    expect(
      medicationName({ ...base, medicationReference: { reference: 'Medication/m1' } }, index),
    ).toBe('Loaded med');
    const containedMed: Medication = {
      resourceType: 'Medication',
      id: 'c',
      code: { text: 'Contained med' },
    };
    const contained: MedicationRequest = {
      ...base,
      contained: [containedMed],
      medicationReference: { reference: '#c' },
    };
    expect(medicationName(contained, index)).toBe('Contained med');
    expect(
      medicationName(
        { ...base, medicationReference: { reference: 'Medication/x', display: 'Shown' } },
        index,
      ),
    ).toBe('Shown');
    // Another server's Medication/m1 is not our Medication/m1.
    const remote = {
      ...base,
      medicationReference: {
        reference: 'https://other.example/fhir/Medication/m1',
        display: 'Remote',
      },
    };
    expect(medicationName(remote, index, 'https://ehr.example/fhir')).toBe('Remote');
    expect(medicationName(remote, index)).toBe('Remote');
    const local = {
      ...base,
      medicationReference: { reference: 'https://ehr.example/fhir/Medication/m1' },
    };
    expect(medicationName(local, index, 'https://ehr.example/fhir')).toBe('Loaded med');
  });
});

describe('timeline', () => {
  it('dates each type by its clinical date and sorts newest first, skipping undated and noise', () => {
    const resources: FhirResource[] = [
      {
        resourceType: 'Condition',
        id: 'c',
        subject: {},
        onsetDateTime: '2010-01-01',
        code: { text: 'Flu' },
      },
      {
        resourceType: 'Encounter',
        id: 'e',
        status: 'finished',
        class: { code: 'AMB' },
        period: { start: '2015-05-05T10:00:00Z' },
      },
      {
        resourceType: 'Immunization',
        id: 'i',
        status: 'completed',
        patient: {},
        vaccineCode: { text: 'Tdap' },
        occurrenceDateTime: '2012-03',
      },
      { resourceType: 'Organization', id: 'o' },
      {
        resourceType: 'Condition',
        id: 'void',
        subject: {},
        onsetDateTime: '2020-01-01',
        verificationStatus: status('entered-in-error'),
      },
      {
        resourceType: 'Immunization',
        id: 'void2',
        status: 'entered-in-error',
        patient: {},
        vaccineCode: {},
        occurrenceDateTime: '2021-01-01',
      },
      { resourceType: 'Claim', id: 'cl' } as unknown as FhirResource,
    ];
    const grouped = groupByType(resources);
    expect(grouped.has('Claim')).toBe(false);
    const entries = buildTimeline([...grouped.values()].flat());
    expect(entries.map((e) => e.resource.id)).toEqual(['e', 'i', 'c']);
    expect(clinicalDate(resources[2] as FhirResource)).toBe('2012-03');
    expect(resourceSummary(resources[1] as FhirResource, undefined)).toBe('AMB');
  });
});

describe('records locale files', () => {
  function keys(tree: object, prefix = ''): string[] {
    return Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  }
  it('have the same keys in English and German, none empty', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    for (const tree of [en, de]) {
      const flat = JSON.stringify(tree);
      expect(flat).not.toMatch(/:""/);
    }
  });
});
