import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import minimal from '../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import noInfo from '../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import caPura from '../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import nlCore from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import type { IpsSection } from './model';
import {
  emptyReasonOf,
  flattenSections,
  IPS_SECTIONS,
  LIST_EMPTY_REASON,
  sectionAt,
  sectionDefinition,
} from './sections';
import { minimalIps, parseOk, section } from './test-bundle';

/** [title, LOINC, number of entries] per section, in document order. */
function outline(
  sections: readonly IpsSection[],
): [string | undefined, string | undefined, number][] {
  return sections.map((s) => [s.title, s.loinc, s.entries.length]);
}

function entryTypes(s: IpsSection | undefined): string[] {
  return (s?.entries ?? []).map((e) =>
    e.resolution.ok ? e.resolution.target.resource.resourceType : '?',
  );
}

describe('IPS section catalogue', () => {
  it('has the 16 IPS 2.0 sections with their requirement level', () => {
    const by = (r: string): string[] =>
      IPS_SECTIONS.filter((d) => d.requirement === r).map((d) => d.loinc);
    expect(by('required')).toEqual(['11450-4', '48765-2', '10160-0']);
    expect(by('recommended')).toEqual(['11369-6', '30954-2', '47519-4', '46264-8']);
    expect(by('optional').sort()).toEqual(
      [
        '42348-3',
        '104605-1',
        '47420-5',
        '11348-0',
        '10162-6',
        '81338-6',
        '18776-5',
        '29762-2',
        '8716-3',
      ].sort(),
    );
    expect(sectionDefinition('48765-2')).toMatchObject({
      key: 'allergies',
      titleKey: 'ips:section.allergies',
    });
    expect(sectionDefinition('99999-9')).toBeUndefined();
  });
});

describe('sections of the fixtures', () => {
  it('Bundle-01: six sections, results resolve to the three top-level Observations', () => {
    const doc = parseOk(bundle01);
    expect(outline(doc.sections)).toEqual([
      ['Active Problems', '11450-4', 1],
      ['Medication', '10160-0', 2],
      ['Allergies and Intolerances', '48765-2', 2],
      ['History of Past Illness', '11348-0', 1],
      ['Plan of Treatment', '18776-5', 0],
      ['Results', '30954-2', 3],
    ]);
    expect(doc.sections.map((s) => s.definition?.key)).toEqual([
      'problems',
      'medications',
      'allergies',
      'pastIllness',
      'planOfCare',
      'results',
    ]);
    const results = doc.sections[5];
    expect(
      results?.entries.map((e) => (e.resolution.ok ? e.resolution.target.entryIndex : -1)),
    ).toEqual([16, 17, 18]);
    expect(entryTypes(doc.sections[1])).toEqual(['MedicationStatement', 'MedicationStatement']);
    expect(doc.sections[4]?.narrative).toEqual({
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml">Continue hormone medication with Anastrozole for total of 5 years and monitor for potential breast cancer recurrence</div>',
    });
  });

  it('minimal: the three required sections with one entry each', () => {
    const doc = parseOk(minimal);
    expect(outline(doc.sections)).toEqual([
      ['Active Problems', '11450-4', 1],
      ['Medication', '10160-0', 1],
      ['Allergies and Intolerances', '48765-2', 1],
    ]);
    expect(doc.sections.flatMap(entryTypes)).toEqual([
      'Condition',
      'MedicationStatement',
      'AllergyIntolerance',
    ]);
  });

  it('no-info: three required sections empty for lack of information, immunizations listed', () => {
    const doc = parseOk(noInfo);
    expect(outline(doc.sections)).toEqual([
      ['Allergies and Intolerances', '48765-2', 0],
      ['Problem List', '11450-4', 0],
      ['Medication Summary', '10160-0', 0],
      ['Immunizations', '11369-6', 2],
    ]);
    for (const s of doc.sections.slice(0, 3)) {
      expect(s.emptyReason).toEqual({
        kind: 'no-information',
        code: 'unavailable',
        concept: {
          coding: [{ code: 'unavailable', system: LIST_EMPTY_REASON, display: 'Unavailable' }],
          text: 'No information available',
        },
      });
    }
    expect(doc.sections[3]?.emptyReason).toBeUndefined();
    expect(entryTypes(doc.sections[3])).toEqual(['Immunization', 'Immunization']);
  });

  it('CA PuraJuniper: seven sections without codes or narrative, 102 entries', () => {
    const doc = parseOk(caPura);
    expect(outline(doc.sections)).toEqual([
      ['Medication Summary', undefined, 3],
      ['Problem List', undefined, 1],
      ['History of Illnesses', undefined, 7],
      ['Results', undefined, 34],
      ['History of Procedures', undefined, 5],
      ['Vital Signs', undefined, 50],
      ['Plan of Care', undefined, 2],
    ]);
    expect(doc.sections.every((s) => s.code === undefined && s.narrative === undefined)).toBe(true);
    expect(doc.sections.every((s) => s.definition === undefined)).toBe(true);
    expect(entryTypes(doc.sections[0])).toEqual([
      'MedicationRequest',
      'MedicationRequest',
      'MedicationRequest',
    ]);
    expect(entryTypes(doc.sections[6])).toEqual(['CarePlan', 'CarePlan']);
  });

  it('NL core: nine coded sections', () => {
    const doc = parseOk(nlCore);
    expect(outline(doc.sections)).toEqual([
      ['Allergies and Intolerances', '48765-2', 1],
      ['Medication List', '10160-0', 4],
      ['Problem List', '11450-4', 12],
      ['History of Procedures', '47519-4', 2],
      ['Medical Devices', '46264-8', 8],
      ['Diagnostic Results', '30954-2', 5],
      ['Vital Signs', '8716-3', 8],
      ['History of Past Illness', '11348-0', 4],
      ['Advance Directives', '42348-3', 2],
    ]);
    expect(entryTypes(doc.sections[1])).toEqual([
      'MedicationStatement',
      'MedicationRequest',
      'MedicationRequest',
      'MedicationRequest',
    ]);
    expect(new Set(entryTypes(doc.sections[4]))).toEqual(new Set(['DeviceUseStatement']));
    expect(entryTypes(doc.sections[8])).toEqual(['Consent', 'Consent']);
  });
});

describe('section model', () => {
  it('keeps narrative exactly as sent — sanitizing is the renderer’s job', () => {
    const div =
      '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script><a href=" javascript:x">y</a></div>';
    const doc = parseOk(
      minimalIps({ sections: [section('11450-4', [], { text: { status: 'additional', div } })] }),
    );
    expect(doc.sections[0]?.narrative).toEqual({ status: 'additional', div });
  });

  it('lists nested sections in document order with their paths', () => {
    const nested = section('11450-4', [], {
      section: [section('11348-0', []), section(undefined, [], { title: 'Free text' })],
    });
    const doc = parseOk(minimalIps({ sections: [nested, section('48765-2', [])] }));
    expect(
      flattenSections(doc.sections).map((s) => [s.path.join('.'), s.loinc ?? s.title]),
    ).toEqual([
      ['0', '11450-4'],
      ['0.0', '11348-0'],
      ['0.1', 'Free text'],
      ['1', '48765-2'],
    ]);
    expect(sectionAt(doc.sections, [0, 1])?.title).toBe('Free text');
    expect(sectionAt(doc.sections, [0, 2])).toBeUndefined();
  });

  it('keeps the section title as sent and does not invent one', () => {
    const doc = parseOk(
      minimalIps({
        sections: [{ code: { coding: [{ system: 'http://loinc.org', code: '10160-0' }] } }],
      }),
    );
    expect(doc.sections[0]?.title).toBeUndefined();
    expect(doc.sections[0]?.definition?.defaultTitle).toBe('Medication Summary');
  });

  it('does not take a code without the LOINC system for a section code', () => {
    const doc = parseOk(
      minimalIps({ sections: [{ title: 'x', code: { coding: [{ code: '11450-4' }] } }] }),
    );
    expect(doc.sections[0]?.loinc).toBeUndefined();
  });
});

describe('emptyReasonOf', () => {
  const reason = (coding: object[], text?: string) =>
    emptyReasonOf({ coding, ...(text ? { text } : {}) });

  it('tells "none known" from "no information" and "withheld"', () => {
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'nilknown' }]).kind).toBe('none-known');
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'notasked' }]).kind).toBe('no-information');
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'unavailable' }]).kind).toBe(
      'no-information',
    );
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'notstarted' }]).kind).toBe('no-information');
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'closed' }]).kind).toBe('no-information');
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'withheld' }]).kind).toBe('withheld');
    expect(reason([{ code: 'nilknown' }]).kind).toBe('none-known');
  });

  it('does not guess: other systems, unknown codes and bare text are unrecognized', () => {
    expect(reason([{ system: 'http://example.org/reasons', code: 'nilknown' }]).kind).toBe(
      'unrecognized',
    );
    expect(reason([{ system: LIST_EMPTY_REASON, code: 'gone' }])).toMatchObject({
      kind: 'unrecognized',
      code: undefined,
    });
    expect(emptyReasonOf({ text: 'Patient did not know' })).toEqual({
      kind: 'unrecognized',
      code: undefined,
      concept: { text: 'Patient did not know' },
    });
  });
});
