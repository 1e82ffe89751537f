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
import { withoutEnteredInError } from '../../../../shared/fhir/status';

const SNOMED = 'http://snomed.info/sct';

/**
 * SNOMED CT "no known …" situations used as AllergyIntolerance.code for a negated statement.
 * Only these make a record a "no known allergy" statement; a *refuted* allergy is not one (it
 * says one substance is not an allergen, nothing about others).
 * @see https://hl7.org/fhir/R4/allergyintolerance.html#9.1.3.2
 */
export const NO_KNOWN_ALLERGY_CODES = [
  /** No known allergy: the blanket statement. */
  '716186003',
  /** No known drug allergy. */
  '409137002',
  /** No known environmental allergy. */
  '428607008',
  /** No known food allergy. */
  '429625007',
  /** No known insect allergy. */
  '428197003',
] as const;

/** The blanket "no known allergy" code; the others cover one category only. */
export const NO_KNOWN_ALLERGY_BLANKET = '716186003';

function code(concept: { coding?: { code?: string }[] } | undefined): string | undefined {
  return concept?.coding?.find((c) => c.code)?.code;
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

/**
 * Requests that are active or on hold, statements that are active or intended (never
 * entered-in-error, which has its own status value).
 */
export function activeMedications(meds: readonly MedicationEntry[]): MedicationEntry[] {
  return meds.filter((m) =>
    m.resourceType === 'MedicationRequest'
      ? m.status === 'active' || m.status === 'on-hold'
      : m.status === 'active' || m.status === 'intended',
  );
}

/**
 * The medication's name: `medicationCodeableConcept`, else the referenced Medication (contained
 * `#id` or loaded with the chart; an absolute reference only when under `serverBase`), else the
 * reference's display, else the reference itself.
 */
export function medicationName(
  med: MedicationEntry,
  index: ResourceIndex | undefined,
  serverBase?: string,
): string {
  if (med.medicationCodeableConcept) return formatCodeableConcept(med.medicationCodeableConcept);
  const ref = med.medicationReference;
  if (!ref) return '';
  const target = resolveReference(ref, { container: med, serverBase, ...(index ? { index } : {}) });
  if (target?.resourceType === 'Medication') {
    const name = formatCodeableConcept(target.code);
    if (name) return name;
  }
  return ref.display ?? ref.reference ?? '';
}

/** The "no known …" code of a negated statement, or undefined for any other record. */
export function noKnownAllergyCode(a: AllergyIntolerance): string | undefined {
  return NO_KNOWN_ALLERGY_CODES.find(
    (c) => hasCoding(a.code, SNOMED, c) || hasCoding(a.code, undefined, c),
  );
}

/** True for a "no known …" statement (by code only; verification status does not count). */
export function isNoKnownAllergy(a: AllergyIntolerance): boolean {
  return noKnownAllergyCode(a) !== undefined;
}

/** True when the record's verification status is `refuted`. */
export function isRefuted(a: AllergyIntolerance | Condition): boolean {
  return code(a.verificationStatus) === 'refuted';
}

export interface AllergyState {
  /**
   * - `no-information`: no valid allergy record at all; nobody recorded anything.
   * - `only-refuted`: only refuted records; other allergies are still unknown.
   * - `no-known`: "no known …" statements (and maybe refuted records), no allergy.
   * - `allergies`: at least one allergy that is not refuted.
   */
  kind: 'no-information' | 'only-refuted' | 'no-known' | 'allergies';
  /** Allergies that are not refuted, high criticality first. */
  items: AllergyIntolerance[];
  /** "No known …" statements that are not refuted. */
  statements: AllergyIntolerance[];
  /** Refuted records (shown as "Refuted: …", never as an allergy or as "no known"). */
  refuted: AllergyIntolerance[];
  /** True when a statement is the blanket "no known allergy" (not only drugs, food, …). */
  blanket: boolean;
}

/**
 * Classifies the allergy list so "no known allergies" never looks like "nothing recorded", and a
 * refuted allergy never looks like either. Entered-in-error records are left out entirely.
 */
export function allergyState(all: readonly AllergyIntolerance[]): AllergyState {
  const valid = withoutEnteredInError(all);
  const refuted = valid.filter(isRefuted);
  const current = valid.filter((a) => !isRefuted(a));
  const statements = current.filter(isNoKnownAllergy);
  const rank = (a: AllergyIntolerance): number =>
    a.criticality === 'high' ? 0 : a.criticality === 'low' ? 2 : 1;
  const items = current.filter((a) => !isNoKnownAllergy(a)).sort((a, b) => rank(a) - rank(b));
  const kind: AllergyState['kind'] =
    items.length > 0
      ? 'allergies'
      : statements.length > 0
        ? 'no-known'
        : refuted.length > 0
          ? 'only-refuted'
          : 'no-information';
  const blanket = statements.some((s) => noKnownAllergyCode(s) === NO_KNOWN_ALLERGY_BLANKET);
  return { kind, items, statements, refuted, blanket };
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
