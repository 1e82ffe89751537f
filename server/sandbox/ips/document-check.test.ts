import { describe, expect, it } from 'vitest';
import minimal from '../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import noInfo from '../../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import { documentProblems } from './document-check';

type Doc = Record<string, unknown> & {
  entry: { fullUrl: string; resource: Record<string, unknown> }[];
};
const copy = (): Doc => structuredClone(minimal);

describe('documentProblems (the checker the IPS tests rely on)', () => {
  it('accepts the official HL7 minimal IPS example', () => {
    expect(documentProblems(minimal)).toEqual([]);
  });

  it('flags RESTful fullUrls with relative references, which our documents never use', () => {
    const problems = documentProblems(noInfo);
    expect(problems).toContain(
      'entry 1: fullUrl https://terminz.azurewebsites.net/fhir/Patient/AAA1234 is not a urn:uuid',
    );
    expect(problems).toContain('unresolved reference Patient/AAA1234');
  });

  it('reports a dangling reference, a non-uuid fullUrl and a duplicate', () => {
    const doc = copy();
    const [, patient, practitioner] = doc.entry;
    if (!patient || !practitioner) throw new Error('fixture changed');
    patient.fullUrl = 'Patient/1';
    practitioner.fullUrl = doc.entry[3]?.fullUrl ?? '';
    expect(documentProblems(doc)).toEqual(
      expect.arrayContaining([
        'entry 1: fullUrl Patient/1 is not a urn:uuid',
        `entry 3: duplicate fullUrl ${practitioner.fullUrl}`,
        'unresolved reference urn:uuid:7685713c-e29e-4a75-8a90-45be7ba3be94',
        'Composition.subject is not a Patient in the bundle',
      ]),
    );
  });

  it('reports a missing required section and a section with neither entries nor emptyReason', () => {
    const doc = copy();
    const composition = doc.entry[0]?.resource as { section: Record<string, unknown>[] };
    const [problems, medications] = composition.section;
    composition.section = [problems ?? {}, { ...medications, entry: [] }];
    expect(documentProblems(doc)).toEqual([
      'missing required section 48765-2',
      'section 10160-0: needs entries or an emptyReason (exactly one)',
    ]);
  });

  it('requires the Composition first', () => {
    const doc = copy();
    doc.entry.reverse();
    expect(documentProblems(doc)).toContain('first entry is not a Composition');
  });
});
