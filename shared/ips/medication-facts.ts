/**
 * What reconciliation compares about a medicine: its coded product, its active ingredients (with
 * strengths as sent) and its dose form. Built from MedicationStatement / MedicationRequest /
 * MedicationAdministration / MedicationDispense (following `medicationReference`, contained
 * included) or from a Medication. Brand names and free text are deliberately not used: two
 * products match by what is in them, never by what they are called.
 * @see https://hl7.org/fhir/R4/medication.html
 * @see https://www.whocc.no/atc_ddd_index/ (ATC level 5 = chemical substance)
 */
import type { CodeableConcept, Coding, FhirResource, Ratio, Reference } from 'fhir/r4';
import type { IpsDocument } from './model';
import { resolveReference } from './references';
import { flattenSections } from './sections';
import { readConcept, readRatio, readReference, valid } from './schemas';

export const ATC = 'http://www.whocc.no/atc';
/** A 7-character ATC code names one chemical substance (or a fixed combination). */
const ATC_SUBSTANCE = /^[A-Z]\d{2}[A-Z]{2}\d{2}$/;

export interface IngredientFacts {
  readonly concept: CodeableConcept | undefined;
  /** `itemReference.display` when the ingredient is a reference. */
  readonly display: string | undefined;
  /** `system|code` of every coding that identifies the substance. */
  readonly identities: readonly string[];
  readonly strength: Ratio | undefined;
}

export interface MedicationFacts {
  /** The resource the facts were read from, as given. */
  readonly resource: FhirResource;
  /** Its position in an IPS Bundle, when it came from one. */
  readonly entryIndex: number | undefined;
  /** The product as coded (Medication.code or medicationCodeableConcept), to display. */
  readonly concept: CodeableConcept | undefined;
  /** `medicationReference.display` when there is nothing better to show. */
  readonly display: string | undefined;
  /** `system|code` of the product codings, ATC excluded (ATC names substances, not products). */
  readonly productCodes: readonly string[];
  /** Active ingredients (isActive false is left out). */
  readonly ingredients: readonly IngredientFacts[];
  readonly form: CodeableConcept | undefined;
}

/** `system|code`, with a trailing slash of the system ignored. */
export function codingIdentity(coding: Coding): string | undefined {
  if (coding.code === undefined || coding.code === '') return undefined;
  return `${(coding.system ?? '').replace(/\/$/, '')}|${coding.code}`;
}

function identities(concept: CodeableConcept | undefined, keep: (c: Coding) => boolean): string[] {
  const out: string[] = [];
  for (const coding of concept?.coding ?? []) {
    const id = keep(coding) ? codingIdentity(coding) : undefined;
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

const isAtc = (c: Coding): boolean => c.system === ATC;

function ingredientsOf(medication: Record<string, unknown> | undefined): IngredientFacts[] {
  const list = medication?.ingredient;
  if (!Array.isArray(list)) return [];
  const out: IngredientFacts[] = [];
  for (const raw of list as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const ing = raw as Record<string, unknown>;
    if (ing.isActive === false) continue;
    const concept = valid(readConcept(ing.itemCodeableConcept));
    out.push({
      concept,
      display: valid(readReference(ing.itemReference))?.display,
      identities: identities(concept, () => true),
      strength: valid(readRatio(ing.strength)),
    });
  }
  return out;
}

/** Facts from a product concept and, when known, the Medication resource it came from. */
function factsFrom(
  resource: FhirResource,
  entryIndex: number | undefined,
  concept: CodeableConcept | undefined,
  medication: Record<string, unknown> | undefined,
  display: string | undefined,
): MedicationFacts {
  const ingredients = ingredientsOf(medication);
  const atc = (concept?.coding ?? []).filter(
    (c) => isAtc(c) && c.code !== undefined && ATC_SUBSTANCE.test(c.code),
  );
  const atcIds = atc.map(codingIdentity).filter((id): id is string => id !== undefined);
  if (atcIds.length > 0 && ingredients.length === 0) {
    // Level-5 ATC of a product with no ingredient list: the substance it contains.
    ingredients.push({
      concept: { coding: atc },
      display: undefined,
      identities: atcIds,
      strength: undefined,
    });
  } else if (atcIds.length > 0 && ingredients.length === 1 && ingredients[0]) {
    // A single-ingredient product's ATC code names that ingredient too.
    const only = ingredients[0];
    ingredients[0] = { ...only, identities: [...new Set([...only.identities, ...atcIds])] };
  }
  return {
    resource,
    entryIndex,
    concept,
    display,
    productCodes: identities(concept, (c) => !isAtc(c)),
    ingredients,
    form: valid(readConcept(medication?.form)),
  };
}

/**
 * The facts of one medicine. `resolve` follows `medicationReference` (return undefined when the
 * Medication is not available: the facts then hold only its display text and match nothing).
 */
export function describeMedication(
  resource: FhirResource,
  resolve?: (reference: Reference) => FhirResource | undefined,
  entryIndex?: number,
): MedicationFacts {
  const record = resource as unknown as Record<string, unknown>;
  if (resource.resourceType === 'Medication') {
    return factsFrom(resource, entryIndex, valid(readConcept(record.code)), record, undefined);
  }
  const coded = valid(readConcept(record.medicationCodeableConcept));
  if (coded) return factsFrom(resource, entryIndex, coded, undefined, undefined);
  const ref = valid(readReference(record.medicationReference));
  const target = ref ? resolve?.(ref) : undefined;
  if (target?.resourceType === 'Medication') {
    const med = target as unknown as Record<string, unknown>;
    return factsFrom(resource, entryIndex, valid(readConcept(med.code)), med, ref?.display);
  }
  return factsFrom(resource, entryIndex, undefined, undefined, ref?.display);
}

const MEDICATION_USE = new Set([
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
  'MedicationDispense',
]);

/**
 * The medicines of an IPS: the medication entries listed by its Medication Summary section(s)
 * (LOINC 10160-0). A document with no section coded 10160-0 (sections without codes exist in
 * the wild; the data checks flag them) gives the medication entries listed by any section.
 */
export function ipsMedicationFacts(doc: IpsDocument): MedicationFacts[] {
  const all = flattenSections(doc.sections);
  const coded = all.filter((s) => s.loinc === '10160-0');
  const out: MedicationFacts[] = [];
  const seen = new Set<number>();
  for (const s of coded.length > 0 ? coded : all) {
    for (const e of s.entries) {
      if (!e.resolution.ok || e.resolution.target.contained) continue;
      const { entryIndex, resource } = e.resolution.target;
      if (!MEDICATION_USE.has(resource.resourceType) || seen.has(entryIndex)) continue;
      seen.add(entryIndex);
      const resolve = (reference: Reference): FhirResource | undefined => {
        const r = resolveReference(doc.index, reference, entryIndex);
        return r.ok ? r.target.resource : undefined;
      };
      out.push(describeMedication(resource, resolve, entryIndex));
    }
  }
  return out;
}
