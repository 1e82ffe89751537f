/**
 * Reading FHIR choice elements (`onset[x]`, `value[x]`, `effective[x]`…) as sent. Dates stay the
 * strings the sender wrote (a date-only value is never turned into a `Date`); quantities keep
 * their units. Wrong JSON shapes come back as `invalid`, so the caller can flag them.
 * @see https://hl7.org/fhir/R4/formats.html#choice
 */
import type { CodeableConcept, Period, Quantity, Range, Ratio, Timing } from 'fhir/r4';
import {
  readConcept,
  readPeriod,
  readQuantity,
  readRange,
  readRatio,
  readString,
  type Read,
} from './schemas';

/** A point or span in time as sent. */
export type FhirTime =
  | { readonly type: 'dateTime'; readonly value: string }
  | {
      readonly type: 'period';
      readonly start: string | undefined;
      readonly end: string | undefined;
    }
  | { readonly type: 'age'; readonly quantity: Quantity }
  | { readonly type: 'range'; readonly range: Range }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'timing'; readonly timing: Timing };

/** An observation-style value as sent. */
export type FhirValue =
  | { readonly type: 'Quantity'; readonly quantity: Quantity }
  | { readonly type: 'CodeableConcept'; readonly concept: CodeableConcept }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'Range'; readonly range: Range }
  | { readonly type: 'Ratio'; readonly ratio: Ratio }
  | { readonly type: 'Period'; readonly period: Period }
  | { readonly type: 'dateTime' | 'time'; readonly value: string }
  /** A value type the viewer does not display (SampledData, Attachment…): flagged, not dropped. */
  | { readonly type: 'unsupported'; readonly element: string };

type ChoiceRead<T> =
  { state: 'absent' } | { state: 'ok'; value: T } | { state: 'invalid'; element: string };

/** The `[x]` element present on `record` for `prefix`, e.g. `onsetDateTime` for `onset`. */
export function choiceKey(record: Record<string, unknown>, prefix: string): string | undefined {
  return Object.keys(record).find(
    (k) =>
      k.startsWith(prefix) && k.length > prefix.length && /[A-Z]/.test(k.charAt(prefix.length)),
  );
}

function fromRead<T, U>(element: string, read: Read<T>, wrap: (v: T) => U): ChoiceRead<U> {
  if (read.state === 'ok') return { state: 'ok', value: wrap(read.value) };
  return read.state === 'absent' ? { state: 'absent' } : { state: 'invalid', element };
}

function stringChoice<U>(element: string, value: unknown, wrap: (v: string) => U): ChoiceRead<U> {
  const s = readString(value);
  return s === undefined ? { state: 'invalid', element } : { state: 'ok', value: wrap(s) };
}

/** Reads `prefix[x]` as a time (date, dateTime, instant, Period, Age, Range, string, Timing). */
export function readTime(record: Record<string, unknown>, prefix: string): ChoiceRead<FhirTime> {
  const key = choiceKey(record, prefix);
  if (key === undefined) return { state: 'absent' };
  const value = record[key];
  switch (key.slice(prefix.length)) {
    case 'DateTime':
    case 'Date':
    case 'Instant':
      return stringChoice(key, value, (v) => ({ type: 'dateTime', value: v }));
    case 'String':
      return stringChoice(key, value, (v) => ({ type: 'string', value: v }));
    case 'Period':
      return fromRead(key, readPeriod(value), (p) => ({
        type: 'period',
        start: p.start,
        end: p.end,
      }));
    case 'Age':
      return fromRead(key, readQuantity(value), (q) => ({ type: 'age', quantity: q }));
    case 'Range':
      return fromRead(key, readRange(value), (r) => ({ type: 'range', range: r }));
    case 'Timing':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? { state: 'ok', value: { type: 'timing', timing: value } }
        : { state: 'invalid', element: key };
    default:
      return { state: 'invalid', element: key };
  }
}

/** Reads a plain (non-choice) date/dateTime element. */
export function readDateElement(
  record: Record<string, unknown>,
  key: string,
): ChoiceRead<FhirTime> {
  if (record[key] === undefined) return { state: 'absent' };
  return stringChoice(key, record[key], (v) => ({ type: 'dateTime', value: v }));
}

/** Reads `prefix[x]` as an observation value. */
export function readValue(record: Record<string, unknown>, prefix: string): ChoiceRead<FhirValue> {
  const key = choiceKey(record, prefix);
  if (key === undefined) return { state: 'absent' };
  const value = record[key];
  const type = key.slice(prefix.length);
  switch (type) {
    case 'Quantity':
      return fromRead(key, readQuantity(value), (q) => ({ type: 'Quantity', quantity: q }));
    case 'CodeableConcept':
      return fromRead(key, readConcept(value), (c) => ({ type: 'CodeableConcept', concept: c }));
    case 'String':
      return stringChoice(key, value, (v) => ({ type: 'string', value: v }));
    case 'DateTime':
      return stringChoice(key, value, (v) => ({ type: 'dateTime', value: v }));
    case 'Time':
      return stringChoice(key, value, (v) => ({ type: 'time', value: v }));
    case 'Boolean':
      return typeof value === 'boolean'
        ? { state: 'ok', value: { type: 'boolean', value } }
        : { state: 'invalid', element: key };
    case 'Integer':
    case 'PositiveInt':
      return typeof value === 'number' && Number.isInteger(value)
        ? { state: 'ok', value: { type: 'integer', value } }
        : { state: 'invalid', element: key };
    case 'Range':
      return fromRead(key, readRange(value), (r) => ({ type: 'Range', range: r }));
    case 'Ratio':
      return fromRead(key, readRatio(value), (r) => ({ type: 'Ratio', ratio: r }));
    case 'Period':
      return fromRead(key, readPeriod(value), (p) => ({ type: 'Period', period: p }));
    default:
      return { state: 'ok', value: { type: 'unsupported', element: key } };
  }
}
