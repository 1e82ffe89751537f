/**
 * Pure selections over a loaded chart: what each section shows. Kept free of React so the rules
 * (what "active" means, "no known allergies" vs "no information") are unit-tested directly.
 */
import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  MedicationRequest,
  MedicationStatement,
} from 'fhir/r4';
import { formatCodeableConcept, hasCoding } from '../../../../shared/fhir/codings';
import { type ResourceIndex, resolveReference } from '../../../../shared/fhir/references';

const SNOMED = 'http://snomed.info/sct';

/** SNOMED CT "no known …" concepts used as AllergyIntolerance.code for a negated statement. */
export const NO_KNOWN_ALLERGY_CODES = [
  '716186003',
  '409137002',
  '428607008',
  '429625007',
  '428197003',
];

function code(concept: { coding?: { code?: string }[] } | undefined): string | undefined {
  return concept?.coding?.find((c) => c.code)?.code;
}

function enteredInError(r: { verificationStatus?: { coding?: { code?: string }[] } }): boolean {
  return code(r.verificationStatus) === 'entered-in-error';
}

/** Conditions whose clinical status is active, recurrence or relapse (not refuted/in error). */
export function activeConditions(conditions: readonly Condition[]): Condition[] {
  return conditions.filter((c) => {
    const clinical = code(c.clinicalStatus);
    const verification = code(c.verificationStatus);
    return (
      (clinical === 'active' || clinical === 'recurrence' || clinical === 'relapse') &&
      verification !== 'refuted' &&
      verification !== 'entered-in-error'
    );
  });
}

export type MedicationEntry = MedicationRequest | MedicationStatement;

/** Requests that are active or on hold, statements that are active or intended. */
export function activeMedications(meds: readonly MedicationEntry[]): MedicationEntry[] {
  return meds.filter((m) =>
    m.resourceType === 'MedicationRequest'
      ? m.status === 'active' || m.status === 'on-hold'
      : m.status === 'active' || m.status === 'intended',
  );
}

/**
 * The medication's name: `medicationCodeableConcept`, else the referenced Medication (contained
 * `#id` or loaded with the chart), else the reference's display, else the reference itself.
 */
export function medicationName(med: MedicationEntry, index: ResourceIndex | undefined): string {
  if (med.medicationCodeableConcept) return formatCodeableConcept(med.medicationCodeableConcept);
  const ref = med.medicationReference;
  if (!ref) return '';
  const target = resolveReference(ref, { container: med, ...(index ? { index } : {}) });
  if (target?.resourceType === 'Medication') {
    const name = formatCodeableConcept(target.code);
    if (name) return name;
  }
  return ref.display ?? ref.reference ?? '';
}

/** True for a negated statement: a "no known allergy" code, or a refuted verification. */
export function isNoKnownAllergy(a: AllergyIntolerance): boolean {
  return (
    NO_KNOWN_ALLERGY_CODES.some(
      (c) => hasCoding(a.code, SNOMED, c) || hasCoding(a.code, undefined, c),
    ) || code(a.verificationStatus) === 'refuted'
  );
}

export type AllergyState =
  /** No AllergyIntolerance at all: nobody recorded anything. */
  | { kind: 'no-information' }
  /** Only negated statements: the patient was asked and has none. */
  | { kind: 'no-known'; statements: AllergyIntolerance[] }
  | { kind: 'allergies'; items: AllergyIntolerance[]; negated: AllergyIntolerance[] };

/** Classifies the allergy list so "no known allergies" never looks like "nothing recorded". */
export function allergyState(all: readonly AllergyIntolerance[]): AllergyState {
  const valid = all.filter((a) => !enteredInError(a));
  if (valid.length === 0) return { kind: 'no-information' };
  const negated = valid.filter(isNoKnownAllergy);
  const items = valid.filter((a) => !isNoKnownAllergy(a));
  if (items.length === 0) return { kind: 'no-known', statements: negated };
  const rank = (a: AllergyIntolerance): number =>
    a.criticality === 'high' ? 0 : a.criticality === 'low' ? 2 : 1;
  return { kind: 'allergies', items: [...items].sort((a, b) => rank(a) - rank(b)), negated };
}

/** Resource types that are billing noise for a clinician, left out of the chart. */
export const NOISE_TYPES = new Set(['Claim', 'ExplanationOfBenefit', 'Coverage']);

/** Groups resources by type, without the noise. */
export function groupByType(resources: readonly FhirResource[]): Map<string, FhirResource[]> {
  const map = new Map<string, FhirResource[]>();
  for (const r of resources) {
    if (NOISE_TYPES.has(r.resourceType)) continue;
    const list = map.get(r.resourceType);
    if (list) list.push(r);
    else map.set(r.resourceType, [r]);
  }
  return map;
}
