import { normalizeLanguageTag, primaryLanguage, sameLanguage } from './language';
import { canonicalSystem, LOINC, SNOMED_CT, ATC } from './systems';

describe('language tags', () => {
  it('reduces regional tags to the primary language', () => {
    expect(primaryLanguage('de-AT')).toBe('de');
    expect(primaryLanguage('de_CH')).toBe('de');
    expect(primaryLanguage('FR-be')).toBe('fr');
    expect(primaryLanguage('es-419')).toBe('es');
    expect(normalizeLanguageTag(' nl_NL ')).toBe('nl-nl');
  });

  it('treats anything that is not a tag as no language', () => {
    expect(primaryLanguage(undefined)).toBeUndefined();
    expect(primaryLanguage('')).toBeUndefined();
    expect(primaryLanguage('german')).toBeUndefined();
    expect(primaryLanguage('d')).toBeUndefined();
  });

  it('compares by primary subtag only', () => {
    expect(sameLanguage('de-CH', 'de')).toBe(true);
    expect(sameLanguage('de-AT', 'de-DE')).toBe(true);
    expect(sameLanguage('en-GB', 'de')).toBe(false);
    expect(sameLanguage(undefined, undefined)).toBe(false);
  });
});

describe('canonicalSystem', () => {
  it('maps HL7 OIDs and trailing slashes onto the canonical URI', () => {
    expect(canonicalSystem('urn:oid:2.16.840.1.113883.6.96')).toBe(SNOMED_CT);
    expect(canonicalSystem('urn:oid:2.16.840.1.113883.6.1')).toBe(LOINC);
    expect(canonicalSystem('http://www.whocc.no/atc/')).toBe(ATC);
  });

  it('leaves other systems alone, national variants included', () => {
    expect(canonicalSystem('http://fhir.de/CodeSystem/bfarm/atc')).toBe(
      'http://fhir.de/CodeSystem/bfarm/atc',
    );
    expect(canonicalSystem('urn:oid:1.2.3/')).toBe('urn:oid:1.2.3/');
  });
});
