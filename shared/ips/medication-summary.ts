/**
 * Summaries of medication entries: MedicationStatement / MedicationRequest (and the
 * Administration / Dispense types IPS allows) with the Medication they name, and Medication
 * itself. Doses and strengths are kept as sent — a strength of "15 mg / 0.6 mL" stays exactly
 * that.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-MedicationStatement-uv-ips.html
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Medication-uv-ips.html
 * @see https://hl7.org/fhir/R4/dosage.html
 */
import type { CodeableConcept } from 'fhir/r4';
import type { DosageSummary, ResolveFromEntry } from './entry-summary-types';
import { readTime, readValue, type FhirValue } from './fhir-values';
import { readConcept, readRatio, readReference, readString } from './schemas';
import type { EntrySummaryBuilder } from './summary-builder';

type Json = Record<string, unknown>;

function readDosage(b: EntrySummaryBuilder, dosage: Json): DosageSummary {
  const route = readConcept(dosage.route);
  if (route.state === 'invalid') b.invalid('route');
  const doses: FhirValue[] = [];
  if (Array.isArray(dosage.doseAndRate)) {
    dosage.doseAndRate.forEach((dr: unknown, i) => {
      if (typeof dr !== 'object' || dr === null) return;
      for (const prefix of ['dose', 'rate']) {
        const read = readValue(dr as Json, prefix);
        if (read.state === 'ok') doses.push(read.value);
        else if (read.state === 'invalid') b.invalid(`doseAndRate[${i}].${read.element}`);
      }
    });
  } else if (dosage.doseAndRate !== undefined) b.invalid('doseAndRate');
  // MedicationAdministration.dosage carries `dose` and `rate[x]` directly.
  if (dosage.dose !== undefined) {
    const read = readValue({ doseQuantity: dosage.dose }, 'dose');
    if (read.state === 'ok') doses.push(read.value);
    else b.invalid('dose');
  }
  const rate = readValue(dosage, 'rate');
  if (rate.state === 'ok') doses.push(rate.value);
  else if (rate.state === 'invalid') b.invalid(rate.element);
  const timing =
    dosage.timing === undefined ? undefined : readTime({ timingTiming: dosage.timing }, 'timing');
  if (timing?.state === 'invalid') b.invalid('timing');
  let asNeeded: boolean | CodeableConcept | undefined;
  if (typeof dosage.asNeededBoolean === 'boolean') asNeeded = dosage.asNeededBoolean;
  else if (dosage.asNeededCodeableConcept !== undefined) {
    const read = readConcept(dosage.asNeededCodeableConcept);
    if (read.state === 'ok') asNeeded = read.value;
    else b.invalid('asNeededCodeableConcept');
  }
  const text = readString(dosage.text);
  if (dosage.text !== undefined && text === undefined) b.invalid('text');
  return {
    text,
    route: route.state === 'ok' ? route.value : undefined,
    doses,
    timing: timing?.state === 'ok' ? timing.value : undefined,
    asNeeded,
  };
}

/** Medication.code, form and ingredients (with strengths as sent). */
export function readMedicationInto(
  b: EntrySummaryBuilder,
  medication: Json,
  setMain: boolean,
): void {
  const code = readConcept(medication.code);
  if (code.state === 'invalid') b.invalid('medication.code');
  if (setMain && code.state === 'ok') b.setMain(code.value);
  b.concept('form', 'form', medication);
  const ingredients = medication.ingredient;
  if (ingredients === undefined) return;
  if (!Array.isArray(ingredients)) {
    b.invalid('medication.ingredient');
    return;
  }
  ingredients.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) {
      b.invalid(`medication.ingredient[${i}]`);
      return;
    }
    const ing = raw as Json;
    const item = readConcept(ing.itemCodeableConcept);
    const ref = readReference(ing.itemReference);
    const strength = readRatio(ing.strength);
    if (item.state === 'invalid' || ref.state === 'invalid' || strength.state === 'invalid') {
      b.invalid(`medication.ingredient[${i}]`);
    }
    b.addIngredient({
      item: item.state === 'ok' ? item.value : undefined,
      itemDisplay: ref.state === 'ok' ? ref.value.display : undefined,
      isActive: typeof ing.isActive === 'boolean' ? ing.isActive : undefined,
      strength: strength.state === 'ok' ? { type: 'Ratio', ratio: strength.value } : undefined,
    });
  });
}

export function summarizeMedication(b: EntrySummaryBuilder): void {
  readMedicationInto(b, b.record, true);
  b.code('status', 'status');
}

export function summarizeMedicationUse(
  b: EntrySummaryBuilder,
  resolve: ResolveFromEntry | undefined,
): void {
  const r = b.record;
  if (r.medicationCodeableConcept !== undefined) {
    b.main('medicationCodeableConcept');
  } else if (r.medicationReference !== undefined) {
    const ref = readReference(r.medicationReference);
    if (ref.state !== 'ok') b.invalid('medicationReference');
    else {
      const medication = resolve?.(ref.value);
      if (medication?.resourceType === 'Medication')
        readMedicationInto(b, medication as unknown as Json, true);
      b.display(ref.value.display);
    }
  }
  b.code('status', 'status');
  b.code('intent', 'intent');
  b.concepts('statusReason', 'statusReason');
  // MedicationRequest.category is a list, MedicationStatement.category a single concept.
  if (Array.isArray(r.category)) b.concepts('category', 'category');
  else b.concept('category', 'category');
  b.time('effective', 'effective');
  b.date('dateAsserted', 'dateAsserted');
  b.date('authoredOn', 'authoredOn');
  b.concepts('reason', 'reasonCode');
  for (const key of ['dosage', 'dosageInstruction']) {
    const list = r[key];
    if (list === undefined) continue;
    // MedicationAdministration.dosage is one object; the other types hold a list.
    for (const d of Array.isArray(list) ? (list as unknown[]) : [list]) {
      if (typeof d === 'object' && d !== null && !Array.isArray(d))
        b.addDosage(readDosage(b, d as Json));
      else b.invalid(key);
    }
  }
  b.notes();
}
