/**
 * The time an audit entry records: this device's local time with its UTC offset and
 * milliseconds (`2026-03-01T10:00:00.123+01:00`). The offset keeps the clinician's wall-clock
 * time readable in the log while staying one exact instant; FHIR `instant` requires seconds
 * and a zone, and `auditEntrySchema` checks both. Pure.
 * @see https://hl7.org/fhir/R4/datatypes.html#instant
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function auditTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('auditTimestamp: invalid date');
  // getTimezoneOffset is minutes *behind* UTC (CET: -60); ISO 8601 writes it ahead (+01:00).
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}.${pad(date.getMilliseconds(), 3)}${zone}`;
}
