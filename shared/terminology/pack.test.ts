import { lookupDesignation, packHasCode } from './lookup';
import { parseTerminologyPack, type TerminologyPack } from './pack';

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';

const VALID: TerminologyPack = {
  format: 1,
  version: 'sha256-0123456789abcdef',
  sources: ['loinc.tsv', 'snomed.tsv'],
  languages: ['en', 'de', 'fr', 'it', 'es'],
  systems: {
    [LOINC]: { '8867-4': { en: 'Heart rate', de: 'Herzfrequenz', es: 'Frecuencia cardíaca' } },
    [SCT]: { '90560007': { en: 'Gout', it: 'Gotta' } },
  },
};

describe('parseTerminologyPack', () => {
  it('accepts a well-formed pack', () => {
    expect(parseTerminologyPack(VALID)).toEqual({ ok: true, value: VALID });
  });

  it('rejects a pack missing English, with a language not declared, or of another format', () => {
    const noEn = { ...VALID, systems: { [SCT]: { '90560007': { de: 'Gicht' } } } };
    expect(parseTerminologyPack(noEn)).toMatchObject({ ok: false });
    const undeclared = {
      ...VALID,
      systems: { [SCT]: { '90560007': { en: 'Gout', nl: 'Jicht' } } },
    };
    const r = parseTerminologyPack(undeclared);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('language nl is not listed in languages');
    expect(parseTerminologyPack({ ...VALID, format: 2 })).toMatchObject({ ok: false });
    expect(parseTerminologyPack(null)).toMatchObject({ ok: false });
  });
});

describe('lookupDesignation', () => {
  it('finds the designation per language, by primary subtag', () => {
    const hr = { system: LOINC, code: '8867-4' };
    expect(lookupDesignation(VALID, hr, 'de')).toEqual({ display: 'Herzfrequenz', lang: 'de' });
    expect(lookupDesignation(VALID, hr, 'de-CH')).toEqual({ display: 'Herzfrequenz', lang: 'de' });
    expect(lookupDesignation(VALID, hr, 'es-MX')?.display).toBe('Frecuencia cardíaca');
    expect(lookupDesignation(VALID, hr, 'en-US')?.display).toBe('Heart rate');
  });

  it('returns nothing for an empty cell, an unknown code or a coding without system', () => {
    expect(lookupDesignation(VALID, { system: LOINC, code: '8867-4' }, 'fr')).toBeUndefined();
    expect(lookupDesignation(VALID, { system: SCT, code: '90560007' }, 'de')).toBeUndefined();
    expect(lookupDesignation(VALID, { system: SCT, code: '90560008' }, 'it')).toBeUndefined();
    expect(lookupDesignation(VALID, { code: '90560007' }, 'it')).toBeUndefined();
  });

  it('matches the system when sent as its OID, but never a near-miss code', () => {
    const oid = { system: 'urn:oid:2.16.840.1.113883.6.96', code: '90560007' };
    expect(lookupDesignation(VALID, oid, 'it')?.display).toBe('Gotta');
    expect(packHasCode(VALID, oid)).toBe(true);
    expect(packHasCode(VALID, { system: SCT, code: '9056000' })).toBe(false);
  });
});
