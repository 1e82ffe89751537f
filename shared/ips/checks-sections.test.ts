import {
  ALLERGY,
  C1,
  checkKinds,
  checksOfKind,
  conditionEntry,
  MED,
  minimalIps,
  requiredSections,
  section,
} from './test-bundle';

describe('section checks', () => {
  it('required-section-missing', () => {
    const json = minimalIps({ sections: [section('11450-4', [C1]), section('10160-0', [MED])] });
    const checks = checksOfKind(json, 'required-section-missing');
    expect(checks.map((c) => [c.severity, c.values])).toEqual([
      [
        'error',
        {
          section: 'Allergies and Intolerances',
          sectionKey: 'ips:section.allergies',
          code: '48765-2',
        },
      ],
    ]);
    expect(checks[0]?.text).toBe(
      'The required section "Allergies and Intolerances" (LOINC 48765-2) is missing.',
    );
  });

  it('required-section-empty (ips-comp-1), not when an emptyReason says why', () => {
    const empty = minimalIps({
      sections: [section('11450-4', [C1]), section('10160-0', [MED]), section('48765-2', [])],
    });
    expect(checksOfKind(empty, 'required-section-empty')).toMatchObject([
      { values: { code: '48765-2' }, pointers: [{ sectionPath: [2] }] },
    ]);
    const explained = minimalIps({
      sections: [
        section('11450-4', [C1]),
        section('10160-0', [MED]),
        section('48765-2', [], { emptyReason: { coding: [{ code: 'nilknown' }] } }),
      ],
    });
    expect(checksOfKind(explained, 'required-section-empty')).toEqual([]);
  });

  it('empty-reason-with-entries (cmp-2)', () => {
    const json = minimalIps({
      sections: [
        section('11450-4', [C1], { emptyReason: { text: 'none' } }),
        section('10160-0', [MED]),
        section('48765-2', [ALLERGY]),
      ],
    });
    expect(checksOfKind(json, 'empty-reason-with-entries')).toMatchObject([
      { values: { count: 1 } },
    ]);
  });

  it('section-without-content (cmp-1), section-without-narrative, section-without-code', () => {
    const bare = { title: 'Notes' };
    const got = checkKinds(minimalIps({ sections: requiredSections([bare]) }));
    expect(got).toEqual([
      'section-without-content',
      'section-without-code',
      'section-without-narrative',
    ]);
  });

  it('section-unknown-code', () => {
    const other = section(undefined, [], {
      code: { coding: [{ system: 'http://snomed.info/sct', code: '1234' }] },
    });
    expect(
      checksOfKind(minimalIps({ sections: requiredSections([other]) }), 'section-unknown-code'),
    ).toMatchObject([{ values: { code: 'http://snomed.info/sct 1234' } }]);
  });

  it('duplicate-section and nested-section', () => {
    const json = minimalIps({
      sections: requiredSections([section('11348-0', [], { section: [section('11348-0', [])] })]),
    });
    expect(checksOfKind(json, 'duplicate-section')).toMatchObject([
      { values: { code: '11348-0', count: 2 } },
    ]);
    expect(checksOfKind(json, 'nested-section')).toMatchObject([
      { pointers: [{ sectionPath: [3, 0] }] },
    ]);
  });

  it('section-entry-unresolved', () => {
    const json = minimalIps({
      sections: requiredSections([section('11348-0', ['urn:uuid:missing'])]),
    });
    const [check] = checksOfKind(json, 'section-entry-unresolved');
    expect(check).toMatchObject({
      values: { reference: 'urn:uuid:missing', reason: 'not-found' },
      pointers: [{ entryIndex: 0, sectionPath: [3], path: 'entry[0]' }],
    });
    // The same unresolved reference is not reported twice.
    expect(checksOfKind(json, 'reference-unresolved')).toEqual([]);
  });

  it('section-entry-unexpected-type', () => {
    const json = minimalIps({
      sections: [
        section('11450-4', [C1]),
        section('10160-0', [MED, C1]),
        section('48765-2', [ALLERGY]),
      ],
    });
    expect(checksOfKind(json, 'section-entry-unexpected-type')).toMatchObject([
      {
        values: {
          resourceType: 'Condition',
          expected: expect.stringContaining('MedicationStatement') as unknown,
        },
      },
    ]);
  });

  it('section-entry-entered-in-error', () => {
    const wrong = conditionEntry(2, {
      verificationStatus: { coding: [{ code: 'entered-in-error' }] },
    });
    const json = minimalIps({
      sections: requiredSections([section('11348-0', [wrong.fullUrl ?? ''])]),
      extraEntries: [wrong],
    });
    expect(checksOfKind(json, 'section-entry-entered-in-error')).toMatchObject([
      { values: { resourceType: 'Condition' } },
    ]);
  });
});
