/**
 * FHIR date handling that never shifts a calendar day.
 *
 * FHIR `date` values (`birthDate`, date-only `onsetDateTime`) are calendar days, not instants:
 * `new Date('2020-01-01')` is UTC midnight, which a US time zone shows as Dec 31. Date-only
 * values are therefore built with `Date.UTC` and formatted with `timeZone: 'UTC'`, while
 * `dateTime`/`instant` values that carry a time (and, per spec, an offset) are real instants
 * shown in the local zone.
 * @see https://hl7.org/fhir/R4/datatypes.html#date
 * @see https://hl7.org/fhir/R4/datatypes.html#dateTime
 */

const DATE_ONLY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

export type FhirDatePrecision = 'year' | 'month' | 'day';

export interface FhirDateParts {
  year: number;
  month?: number;
  day?: number;
  precision: FhirDatePrecision;
}

/** Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into numbers; undefined for anything else. */
export function parseFhirDate(value: string): FhirDateParts | undefined {
  const m = DATE_ONLY.exec(value.trim());
  if (!m?.[1]) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year, precision: 'year' };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month, precision: 'month' };
  const day = Number(m[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return undefined;
  return { year, month, day, precision: 'day' };
}

function formatParts(parts: FhirDateParts, locale: string): string {
  const utc = new Date(Date.UTC(parts.year, (parts.month ?? 1) - 1, parts.day ?? 1));
  // Years below 100 would be mapped to 19xx by Date.UTC; setUTCFullYear keeps them as sent.
  utc.setUTCFullYear(parts.year);
  const options: Intl.DateTimeFormatOptions =
    parts.precision === 'year'
      ? { year: 'numeric' }
      : parts.precision === 'month'
        ? { year: 'numeric', month: 'short' }
        : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(utc);
}

/**
 * Formats a FHIR date, dateTime or instant for display. Partial dates stay partial ("2019",
 * "Mar 2019"); date-only values are never shifted; values with a time are shown with the time
 * in the local zone. Unparseable input is returned unchanged so nothing sent is hidden.
 */
export function formatFhirDate(value: string | undefined, locale: string): string {
  if (value === undefined || value.trim() === '') return '';
  const parts = parseFhirDate(value);
  if (parts) return formatParts(parts, locale);
  if (DATE_TIME.test(value.trim())) {
    const ms = Date.parse(value.trim());
    if (!Number.isNaN(ms)) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(ms),
      );
    }
  }
  return value;
}

/**
 * Milliseconds since the epoch for ordering clinical dates (date-only values count as UTC
 * midnight of their first day). Undefined when the value is not a FHIR date/dateTime.
 */
export function fhirDateToEpoch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parts = parseFhirDate(value);
  if (parts) return Date.UTC(parts.year, (parts.month ?? 1) - 1, parts.day ?? 1);
  if (!DATE_TIME.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Age in whole years on `today` (YYYY-MM-DD), by string arithmetic only. A `YYYY-MM` birth
 * date gives an age unless today falls in the birth month (then the age is ambiguous); a
 * year-only birth date gives undefined, as does a birth date after today.
 */
export function ageFromBirthDate(birthDate: string, today: string): number | undefined {
  const birth = parseFhirDate(birthDate.slice(0, 10));
  const now = parseFhirDate(today.slice(0, 10));
  if (!birth || now?.precision !== 'day' || now.month === undefined || now.day === undefined) {
    return undefined;
  }
  if (birth.month === undefined) return undefined;
  let age = now.year - birth.year;
  if (birth.day === undefined) {
    if (now.month === birth.month) return undefined;
    if (now.month < birth.month) age -= 1;
  } else if (now.month < birth.month || (now.month === birth.month && now.day < birth.day)) {
    age -= 1;
  }
  return age >= 0 ? age : undefined;
}

/** Today as `YYYY-MM-DD` in the local zone (the clinician's calendar day). */
export function localToday(now: Date = new Date()): string {
  const y = String(now.getFullYear()).padStart(4, '0');
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
