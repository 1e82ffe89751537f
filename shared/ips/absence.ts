/**
 * IPS "absent or unknown" entries: an AllergyIntolerance coded "No known allergy", a
 * MedicationStatement coded "no-medication-info"… They are statements, not findings, and the two
 * kinds differ clinically exactly like a section's emptyReason: "none known" (someone checked)
 * versus "no information" (nobody knows).
 * @see https://build.fhir.org/ig/HL7/fhir-ips/CodeSystem-absent-unknown-uv-ips.html
 * @see https://build.fhir.org/ig/HL7/fhir-ips/ValueSet-absent-or-unknown-snomed-uv-ips.html
 */
import type { CodeableConcept } from 'fhir/r4';

export type Absence = 'none-known' | 'no-information';

export const IPS_ABSENT_UNKNOWN = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
const SNOMED = 'http://snomed.info/sct';

/** The SNOMED CT "no known …" situations of the IPS value set. */
const SNOMED_NONE_KNOWN = new Set([
  '716186003', // No known allergy
  '409137002', // No known drug allergy
  '428607008', // No known environmental allergy
  '429625007', // No known food allergy
  '787483001', // No known device use
  '787482006', // No known immunizations
  '787481004', // No known medications
  '160245001', // No current problems or disability
  '787480003', // No known procedures
]);

/**
 * Whether a concept states an absence: IPS absent-unknown codes `no-known-*` / `no-*-info`, or
 * the SNOMED CT "no known" situations above. Undefined for anything else (a real finding).
 */
export function absenceOf(concept: CodeableConcept | undefined): Absence | undefined {
  for (const coding of concept?.coding ?? []) {
    const code = coding.code;
    if (code === undefined) continue;
    if (coding.system === IPS_ABSENT_UNKNOWN) {
      if (code.startsWith('no-known-')) return 'none-known';
      if (code.startsWith('no-') && code.endsWith('-info')) return 'no-information';
    }
    if (coding.system === SNOMED && SNOMED_NONE_KNOWN.has(code)) return 'none-known';
  }
  return undefined;
}
