/**
 * Test support only: a large, conformant IPS document built in the test (the bad-input
 * case "a 2 MB document with 400 entries"). Four sections of `perSection` entries each —
 * problems, medications, allergies, results — every entry with a narrative row `<tr id>` and a
 * `narrativeLink` to it, padded with a note so the JSON text reaches `targetChars`.
 */
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  loincConcept,
  PATIENT_URL,
  patientEntry,
  type Json,
  type TestEntry,
} from './test-bundle';

export interface LargeIpsOptions {
  /** Entries per section (4 sections). Default 100 → 400 entries. */
  readonly perSection?: number;
  /** Approximate length of the JSON text. Default 2 MiB. */
  readonly targetChars?: number;
}

export const LARGE_SECTIONS = [
  { loinc: '11450-4', type: 'Condition', title: 'Problems' },
  { loinc: '10160-0', type: 'MedicationStatement', title: 'Medication' },
  { loinc: '48765-2', type: 'AllergyIntolerance', title: 'Allergies' },
  { loinc: '30954-2', type: 'Observation', title: 'Results' },
] as const;

const uuid = (section: number, n: number): string =>
  `urn:uuid:00000000-0000-4000-a${String(section)}00-${String(n).padStart(12, '0')}`;

/** Display of entry `n` of section `s`: unique, so a test can look any one of them up. */
export function largeEntryName(s: number, n: number): string {
  return `${LARGE_SECTIONS[s]?.title ?? 'Entry'} item ${String(n + 1)}`;
}

function resource(s: number, n: number, note: string): Json {
  const type = LARGE_SECTIONS[s]?.type ?? 'Condition';
  const id = `e${String(s)}-${String(n)}`;
  const concept = { text: largeEntryName(s, n) };
  const link = {
    url: 'http://hl7.org/fhir/StructureDefinition/narrativeLink',
    valueUrl: `${COMPOSITION_URL}#row-${String(s)}-${String(n)}`,
  };
  const common = { resourceType: type, id, extension: [link], note: [{ text: note }] };
  switch (type) {
    case 'MedicationStatement':
      return {
        ...common,
        status: 'active',
        medicationCodeableConcept: concept,
        subject: { reference: PATIENT_URL },
      };
    case 'AllergyIntolerance':
      return { ...common, code: concept, patient: { reference: PATIENT_URL } };
    case 'Observation':
      return {
        ...common,
        status: 'final',
        code: concept,
        subject: { reference: PATIENT_URL },
        effectiveDateTime: '2024-01-01',
        valueQuantity: {
          value: n,
          unit: 'mg/dL',
          system: 'http://unitsofmeasure.org',
          code: 'mg/dL',
        },
      };
    default:
      return { ...common, code: concept, subject: { reference: PATIENT_URL } };
  }
}

/** Builds the document; its JSON text length is within a few percent of `targetChars`. */
export function largeIps(options: LargeIpsOptions = {}): Json {
  const perSection = options.perSection ?? 100;
  const targetChars = options.targetChars ?? 2 * 1024 * 1024;
  const total = perSection * LARGE_SECTIONS.length;
  // ~700 characters of structure per entry besides the note.
  const noteLength = Math.max(0, Math.floor(targetChars / total) - 700);
  const note = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '
    .repeat(Math.ceil(noteLength / 57))
    .slice(0, noteLength);
  const entries: TestEntry[] = [];
  const sections = LARGE_SECTIONS.map((def, s) => {
    const refs: string[] = [];
    const rows: string[] = [];
    for (let n = 0; n < perSection; n += 1) {
      const fullUrl = uuid(s, n);
      refs.push(fullUrl);
      rows.push(`<tr id="row-${String(s)}-${String(n)}"><td>${largeEntryName(s, n)}</td></tr>`);
      entries.push({ fullUrl, resource: resource(s, n, note) });
    }
    return {
      title: def.title,
      code: loincConcept(def.loinc),
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><table><tbody>${rows.join('')}</tbody></table></div>`,
      },
      entry: refs.map((reference) => ({ reference })),
    };
  });
  return documentBundle([
    { fullUrl: COMPOSITION_URL, resource: composition(sections) },
    patientEntry(),
    ...entries,
  ]);
}
