/**
 * Quantities exactly as sent: the value and its unit string (else its code), never converted.
 * Conversion would need UCUM-aware code and a visible label; a viewer must not silently do it.
 * @see https://hl7.org/fhir/R4/datatypes.html#Quantity
 */
import type { Quantity } from 'fhir/r4';

/** The unit as sent: `unit`, else `code`, else ''. */
export function quantityUnit(q: Quantity | undefined): string {
  return q?.unit?.trim() || q?.code?.trim() || '';
}

/**
 * Formats `comparator value unit`, e.g. "< 5 mg/dL", "120 mm[Hg]". The number keeps the
 * decimals the sender wrote (FHIR decimals are significant), except that JSON has already
 * turned `1.50` into 1.5. Returns '' when there is no value.
 */
export function formatQuantity(q: Quantity | undefined): string {
  if (q?.value === undefined) return '';
  const unit = quantityUnit(q);
  const comparator = q.comparator ? `${q.comparator} ` : '';
  return `${comparator}${String(q.value)}${unit ? ` ${unit}` : ''}`;
}
