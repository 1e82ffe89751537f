/**
 * FHIR date search as ranges (https://hl7.org/fhir/R4/search.html#date): every value, in the
 * query and in the resource, stands for an interval [start, end) given by its precision.
 * Date-only and month/year values without a zone are taken as UTC (documented in README).
 */

export interface DateRange {
  start: number;
  end: number;
}

const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Parses a FHIR date/dateTime/instant into its range, or undefined when malformed. */
export function dateRange(value: string): DateRange | undefined {
  const m = DATE_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  if (mo === undefined) return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
  const month = Number(mo) - 1;
  if (d === undefined)
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  const day = Number(d);
  if (h === undefined)
    return { start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1) };
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`;
  const start = Date.parse(iso);
  if (Number.isNaN(start)) return undefined;
  const width = s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  return { start, end: start + width };
}

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';
const PREFIXES = new Set<string>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']);

/** Splits `ge2020-01-01` into prefix and value (default prefix `eq`). */
export function splitPrefix(raw: string): { prefix: DatePrefix; value: string } {
  const head = raw.slice(0, 2);
  if (PREFIXES.has(head) && /^\d/.test(raw.slice(2))) {
    return { prefix: head as DatePrefix, value: raw.slice(2) };
  }
  return { prefix: 'eq', value: raw };
}

/** Whether a target range satisfies `prefix` against the query range. */
export function matchesDate(prefix: DatePrefix, query: DateRange, target: DateRange): boolean {
  switch (prefix) {
    case 'eq':
      return target.start >= query.start && target.end <= query.end;
    case 'ne':
      return !(target.start >= query.start && target.end <= query.end);
    case 'gt':
      return target.end > query.end;
    case 'ge':
      return target.end > query.start;
    case 'lt':
      return target.start < query.start;
    case 'le':
      return target.start < query.end;
    case 'sa':
      return target.start >= query.end;
    case 'eb':
      return target.end <= query.start;
    case 'ap': {
      // "approximately": within 10 % of the gap to now, at least a day either side.
      const slack = Math.max(86_400_000, Math.abs(Date.now() - query.start) * 0.1);
      return target.end > query.start - slack && target.start < query.end + slack;
    }
  }
}
