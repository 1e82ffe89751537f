/**
 * zod shapes of the FHIR R4 datatypes the monitoring code reads: only the fields the rules
 * depend on are checked, unknown fields are accepted. The datatypes strip unknown fields from
 * the *parsed* copy (three times faster than `z.looseObject` on 100,000s of readings); callers
 * therefore read values from the parsed copy but keep and forward the original resource, so
 * nothing a sender wrote is ever lost.
 * @see https://hl7.org/fhir/R4/datatypes.html
 */
import { z } from 'zod';
import { fhirDateToEpoch } from '../fhir/dates';

export const codingSchema = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const conceptSchema = z.object({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});

export const referenceSchema = z.object({
  reference: z.string().optional(),
  display: z.string().optional(),
});

export const quantitySchema = z.object({
  value: z.number().optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

export const periodSchema = z.object({
  start: z.string().optional(),
  end: z.string().optional(),
});

/** An Extension, simple or complex (nested), with the value types the contract uses. */
export const extensionSchema = z.looseObject({
  url: z.string(),
  valueCode: z.string().optional(),
  valueString: z.string().optional(),
  valueQuantity: quantitySchema.optional(),
  valueDuration: quantitySchema.optional(),
  valueReference: referenceSchema.optional(),
  valueDateTime: z.string().optional(),
  get extension() {
    return z.array(extensionSchema).optional();
  },
});
export type ExtensionShape = z.infer<typeof extensionSchema>;

/** One `issue` of a zod error as `path: message`, for error text a person can act on. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
      const where = path.join('').replace(/^\./, '');
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** A 32-bit FNV-1a hash as 8 hex digits: a short, stable fingerprint (not for security). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const ZONE = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of a FHIR date or dateTime (date-only = UTC midnight), refusing a time of day
 * without a zone: FHIR requires the zone, and guessing it would shift readings by hours.
 * @see https://hl7.org/fhir/R4/datatypes.html#dateTime
 */
export function strictEpoch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v.includes('T') && !ZONE.test(v)) return undefined;
  return fhirDateToEpoch(v);
}
