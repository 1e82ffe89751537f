import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import minimal from '../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import noInfo from '../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import caPura from '../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { DEFAULT_IPS_LIMITS, parseIpsDocument, parseIpsText } from './parse';
import {
  composition,
  documentBundle,
  loincConcept,
  minimalIps,
  parseOk,
  patientEntry,
  section,
  type Json,
} from './test-bundle';

const FIXTURES: [string, unknown, number][] = [
  ['Bundle-01', bundle01, 20],
  ['minimal', minimal, 8],
  ['no-info', noInfo, 8],
  ['CA PuraJuniper', caPura, 104],
  ['NL core', nlCore, 61],
];

describe('parseIpsText / parseIpsDocument', () => {
  it.each(FIXTURES)(
    'parses the %s fixture from text with all its entries',
    (_name, json, count) => {
      const result = parseIpsText(JSON.stringify(json));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.doc.entries).toHaveLength(count);
      expect(result.doc.composition.entryIndex).toBe(0);
      expect(result.doc.composition.isIps).toBe(true);
      expect(result.doc.warnings).toEqual([]);
      expect(result.doc.subject.ok).toBe(true);
    },
  );

  it('keeps resources as sent (the same objects, not copies)', () => {
    const json = minimalIps() as { entry: { resource: Json }[] };
    const doc = parseOk(json);
    expect(doc.entries[2]?.resource).toBe(json.entry[2]?.resource);
    expect(doc.sections[0]?.raw).toBe((json.entry[0]?.resource.section as Json[])[0]);
  });

  it('reads the Bundle metadata', () => {
    const doc = parseOk(bundle01);
    expect(doc.bundle).toEqual({
      id: 'IPS-examples-Bundle-01',
      identifier: {
        system: 'urn:oid:2.16.724.4.8.10.200.10',
        value: '175bd032-8b00-4728-b2dc-748bb1501aed',
      },
      timestamp: '2017-12-11T14:30:00+01:00',
      language: 'en-GB',
    });
    const nl = parseOk(nlCore);
    expect(nl.bundle.id).toBeUndefined();
    expect(nl.bundle.language).toBeUndefined();
  });

  it('rejects text that is not JSON, naming the problem', () => {
    const result = parseIpsText('{"resourceType": "Bundle", ');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-json' } });
    if (!result.ok) expect(result.error.message).toMatch(/^The document is not valid JSON \(/);
  });

  it('rejects JSON that is not a resource, or not a Bundle', () => {
    expect(parseIpsDocument([1, 2])).toMatchObject({ ok: false, error: { code: 'not-a-bundle' } });
    expect(parseIpsDocument('text')).toMatchObject({ ok: false, error: { code: 'not-a-bundle' } });
    const patient = parseIpsDocument({ resourceType: 'Patient', id: 'x' });
    expect(patient).toEqual({
      ok: false,
      error: { code: 'not-a-bundle', message: 'The document is a Patient, not a Bundle.' },
    });
  });

  it('rejects a Bundle that is not a document', () => {
    const result = parseIpsDocument({ ...minimalIps(), type: 'collection' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not-a-document',
        message: 'The Bundle is of type "collection", not "document": it is not a patient summary.',
      },
    });
  });

  it('rejects a document without a Composition, and one without entries', () => {
    const noComposition = documentBundle([patientEntry()]);
    expect(parseIpsDocument(noComposition)).toMatchObject({
      ok: false,
      error: { code: 'no-composition' },
    });
    const empty = parseIpsDocument(documentBundle([]));
    expect(empty).toEqual({
      ok: false,
      error: { code: 'no-composition', message: 'The document Bundle has no entries.' },
    });
  });

  it('rejects malformed shapes the model depends on instead of building half a model', () => {
    const badEntry = documentBundle([{ fullUrl: 'urn:uuid:1', resource: { id: 'no-type' } }]);
    expect(parseIpsDocument(badEntry)).toMatchObject({
      ok: false,
      error: { code: 'invalid-bundle' },
    });
    const badSection = minimalIps({ sections: [{ title: 'x', entry: 'not-a-list' }] });
    const result = parseIpsDocument(badSection);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-composition' } });
    if (!result.ok) expect(result.error.message).toContain('section.0.entry');
    const noType = minimalIps({ composition: { type: undefined } });
    expect(parseIpsDocument(noType)).toMatchObject({
      ok: false,
      error: { code: 'invalid-composition' },
    });
  });

  it('accepts a Composition that is not an IPS, with a warning', () => {
    const doc = parseOk(minimalIps({ composition: { type: loincConcept('34133-9') } }));
    expect(doc.composition.isIps).toBe(false);
    expect(doc.warnings.map((w) => w.code)).toEqual(['not-ips-composition']);
  });

  it('finds a Composition that is not the first entry', () => {
    const doc = parseOk(
      documentBundle([
        patientEntry(),
        { fullUrl: 'urn:uuid:c', resource: composition([section('11450-4', [])]) },
      ]),
    );
    expect(doc.composition.entryIndex).toBe(1);
  });

  it('keeps entry positions when an entry has no resource', () => {
    const json = minimalIps() as { entry: unknown[] };
    json.entry.splice(1, 0, { fullUrl: 'urn:uuid:empty' });
    const doc = parseOk(json);
    expect(doc.entriesWithoutResource).toEqual([1]);
    expect(doc.entries.map((e) => e.index)).toEqual([0, 2, 3, 4, 5]);
    expect(doc.entries[1]?.resourceType).toBe('Patient');
  });

  describe('size guards', () => {
    it('rejects text over the length limit before parsing it', () => {
      const result = parseIpsText('x'.repeat(101), { ...DEFAULT_IPS_LIMITS, maxTextLength: 100 });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'too-large',
          message: 'The document is 101 characters long; the limit is 100.',
        },
      });
    });

    it('rejects too many entries and too deep sections', () => {
      const limits = { ...DEFAULT_IPS_LIMITS, maxEntries: 3 };
      expect(parseIpsDocument(minimalIps(), limits)).toMatchObject({
        ok: false,
        error: { code: 'too-many-entries' },
      });
      let nested: Json = section('11450-4', []);
      for (let i = 0; i < 9; i += 1) nested = { ...section(undefined, []), section: [nested] };
      expect(parseIpsDocument(minimalIps({ sections: [nested] }))).toMatchObject({
        ok: false,
        error: { code: 'too-deep' },
      });
    });

    it('parses a generated 400-entry, 2 MB document quickly', () => {
      const observations = Array.from({ length: 397 }, (_, i) => ({
        fullUrl: `urn:uuid:00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        resource: {
          resourceType: 'Observation',
          id: `o${i}`,
          status: 'final',
          code: loincConcept('2947-0'),
          subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
          valueQuantity: {
            value: 138,
            unit: 'mmol/l',
            system: 'http://unitsofmeasure.org',
            code: 'mmol/l',
          },
          text: {
            status: 'generated',
            div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(4800)}</div>`,
          },
        },
      }));
      const json = documentBundle([
        {
          fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000000',
          resource: composition([
            section('11450-4', [], { emptyReason: { coding: [{ code: 'nilknown' }] } }),
            section(
              '30954-2',
              observations.map((o) => o.fullUrl),
            ),
          ]),
        },
        patientEntry(),
        { fullUrl: 'urn:uuid:extra', resource: { resourceType: 'Organization', id: 'org' } },
        ...observations,
      ]);
      const text = JSON.stringify(json);
      expect(text.length).toBeGreaterThan(2_000_000);
      const started = performance.now();
      const result = parseIpsText(text);
      const elapsed = performance.now() - started;
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.doc.entries).toHaveLength(400);
      expect(result.doc.sections[1]?.entries.every((e) => e.resolution.ok)).toBe(true);
      // Typically 30–120 ms here; the bound only catches accidental quadratic work.
      expect(elapsed).toBeLessThan(1500);
    });
  });
});
