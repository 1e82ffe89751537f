import {
  ALLERGY,
  C1,
  checksOf,
  checksOfKind,
  COMPOSITION_URL,
  conditionEntry,
  MED,
  minimalIps,
  patientEntry,
  PATIENT_URL,
  requiredSections,
  section,
  type TestEntry,
} from './test-bundle';

describe('reference checks', () => {
  it('reference-unresolved, grouped per target', () => {
    const a = conditionEntry(2, { encounter: { reference: 'Encounter/e1' } });
    const b = conditionEntry(3, { encounter: { reference: 'Encounter/e1' } });
    const json = minimalIps({
      sections: requiredSections([section('11348-0', [a.fullUrl ?? '', b.fullUrl ?? ''])]),
      extraEntries: [a, b],
    });
    const checks = checksOfKind(json, 'reference-unresolved');
    expect(checks).toMatchObject([
      {
        id: 'reference-unresolved:Encounter/e1',
        values: { reference: 'Encounter/e1', count: 2, reason: 'not-found' },
        pointers: [
          { entryIndex: 5, path: 'Condition.encounter' },
          { entryIndex: 6, path: 'Condition.encounter' },
        ],
      },
    ]);
    expect(checks[0]?.text).toBe(
      '2 references to Encounter/e1 cannot be followed: no entry matches.',
    );
  });

  it('reference-lenient', () => {
    const json = minimalIps({
      sections: [
        section('11450-4', ['Condition/c1']),
        section('10160-0', [MED]),
        section('48765-2', [ALLERGY]),
      ],
    });
    expect(checksOfKind(json, 'reference-lenient')).toMatchObject([
      {
        values: { count: 1 },
        pointers: [{ entryIndex: 0, path: 'Composition.section[0].entry[0]' }],
      },
    ]);
  });

  it('unreferenced-entry, following chains of references', () => {
    const medication: TestEntry = {
      fullUrl: 'urn:uuid:med',
      resource: { resourceType: 'Medication', id: 'med' },
    };
    const statement: TestEntry = {
      fullUrl: 'urn:uuid:ms2',
      resource: {
        resourceType: 'MedicationStatement',
        id: 'ms2',
        status: 'active',
        medicationReference: { reference: 'urn:uuid:med' },
        subject: { reference: PATIENT_URL },
      },
    };
    const stray = conditionEntry(7);
    const json = minimalIps({
      sections: [
        section('11450-4', [C1]),
        section('10160-0', [MED, 'urn:uuid:ms2']),
        section('48765-2', [ALLERGY]),
      ],
      extraEntries: [medication, statement, stray],
    });
    expect(checksOfKind(json, 'unreferenced-entry')).toMatchObject([
      { values: { resourceType: 'Condition', position: 8 }, pointers: [{ entryIndex: 7 }] },
    ]);
  });

  it('other-patient', () => {
    const other = patientEntry('urn:uuid:other-patient', 'p2');
    const foreign = conditionEntry(2, { subject: { reference: 'urn:uuid:other-patient' } });
    const json = minimalIps({
      sections: requiredSections([section('11348-0', [foreign.fullUrl ?? ''])]),
      extraEntries: [other, foreign],
    });
    const checks = checksOfKind(json, 'other-patient');
    expect(checks).toMatchObject([
      {
        severity: 'error',
        values: { resourceType: 'Condition', position: 7, reference: 'urn:uuid:other-patient' },
        pointers: [{ entryIndex: 6, path: 'Condition.subject' }, { entryIndex: 5 }],
      },
    ]);
    // Errors come first in the panel.
    expect(checksOf(json)[0]?.kind).toBe('other-patient');
  });

  it('narrative-link-broken', () => {
    const linked = conditionEntry(2, {
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/narrativeLink',
          valueUrl: `${COMPOSITION_URL}#row-9`,
        },
      ],
    });
    const json = minimalIps({
      sections: requiredSections([section('11348-0', [linked.fullUrl ?? ''])]),
      extraEntries: [linked],
    });
    expect(checksOfKind(json, 'narrative-link-broken')).toMatchObject([
      { values: { elementId: 'row-9', position: 6 } },
    ]);
  });
});
