/**
 * `tzOffsetMinutes` for an IANA time zone (the clinician's, e.g. "Europe/Berlin"), for the AGP's
 * time-of-day bins (shared/monitoring/agp) and the charts' round local tick times. Uses the
 * platform's time-zone database through Intl, so daylight-saving rules stay current without
 * shipping our own tables.
 */

const QUARTER_HOUR = 900_000;

/**
 * Returns (t) → minutes east of UTC in `timeZone` at instant t (+60 for CET, +120 for CEST).
 * Throws a RangeError for an unknown zone name. Results are memoised per quarter hour: every
 * zone's offset changes only on quarter-hour boundaries, and a year of 5-minute readings then
 * costs ~35,000 Intl calls instead of 105,120.
 */
export function tzOffsetFor(timeZone: string): (t: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const memo = new Map<number, number>();
  return (t: number): number => {
    const key = Math.floor(t / QUARTER_HOUR);
    const known = memo.get(key);
    if (known !== undefined) return known;
    const at = key * QUARTER_HOUR;
    const part: Record<string, number> = {};
    for (const p of format.formatToParts(at)) {
      if (p.type !== 'literal') part[p.type] = Number(p.value);
    }
    const wall = Date.UTC(
      part.year ?? 1970,
      (part.month ?? 1) - 1,
      part.day ?? 1,
      part.hour ?? 0,
      part.minute ?? 0,
      part.second ?? 0,
    );
    const offset = Math.round((wall - at) / 60_000);
    memo.set(key, offset);
    return offset;
  };
}
