/**
 * Test support only (imported by the *.test.ts files of this folder): small hand-built IPS
 * documents, so each test states exactly the quirk it is about.
 */
import { runIpsChecks, type IpsCheck, type IpsCheckKind } from './checks';
import type { IpsDocument } from './model';
import { parseIpsDocument } from './parse';

export type Json = Record<string, unknown>;

export interface TestEntry {
  fullUrl?: string;
  resource?: Json;
}

export const PATIENT_URL = 'urn:uuid:00000000-0000-4000-8000-000000000001';
export const COMPOSITION_URL = 'urn:uuid:00000000-0000-4000-8000-000000000000';

export function loincConcept(code: string): Json {
  return { coding: [{ system: 'http://loinc.org', code }] };
}

export function section(code: string | undefined, entries: string[], extra: Json = {}): Json {
  return {
    title: `Section ${code ?? 'without code'}`,
    ...(code === undefined ? {} : { code: loincConcept(code) }),
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
    ...(entries.length > 0 ? { entry: entries.map((reference) => ({ reference })) } : {}),
    ...extra,
  };
}

export function composition(sections: Json[], extra: Json = {}): Json {
  return {
    resourceType: 'Composition',
    id: 'comp',
    status: 'final',
    type: loincConcept('60591-5'),
    subject: { reference: PATIENT_URL },
    date: '2024-01-01',
    title: 'Patient Summary',
    section: sections,
    ...extra,
  };
}

export function patientEntry(url = PATIENT_URL, id = 'p1'): TestEntry {
  return { fullUrl: url, resource: { resourceType: 'Patient', id } };
}

export function conditionEntry(n: number, extra: Json = {}): TestEntry {
  return {
    fullUrl: `urn:uuid:00000000-0000-4000-8000-1000000000${String(n).padStart(2, '0')}`,
    resource: {
      resourceType: 'Condition',
      id: `c${n}`,
      code: { text: `Condition ${n}` },
      subject: { reference: PATIENT_URL },
      ...extra,
    },
  };
}

export function documentBundle(entries: TestEntry[], extra: Json = {}): Json {
  return {
    resourceType: 'Bundle',
    id: 'doc',
    identifier: {
      system: 'urn:ietf:rfc:3986',
      value: 'urn:uuid:00000000-0000-4000-8000-00000000ffff',
    },
    type: 'document',
    timestamp: '2024-01-01T10:00:00Z',
    entry: entries,
    ...extra,
  };
}

/**
 * A small conformant IPS: Patient, one Condition, one MedicationStatement, one AllergyIntolerance,
 * and the three required sections listing them. `sections` replaces the section list.
 */
export function minimalIps(
  options: { sections?: Json[]; extraEntries?: TestEntry[]; composition?: Json } = {},
): Json {
  const condition = conditionEntry(1);
  const med: TestEntry = {
    fullUrl: 'urn:uuid:00000000-0000-4000-8000-200000000001',
    resource: {
      resourceType: 'MedicationStatement',
      id: 'm1',
      status: 'active',
      medicationCodeableConcept: { text: 'Medicine' },
      subject: { reference: PATIENT_URL },
    },
  };
  const allergy: TestEntry = {
    fullUrl: 'urn:uuid:00000000-0000-4000-8000-300000000001',
    resource: {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      code: { text: 'Penicillin' },
      patient: { reference: PATIENT_URL },
    },
  };
  const sections = options.sections ?? [
    section('11450-4', [condition.fullUrl ?? '']),
    section('10160-0', [med.fullUrl ?? '']),
    section('48765-2', [allergy.fullUrl ?? '']),
  ];
  return documentBundle([
    { fullUrl: COMPOSITION_URL, resource: composition(sections, options.composition) },
    patientEntry(),
    condition,
    med,
    allergy,
    ...(options.extraEntries ?? []),
  ]);
}

/** Parses and fails the test with the parser's message when the document is rejected. */
export function parseOk(json: unknown): IpsDocument {
  const result = parseIpsDocument(json);
  if (!result.ok)
    throw new Error(`expected a document, got ${result.error.code}: ${result.error.message}`);
  return result.doc;
}

/** fullUrls of the Condition, MedicationStatement and AllergyIntolerance of {@link minimalIps}. */
export const C1 = 'urn:uuid:00000000-0000-4000-8000-100000000001';
export const MED = 'urn:uuid:00000000-0000-4000-8000-200000000001';
export const ALLERGY = 'urn:uuid:00000000-0000-4000-8000-300000000001';

/** The three required sections of {@link minimalIps}, then `extra`. */
export function requiredSections(extra: Json[] = []): Json[] {
  return [
    section('11450-4', [C1]),
    section('10160-0', [MED]),
    section('48765-2', [ALLERGY]),
    ...extra,
  ];
}

export function checksOf(json: unknown): IpsCheck[] {
  return runIpsChecks(parseOk(json));
}

export function checkKinds(json: unknown): IpsCheckKind[] {
  return checksOf(json).map((c) => c.kind);
}

export function checksOfKind(json: unknown, kind: IpsCheckKind): IpsCheck[] {
  return checksOf(json).filter((c) => c.kind === kind);
}
