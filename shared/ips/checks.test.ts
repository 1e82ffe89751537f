import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import minimal from '../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import noInfo from '../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import caPura from '../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import type { IpsCheckKind } from './checks';
import {
  C1,
  checkKinds,
  checksOf,
  checksOfKind,
  COMPOSITION_URL,
  composition,
  conditionEntry,
  documentBundle,
  loincConcept,
  minimalIps,
  patientEntry,
  PATIENT_URL,
  requiredSections,
  section,
  type TestEntry,
} from './test-bundle';

describe('document checks', () => {
  it('finds nothing in a small conformant IPS', () => {
    expect(checksOf(minimalIps())).toEqual([]);
  });

  it('not-ips-composition', () => {
    expect(checkKinds(minimalIps({ composition: { type: loincConcept('34133-9') } }))).toEqual([
      'not-ips-composition',
    ]);
  });

  it('composition-not-first', () => {
    const json = minimalIps() as { entry: unknown[] };
    json.entry.unshift(json.entry.splice(1, 1)[0]);
    const [check] = checksOfKind(json, 'composition-not-first');
    expect(check).toMatchObject({
      severity: 'warning',
      messageKey: 'ips:checks.composition-not-first',
      values: { position: 2 },
      text: 'The Composition is entry 2 instead of the first entry of the document.',
      pointers: [{ entryIndex: 1 }],
    });
  });

  it('extra-composition (bdl-ips-1)', () => {
    const extra: TestEntry = { fullUrl: 'urn:uuid:second', resource: composition([]) };
    const [check] = checksOfKind(minimalIps({ extraEntries: [extra] }), 'extra-composition');
    expect(check).toMatchObject({ values: { count: 2 }, pointers: [{ entryIndex: 5 }] });
  });

  it('entry-without-resource', () => {
    const json = minimalIps() as { entry: unknown[] };
    json.entry.push({ fullUrl: 'urn:uuid:nothing' });
    expect(checksOfKind(json, 'entry-without-resource')).toMatchObject([
      { values: { position: 6 }, pointers: [{ entryIndex: 5 }] },
    ]);
  });

  it('entry-missing-fullurl', () => {
    const noUrl: TestEntry = {
      resource: { resourceType: 'Condition', id: 'c9', subject: { reference: PATIENT_URL } },
    };
    const json = minimalIps({
      sections: requiredSections([section('11348-0', ['Condition/c9'])]),
      extraEntries: [noUrl],
    });
    const [check] = checksOfKind(json, 'entry-missing-fullurl');
    expect(check).toMatchObject({ values: { count: 1 }, pointers: [{ entryIndex: 5 }] });
    expect(check?.text).toBe(
      '1 entry has no fullUrl, so other entries cannot refer to them reliably.',
    );
  });

  it('duplicate-fullurl', () => {
    const twin = { ...conditionEntry(1), resource: { resourceType: 'Condition', id: 'twin' } };
    const [check] = checksOfKind(minimalIps({ extraEntries: [twin] }), 'duplicate-fullurl');
    expect(check).toMatchObject({
      values: { fullUrl: C1, count: 2 },
      pointers: [{ entryIndex: 2 }, { entryIndex: 5 }],
    });
  });

  it('document-metadata-missing', () => {
    const json = { ...minimalIps(), identifier: undefined, timestamp: undefined };
    expect(checksOfKind(json, 'document-metadata-missing').map((c) => [c.id, c.severity])).toEqual([
      ['document-metadata-missing:identifier', 'info'],
      ['document-metadata-missing:timestamp', 'info'],
    ]);
  });

  it('subject-unresolved and subject-not-patient', () => {
    const lost = checksOfKind(
      minimalIps({ composition: { subject: { reference: 'urn:uuid:gone' } } }),
      'subject-unresolved',
    );
    expect(lost).toMatchObject([
      { severity: 'error', values: { reference: 'urn:uuid:gone', reason: 'not-found' } },
    ]);
    expect(lost[0]?.text).toBe(
      'The patient of this summary (urn:uuid:gone) is not in the document: no entry matches.',
    );
    const notPatient = checksOfKind(
      minimalIps({ composition: { subject: { reference: C1 } } }),
      'subject-not-patient',
    );
    expect(notPatient).toMatchObject([{ values: { resourceType: 'Condition' } }]);
  });

  it('gives every check a distinct id', () => {
    const json = documentBundle([
      { fullUrl: COMPOSITION_URL, resource: composition([{ title: 'a' }, { title: 'b' }]) },
      patientEntry(),
    ]);
    const ids = checksOf(json).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('runIpsChecks on the fixtures', () => {
  it('finds nothing in the HL7 examples', () => {
    expect(checksOf(bundle01)).toEqual([]);
    expect(checksOf(minimal)).toEqual([]);
    expect(checksOf(noInfo)).toEqual([]);
  });

  it('CA PuraJuniper: no coded sections, so the required ones count as missing', () => {
    const counts = new Map<IpsCheckKind, number>();
    for (const c of checksOf(caPura)) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      'required-section-missing': 3,
      'section-without-code': 7,
      'section-without-narrative': 7,
      // 18 distinct Encounters and 2 Practitioners that the document does not carry.
      'reference-unresolved': 20,
      'reference-lenient': 1,
    });
    expect(checksOfKind(caPura, 'reference-lenient')[0]?.values.count).toBe(205);
  });

  it('NL core: the four past-illness rows the narrative links to do not exist', () => {
    expect(checkKinds(nlCore)).toEqual(Array<IpsCheckKind>(4).fill('narrative-link-broken'));
    expect(
      checksOfKind(nlCore, 'narrative-link-broken').map((c) => c.pointers[0]?.entryIndex),
    ).toEqual([54, 55, 56, 57]);
  });
});
