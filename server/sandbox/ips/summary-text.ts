/**
 * Plain-text renderings of stored FHIR values for the `$summary` narrative tables (English, the
 * local record's language). Values are shown as sent: quantities keep their unit, date-only
 * values stay dates, instants show their zone; a value kind this code does not render is named,
 * never silently left blank.
 */
import { isRecord } from '../fhir/types';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** CodeableConcept → text, else the first coding's display, else `system|code`. */
export function conceptText(v: unknown): string {
  if (!isRecord(v)) return '';
  const text = str(v.text);
  if (text) return text;
  const codings = Array.isArray(v.coding) ? v.coding.filter(isRecord) : [];
  for (const c of codings) {
    const display = str(c.display);
    if (display) return display;
  }
  const first = codings[0];
  if (!first) return '';
  const code = str(first.code) ?? '';
  const system = str(first.system);
  return system ? `${system}|${code}` : code;
}

/** The first coding's code of a status CodeableConcept (`active`, `confirmed`…). */
export function statusCode(v: unknown): string | undefined {
  if (!isRecord(v) || !Array.isArray(v.coding)) return undefined;
  const first: unknown = v.coding[0];
  return isRecord(first) ? str(first.code) : undefined;
}

/** Quantity as sent: comparator, value, unit (else UCUM code). */
export function quantityText(v: unknown): string {
  if (!isRecord(v) || typeof v.value !== 'number') return '';
  const unit = str(v.unit) ?? str(v.code) ?? '';
  const comparator = str(v.comparator);
  return `${comparator ? `${comparator} ` : ''}${String(v.value)}${unit ? ` ${unit}` : ''}`;
}

/**
 * A FHIR date or dateTime for a narrative cell: date-only values as written; instants as
 * `YYYY-MM-DD hh:mm` plus their zone (`UTC` for Z), so no reader's time zone shifts them.
 */
export function dateText(v: unknown): string {
  const s = str(v);
  if (!s) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m) return s;
  const zone = m[3] === 'Z' ? 'UTC' : (m[3] ?? '');
  return `${m[1] ?? ''} ${m[2] ?? ''}${zone ? ` ${zone}` : ''}`;
}

/** The first date a resource carries for "when", by the element names the IPS types use. */
export function whenText(r: Record<string, unknown>, fields: readonly string[]): string {
  for (const f of fields) {
    const v = r[f];
    if (typeof v === 'string') return dateText(v);
    if (isRecord(v) && typeof v.start === 'string') return `${dateText(v.start)} –`;
  }
  return '';
}

/** An Observation's value (or its components, e.g. systolic/diastolic) as text. */
export function observationValueText(o: Record<string, unknown>): string {
  const own = valueText(o);
  if (own !== undefined) return own;
  if (Array.isArray(o.component)) {
    const parts = o.component
      .filter(isRecord)
      .map((c) => `${conceptText(c.code)}: ${valueText(c) ?? ''}`.trim());
    if (parts.length > 0) return parts.join('; ');
  }
  const absent = conceptText(o.dataAbsentReason);
  return absent ? `No value: ${absent}` : 'No value';
}

function valueText(o: Record<string, unknown>): string | undefined {
  const key = Object.keys(o).find((k) => k.startsWith('value'));
  if (key === undefined) return undefined;
  const v = o[key];
  switch (key) {
    case 'valueQuantity':
      return quantityText(v);
    case 'valueCodeableConcept':
      return conceptText(v);
    case 'valueString':
    case 'valueDateTime':
    case 'valueTime':
      return typeof v === 'string' ? (key === 'valueDateTime' ? dateText(v) : v) : '';
    case 'valueBoolean':
    case 'valueInteger':
      return String(v);
    default:
      return `(${key} not shown in this table)`;
  }
}
