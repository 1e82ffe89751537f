import type { CodeableConcept, Ratio } from 'fhir/r4';
import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import caPura from '../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import {
  ATC,
  describeMedication,
  ipsMedicationFacts,
  type MedicationFacts,
} from './medication-facts';
import { compareForms, reconcileMedications, type MedRecRow } from './medrec';
import { UCUM } from './strength';
import { parseOk } from './test-bundle';

const SNOMED = 'http://snomed.info/sct';
const EDQM = 'http://standardterms.edqm.eu';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const atc = (code: string, display?: string) => ({
  system: ATC,
  code,
  ...(display ? { display } : {}),
});
const form = (system: string, code: string): CodeableConcept => ({ coding: [{ system, code }] });
const mgPerTablet = (mg: number): Ratio => ({
  numerator: { value: mg, unit: 'mg', system: UCUM, code: 'mg' },
  denominator: { value: 1, unit: 'tablet', system: EDQM, code: '15054000' },
});

/** A MedicationStatement naming its medicine by codes only. */
function coded(...coding: object[]): MedicationFacts {
  return describeMedication({
    resourceType: 'MedicationStatement',
    status: 'active',
    subject: { reference: 'Patient/p' },
    medicationCodeableConcept: { coding },
  });
}

/** A Medication with coded ingredients (SNOMED substances) and an optional dose form. */
function medication(
  ingredients: { code: string; strength?: Ratio }[],
  options: { code?: CodeableConcept; form?: CodeableConcept } = {},
): MedicationFacts {
  return describeMedication({
    resourceType: 'Medication',
    ...(options.code ? { code: options.code } : {}),
    ...(options.form ? { form: options.form } : {}),
    ingredient: ingredients.map((i) => ({
      itemCodeableConcept: { coding: [{ system: SNOMED, code: i.code }] },
      isActive: true,
      ...(i.strength ? { strength: i.strength } : {}),
    })),
  });
}

const ANASTROZOLE = '386910003';
const AMLODIPINE = '386864001';
const VALSARTAN = '386876001';

function summary(rows: MedRecRow[]): string[] {
  return rows.map((r) => {
    if (r.kind === 'same')
      return `same(${r.basis}; strength ${r.aspects.strength}; form ${r.aspects.form})`;
    if (r.kind === 'different') return `different(${r.differs.join('+')})`;
    return `${r.kind}${r.comparable ? '' : ' (not comparable)'}`;
  });
}

describe('reconcileMedications — hand-made pairs', () => {
  it('brand and generic with the same ATC code are the same medicine', () => {
    const brand = coded(
      { system: 'urn:oid:2.16.840.1.113883.2.4.4.7', code: '2076667', display: 'Arimidex 1 mg' },
      atc('L02BG03'),
    );
    const generic = coded(
      { system: RXNORM, code: '199224', display: 'anastrozole 1 MG Oral Tablet' },
      atc('L02BG03', 'anastrozole'),
    );
    expect(summary(reconcileMedications([brand], [generic]))).toEqual([
      'same(ingredient; strength unknown; form unknown)',
    ]);
  });

  it('same ingredient and strength, stated in different mass units, is the same', () => {
    const ips = medication([{ code: ANASTROZOLE, strength: mgPerTablet(1) }], {
      form: form(EDQM, '10219000'),
    });
    const local = medication(
      [
        {
          code: ANASTROZOLE,
          strength: {
            ...mgPerTablet(1),
            numerator: { value: 1000, unit: 'µg', system: UCUM, code: 'ug' },
          },
        },
      ],
      { form: form(EDQM, '10219000') },
    );
    expect(summary(reconcileMedications([ips], [local]))).toEqual([
      'same(ingredient; strength same; form same)',
    ]);
  });

  it('a different strength is a difference, and says so', () => {
    const rows = reconcileMedications(
      [medication([{ code: ANASTROZOLE, strength: mgPerTablet(1) }])],
      [medication([{ code: ANASTROZOLE, strength: mgPerTablet(10) }])],
    );
    expect(summary(rows)).toEqual(['different(strength)']);
    expect(rows[0]).toMatchObject({
      aspects: { ingredient: 'same', strength: 'different', form: 'unknown' },
    });
  });

  it('a different dose form in the same terminology is a difference; across terminologies it is unknown', () => {
    const tablet = medication([{ code: ANASTROZOLE }], { form: form(EDQM, '10219000') });
    const filmCoated = medication([{ code: ANASTROZOLE }], { form: form(EDQM, '10221000') });
    const snomedTablet = medication([{ code: ANASTROZOLE }], { form: form(SNOMED, '385055001') });
    expect(summary(reconcileMedications([tablet], [filmCoated]))).toEqual(['different(form)']);
    expect(summary(reconcileMedications([tablet], [snomedTablet]))).toEqual([
      'same(ingredient; strength unknown; form unknown)',
    ]);
    expect(compareForms(undefined, form(EDQM, '10219000'))).toBe('unknown');
  });

  it('a combination product and one of its ingredients differ by ingredient', () => {
    const combination = medication([{ code: AMLODIPINE }, { code: VALSARTAN }]);
    const single = medication([{ code: AMLODIPINE }]);
    const rows = reconcileMedications([combination], [single]);
    expect(summary(rows)).toEqual(['different(ingredient)']);
  });

  it('matches an ATC-coded medicine to one listing that substance as its only ingredient', () => {
    const atcOnly = coded(atc('L02BG03'));
    const withIngredient = medication([{ code: ANASTROZOLE }], {
      code: { coding: [atc('L02BG03')] },
    });
    expect(summary(reconcileMedications([atcOnly], [withIngredient]))).toEqual([
      'same(ingredient; strength unknown; form unknown)',
    ]);
  });

  it('pairs the closest match first and leaves the rest unpaired', () => {
    const ips = [
      medication([{ code: ANASTROZOLE, strength: mgPerTablet(1) }]),
      coded(atc('A10BA02')),
    ];
    const local = [
      medication([{ code: ANASTROZOLE, strength: mgPerTablet(10) }]),
      medication([{ code: ANASTROZOLE, strength: mgPerTablet(1) }]),
      coded(atc('C09AA03')),
    ];
    const rows = reconcileMedications(ips, local);
    expect(summary(rows)).toEqual([
      'same(ingredient; strength same; form unknown)',
      'only-ips',
      'only-local',
      'only-local',
    ]);
    expect(rows[0]?.kind === 'same' ? rows[0].local : undefined).toBe(local[1]);
  });

  it('never pairs by name: text-only medicines are flagged as not comparable', () => {
    const text = (t: string) =>
      describeMedication({
        resourceType: 'MedicationStatement',
        status: 'active',
        subject: {},
        medicationCodeableConcept: { text: t },
      });
    expect(
      summary(reconcileMedications([text('Aspirin 100 mg')], [text('Aspirin 100 mg')])),
    ).toEqual(['only-ips (not comparable)', 'only-local (not comparable)']);
  });

  it('leaves out inactive ingredients (excipients)', () => {
    const facts = describeMedication({
      resourceType: 'Medication',
      ingredient: [
        {
          itemCodeableConcept: { coding: [{ system: SNOMED, code: ANASTROZOLE }] },
          isActive: true,
        },
        {
          itemCodeableConcept: { coding: [{ system: SNOMED, code: '48260000' }] },
          isActive: false,
        },
      ],
    });
    expect(facts.ingredients.map((i) => i.identities)).toEqual([[`${SNOMED}|${ANASTROZOLE}`]]);
  });
});

describe('reconcileMedications — fixtures', () => {
  it('Bundle-01: anastrozole matches a local generic by ATC; black cohosh is only in the IPS', () => {
    const ips = ipsMedicationFacts(parseOk(bundle01));
    expect(
      ips.map((m) => [m.entryIndex, m.productCodes.length, m.ingredients.map((i) => i.identities)]),
    ).toEqual([
      [5, 3, [[`${ATC}|L02BG03`]]],
      [6, 1, [[`${ATC}|G02CX04`]]],
    ]);
    const local = [
      coded({ system: RXNORM, code: '199224' }, atc('L02BG03')),
      coded(atc('A10BA02', 'metformin')),
    ];
    expect(summary(reconcileMedications(ips, local))).toEqual([
      'same(ingredient; strength unknown; form unknown)',
      'only-ips',
      'only-local',
    ]);
  });

  it('CA PuraJuniper (no coded sections): its three MedicationRequests; RxNorm matches by product', () => {
    const ips = ipsMedicationFacts(parseOk(caPura));
    expect(ips).toHaveLength(3);
    const local = [coded({ system: RXNORM, code: '316049', display: 'Hydrochlorothiazide 25 MG' })];
    expect(summary(reconcileMedications(ips, local))).toEqual([
      'same(product-code; strength same; form same)',
      'only-ips',
      'only-ips',
    ]);
  });

  it('NL core: medicines coded only in the Dutch G-Standaard can match only that code', () => {
    const ips = ipsMedicationFacts(parseOk(nlCore));
    expect(ips.map((m) => m.productCodes)).toEqual([
      ['urn:oid:2.16.840.1.113883.2.4.4.10|104280'],
      ['urn:oid:2.16.840.1.113883.2.4.4.1|63630'],
      ['urn:oid:2.16.840.1.113883.2.4.4.10|71587'],
      ['urn:oid:2.16.840.1.113883.2.4.4.10|2033666'],
    ]);
    expect(ips.every((m) => m.ingredients.length === 0)).toBe(true);
    const lisinopril = coded(atc('C09AA03', 'lisinopril'));
    expect(summary(reconcileMedications(ips, [lisinopril]))).toEqual([
      'only-ips',
      'only-ips',
      'only-ips',
      'only-ips',
      'only-local',
    ]);
  });
});
