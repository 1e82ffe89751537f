/**
 * The plaintext index fields of a cached resource: its clinical date (for sorting) and the
 * codings to HMAC. Nothing else of the resource leaves the ciphertext.
 */
import type { Coding, FhirResource } from 'fhir/r4';

/** Fields holding a resource's clinical date, first present wins. */
const DATE_FIELDS = [
  'effectiveDateTime',
  'effectiveInstant',
  'onsetDateTime',
  'occurrenceDateTime',
  'performedDateTime',
  'authoredOn',
  'recordedDate',
  'dateAsserted',
  'issued',
  'date',
  'started',
  'birthDate',
] as const;

/** Period-valued fields: their start is the clinical date. */
const PERIOD_FIELDS = ['effectivePeriod', 'performedPeriod', 'period', 'onsetPeriod'] as const;

/** CodeableConcept fields whose codings are indexed (what a search by code asks about). */
const CODE_FIELDS = ['code', 'vaccineCode', 'medicationCodeableConcept'] as const;

function record(resource: FhirResource): Record<string, unknown> {
  return resource as unknown as Record<string, unknown>;
}

/** The resource's clinical date as an ISO string, or undefined. */
export function clinicalDate(resource: FhirResource): string | undefined {
  const r = record(resource);
  for (const field of DATE_FIELDS) {
    const v = r[field];
    if (typeof v === 'string') return v;
  }
  for (const field of PERIOD_FIELDS) {
    const v = r[field] as { start?: unknown } | undefined;
    if (typeof v?.start === 'string') return v.start;
  }
  return undefined;
}

/** Codings (system + code) of the resource's code-like fields. */
export function indexedCodings(resource: FhirResource): { system: string; code: string }[] {
  const r = record(resource);
  const out: { system: string; code: string }[] = [];
  for (const field of CODE_FIELDS) {
    const concept = r[field] as { coding?: Coding[] } | undefined;
    for (const c of concept?.coding ?? []) {
      if (c.code) out.push({ system: c.system ?? '', code: c.code });
    }
  }
  return out;
}
