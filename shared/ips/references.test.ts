import type { FhirResource, Medication, MedicationRequest } from 'fhir/r4';
import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import noInfo from '../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import caPura from '../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import type { IpsEntry } from './model';
import {
  buildReferenceIndex,
  collectReferences,
  resolveReference,
  restfulBase,
  type ResolveResult,
} from './references';
import { parseOk } from './test-bundle';

function entry(index: number, fullUrl: string | undefined, resource: object): IpsEntry {
  const r = resource as FhirResource;
  return { index, fullUrl, resourceType: r.resourceType, id: r.id, resource: r };
}

const entries: IpsEntry[] = [
  entry(0, 'urn:uuid:aaaa', { resourceType: 'Composition', id: 'comp' }),
  entry(1, 'urn:uuid:1111', { resourceType: 'Patient', id: 'p1', meta: { versionId: '2' } }),
  entry(2, 'https://a.example/fhir/Condition/c1', { resourceType: 'Condition', id: 'c1' }),
  entry(3, 'https://a.example/fhir/MedicationRequest/m1', {
    resourceType: 'MedicationRequest',
    id: 'm1',
    contained: [{ resourceType: 'Medication', id: 'med' }],
  }),
  entry(4, 'https://b.example/r4/Observation/o1', { resourceType: 'Observation' }),
  entry(5, 'urn:uuid:dup-1', { resourceType: 'Device', id: 'd1' }),
  entry(6, 'urn:uuid:dup-2', { resourceType: 'Device', id: 'd1' }),
];
const index = buildReferenceIndex(entries);

function via(result: ResolveResult): [number, string, boolean] | string {
  return result.ok
    ? [result.target.entryIndex, result.target.via, result.target.lenient]
    : result.reason;
}

describe('resolveReference', () => {
  it('resolves urn:uuid references by exact fullUrl', () => {
    expect(via(resolveReference(index, { reference: 'urn:uuid:1111' }, 0))).toEqual([
      1,
      'fullUrl',
      false,
    ]);
  });

  it('resolves a relative reference to a urn:uuid entry by type and id, marked lenient', () => {
    expect(via(resolveReference(index, 'Patient/p1', 0))).toEqual([1, 'type-id', true]);
  });

  it('resolves a relative reference against the RESTful base of the referring entry', () => {
    expect(via(resolveReference(index, 'Condition/c1', 3))).toEqual([2, 'base-relative', false]);
  });

  it('matches a fullUrl on another base by its Type/id tail, marked lenient', () => {
    expect(via(resolveReference(index, 'Observation/o1', 3))).toEqual([4, 'fullUrl-tail', true]);
    expect(restfulBase('https://b.example/r4/Observation/o1')).toBe('https://b.example/r4');
    expect(restfulBase('urn:uuid:1111')).toBeUndefined();
  });

  it('resolves contained references in the referring resource', () => {
    const result = resolveReference(index, '#med', 3);
    expect(result).toMatchObject({
      ok: true,
      target: { entryIndex: 3, via: 'contained', contained: true },
    });
    if (result.ok)
      expect(result.target.resource).toEqual({ resourceType: 'Medication', id: 'med' });
    expect(via(resolveReference(index, '#', 3))).toEqual([3, 'contained', false]);
    expect(via(resolveReference(index, '#other', 3))).toBe('contained-not-found');
    expect(via(resolveReference(index, '#med', 2))).toBe('contained-not-found');
  });

  it('checks versioned references against meta.versionId', () => {
    expect(via(resolveReference(index, 'urn:uuid:1111/_history/2', 0))).toEqual([
      1,
      'fullUrl',
      false,
    ]);
    expect(via(resolveReference(index, 'Patient/p1/_history/2', 0))).toEqual([1, 'type-id', true]);
    const wrong = resolveReference(index, 'Patient/p1/_history/3', 0);
    expect(wrong).toMatchObject({ ok: false, reason: 'version-mismatch', candidates: [1] });
    // A target without meta.versionId cannot contradict the version asked for.
    expect(via(resolveReference(index, 'Condition/c1/_history/9', 3))).toEqual([
      2,
      'base-relative',
      false,
    ]);
  });

  it('says why a reference does not resolve', () => {
    expect(resolveReference(index, 'urn:uuid:9999', 0)).toEqual({
      ok: false,
      reason: 'not-found',
      reference: 'urn:uuid:9999',
      candidates: [],
      message: 'No entry has the fullUrl urn:uuid:9999.',
    });
    expect(via(resolveReference(index, 'Encounter/e1', 2))).toBe('not-found');
    expect(resolveReference(index, 'Device/d1', 0)).toMatchObject({
      ok: false,
      reason: 'ambiguous',
      candidates: [5, 6],
    });
    expect(via(resolveReference(index, 'not a reference', 0))).toBe('malformed');
    expect(via(resolveReference(index, { display: 'Dr. X' }, 0))).toBe('no-literal-reference');
    expect(via(resolveReference(index, { reference: '  ' }, 0))).toBe('no-literal-reference');
  });
});

describe('collectReferences', () => {
  it('finds references in elements, extensions and contained resources, with paths', () => {
    const med: Medication = {
      resourceType: 'Medication',
      id: 'med',
      manufacturer: { reference: 'Organization/o' },
    };
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: 'x',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      medicationReference: { reference: '#med' },
      extension: [{ url: 'http://example.org/x', valueReference: { reference: 'urn:uuid:1111' } }],
      contained: [med],
      performer: { display: 'no literal reference' },
    };
    const found = collectReferences(request);
    expect(found.map((f) => [f.path, f.reference.reference])).toEqual([
      ['MedicationRequest.subject', 'Patient/p1'],
      ['MedicationRequest.medicationReference', '#med'],
      ['MedicationRequest.extension[0].valueReference', 'urn:uuid:1111'],
      ['MedicationRequest.contained[0].manufacturer', 'Organization/o'],
    ]);
  });
});

describe('references in the fixtures', () => {
  it('Bundle-01 refers to every entry by urn:uuid, and all 40 references resolve exactly', () => {
    const doc = parseOk(bundle01);
    expect(doc.references).toHaveLength(40);
    expect(
      doc.references.every((r) => r.resolution.ok && r.resolution.target.via === 'fullUrl'),
    ).toBe(true);
  });

  it('no-info uses relative references under a RESTful base: all resolve by the spec', () => {
    const doc = parseOk(noInfo);
    expect(doc.subject).toMatchObject({
      ok: true,
      target: { entryIndex: 1, via: 'base-relative', lenient: false },
    });
    expect(
      doc.references.every((r) => r.resolution.ok && r.resolution.target.via === 'base-relative'),
    ).toBe(true);
  });

  it('CA PuraJuniper: relative references to other bases resolve leniently; Encounters are absent', () => {
    const doc = parseOk(caPura);
    expect(doc.subject).toMatchObject({
      ok: true,
      target: { entryIndex: 1, via: 'type-id', lenient: true },
    });
    const failed = doc.references.filter((r) => !r.resolution.ok);
    const targets = new Set(failed.map((r) => r.reference.reference?.split('/')[0]));
    expect(targets).toEqual(new Set(['Encounter', 'Practitioner']));
    expect(failed.every((r) => !r.resolution.ok && r.resolution.reason === 'not-found')).toBe(true);
    const sectionEntries = doc.sections.flatMap((s) => s.entries);
    expect(sectionEntries).toHaveLength(102);
    expect(sectionEntries.every((e) => e.resolution.ok && e.resolution.target.lenient)).toBe(true);
  });
});
