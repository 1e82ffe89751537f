/**
 * Reference helpers shared by the store, search and $everything.
 * Handles relative (`Patient/1`), absolute (`http://x/fhir/Patient/1`) and versioned
 * (`Patient/1/_history/2`) references. See https://hl7.org/fhir/R4/references.html.
 */
import { isRecord } from './types';

const REF = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** Splits a literal reference into type and id, or undefined for urn:uuid, `#contained`, etc. */
export function parseReference(ref: string): { type: string; id: string } | undefined {
  const match = REF.exec(ref);
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1], id: match[2] };
}

/** Fields that place a resource in a patient's compartment (our data and Synthea; Task: `for`). */
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary', 'for'] as const;

/** The id of the patient whose compartment holds the resource, if any. */
export function patientIdOf(resource: Record<string, unknown>): string | undefined {
  if (resource.resourceType === 'Patient') {
    return typeof resource.id === 'string' ? resource.id : undefined;
  }
  for (const field of PATIENT_FIELDS) {
    const value = resource[field];
    if (isRecord(value) && typeof value.reference === 'string') {
      const parsed = parseReference(value.reference);
      if (parsed?.type === 'Patient') return parsed.id;
    }
  }
  return undefined;
}

/** Calls `visit` for every `reference` string anywhere inside the value. */
export function forEachReference(value: unknown, visit: (ref: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) forEachReference(item, visit);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'reference' && typeof child === 'string') visit(child);
    else if (
      typeof child === 'object' &&
      child !== null &&
      key !== 'text' &&
      key !== 'content' &&
      key !== 'presentedForm'
    ) {
      forEachReference(child, visit);
    }
  }
}
