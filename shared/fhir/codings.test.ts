import {
  formatCodeableConcept,
  formatCodeLabel,
  formatCoding,
  hasCoding,
  knownSystemLabel,
  systemShortName,
} from './codings';
import { formatQuantity, quantityUnit } from './quantity';

describe('formatCodeableConcept', () => {
  it('prefers text, then the first display, then the first code', () => {
    expect(formatCodeableConcept({ text: 'BP', coding: [{ display: 'Blood pressure' }] })).toBe(
      'BP',
    );
    expect(formatCodeableConcept({ coding: [{ code: 'x' }, { code: 'y', display: 'Why' }] })).toBe(
      'Why',
    );
    expect(
      formatCodeableConcept({ coding: [{ system: 'http://loinc.org' }, { code: '8480-6' }] }),
    ).toBe('8480-6');
    expect(formatCodeableConcept({})).toBe('');
    expect(formatCodeableConcept(undefined)).toBe('');
  });

  it('formats single codings and code labels', () => {
    expect(formatCoding({ code: 'a', display: ' Alpha ' })).toBe('Alpha');
    expect(formatCoding({ code: 'a' })).toBe('a');
    expect(formatCodeLabel({ coding: [{ system: 'http://loinc.org', code: '8480-6' }] })).toBe(
      'LOINC 8480-6',
    );
    expect(formatCodeLabel({ coding: [{ code: 'z' }] })).toBe('z');
  });

  it('finds codings by system and code', () => {
    const c = { coding: [{ system: 'http://snomed.info/sct', code: '716186003' }] };
    expect(hasCoding(c, 'http://snomed.info/sct', '716186003')).toBe(true);
    expect(hasCoding(c, undefined, '716186003')).toBe(true);
    expect(hasCoding(c, 'http://loinc.org', '716186003')).toBe(false);
  });
});

describe('systemShortName', () => {
  it('names the well-known systems', () => {
    expect(systemShortName('http://loinc.org')).toBe('LOINC');
    expect(systemShortName('http://snomed.info/sct')).toBe('SNOMED CT');
    expect(systemShortName('http://www.nlm.nih.gov/research/umls/rxnorm')).toBe('RxNorm');
    expect(systemShortName('http://www.whocc.no/atc')).toBe('ATC');
    expect(systemShortName('http://hl7.org/fhir/sid/icd-10')).toBe('ICD-10');
  });

  it('falls back to the last path segment or the URN', () => {
    expect(systemShortName('https://github.com/synthetichealth/synthea')).toBe('synthea');
    expect(systemShortName('urn:oid:1.2.3')).toBe('urn:oid:1.2.3');
    expect(systemShortName(undefined)).toBe('');
  });
});

describe('formatQuantity', () => {
  it('shows value and unit as sent, never converted', () => {
    expect(formatQuantity({ value: 185, unit: 'lbs', code: '[lb_av]' })).toBe('185 lbs');
    expect(formatQuantity({ value: 185, code: '[lb_av]' })).toBe('185 [lb_av]');
    expect(formatQuantity({ value: 120, unit: 'mm[Hg]' })).toBe('120 mm[Hg]');
    expect(formatQuantity({ value: 5, comparator: '<', unit: 'mg/dL' })).toBe('< 5 mg/dL');
    expect(formatQuantity({ value: 3 })).toBe('3');
    expect(formatQuantity({ unit: 'kg' })).toBe('');
    expect(quantityUnit({ value: 1, unit: 'pounds' })).toBe('pounds');
  });
});

describe('knownSystemLabel', () => {
  it('labels only well-known systems', () => {
    expect(knownSystemLabel('http://hl7.org/fhir/sid/us-ssn')).toBe('SSN');
    expect(knownSystemLabel('http://loinc.org/')).toBe('LOINC');
    expect(knownSystemLabel('http://hospital.smarthealthit.org')).toBeUndefined();
    expect(knownSystemLabel(undefined)).toBeUndefined();
  });
});
