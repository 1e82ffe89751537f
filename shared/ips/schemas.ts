/**
 * zod schemas for the parts of FHIR JSON the IPS model reads. They are loose (unknown keys pass
 * through) because a document carries far more than we use; they exist so that a value of the
 * wrong JSON type is reported instead of crashing a view. Resources themselves are kept as
 * sent; these schemas validate, and the `read*` helpers return typed values or undefined.
 * @see https://hl7.org/fhir/R4/datatypes.html
 */
import { z } from 'zod';
import type { CodeableConcept, Coding, Period, Quantity, Range, Ratio, Reference } from 'fhir/r4';

export const codingSchema = z.looseObject({
  system: z.string().optional(),
  version: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const codeableConceptSchema = z.looseObject({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});

export const referenceSchema = z.looseObject({
  reference: z.string().optional(),
  type: z.string().optional(),
  display: z.string().optional(),
});

export const quantitySchema = z.looseObject({
  value: z.number().optional(),
  comparator: z.string().optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

export const ratioSchema = z.looseObject({
  numerator: quantitySchema.optional(),
  denominator: quantitySchema.optional(),
});

export const rangeSchema = z.looseObject({
  low: quantitySchema.optional(),
  high: quantitySchema.optional(),
});

export const periodSchema = z.looseObject({
  start: z.string().optional(),
  end: z.string().optional(),
});

export const narrativeSchema = z.looseObject({
  status: z.string(),
  div: z.string(),
});

export const extensionSchema = z.looseObject({
  url: z.string(),
});

/** A value read from JSON: absent, present and valid, or present but of the wrong shape. */
export type Read<T> =
  | { readonly state: 'absent' }
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'invalid' };

function reader<T>(schema: z.ZodType) {
  return (value: unknown): Read<T> => {
    if (value === undefined || value === null) return { state: 'absent' };
    const parsed = schema.safeParse(value);
    // The input object itself is returned (not zod's copy) so the value stays "as sent".
    return parsed.success ? { state: 'ok', value: value as T } : { state: 'invalid' };
  };
}

export const readConcept = reader<CodeableConcept>(codeableConceptSchema);
export const readCoding = reader<Coding>(codingSchema);
export const readReference = reader<Reference>(referenceSchema);
export const readQuantity = reader<Quantity>(quantitySchema);
export const readRatio = reader<Ratio>(ratioSchema);
export const readRange = reader<Range>(rangeSchema);
export const readPeriod = reader<Period>(periodSchema);

/** The valid value, or undefined when absent or invalid. */
export function valid<T>(read: Read<T>): T | undefined {
  return read.state === 'ok' ? read.value : undefined;
}

/** Reads a JSON string field; anything else is undefined. */
export function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The extensions of an element with a url, skipping malformed ones. */
export function readExtensions(value: unknown): { url: string; [key: string]: unknown }[] {
  if (!Array.isArray(value)) return [];
  return value.filter((e: unknown): e is { url: string } => extensionSchema.safeParse(e).success);
}
