/**
 * Glucose Ambulatory Glucose Profile (AGP) and the international consensus CGM metrics, from
 * raw CGM readings in mg/dL. Pure: the caller passes the window and the clinician's time zone
 * as a function, so the same readings always give the same numbers on every machine.
 *
 * Sources: Battelino T. et al., "Clinical Targets for Continuous Glucose Monitoring Data
 * Interpretation: Recommendations From the International Consensus on Time in Range",
 * Diabetes Care 2019;42:1593–1603 (https://doi.org/10.2337/dci19-0028) for the ranges, GMI
 * and CV; Bergenstal R.M. et al., Diabetes Care 2018;41:2275–2280
 * (https://doi.org/10.2337/dc18-1581) for GMI = 3.31 + 0.02392 × mean mg/dL; the AGP report
 * (https://www.agpreport.org) for the 5/25/50/75/95 percentile bands over the 24-hour day.
 *
 * Readings must be in mg/dL: mmol/L readings are converted by the caller (÷ 18.016 the other
 * way) and labelled as converted; this module never guesses a unit.
 */

/** One CGM reading: instant (epoch ms, UTC) and glucose in mg/dL. */
export interface GlucoseReading {
  readonly t: number;
  readonly mgdl: number;
}

/** Half-open window `[from, to)` in epoch ms: a reading at `to` belongs to the next window. */
export interface GlucoseWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Minutes to add to UTC to get the wall-clock time wanted on the x axis at instant `t`
 * (ISO 8601 sign: +60 for CET, −300 for EST; the opposite of `Date#getTimezoneOffset`). A
 * function, not a number, so daylight-saving changes inside the window bin correctly.
 */
export type TzOffsetMinutes = (t: number) => number;

export const AGP_PERCENTILES = [5, 25, 50, 75, 95] as const;
export type AgpPercentile = (typeof AGP_PERCENTILES)[number];

/** Percentile values of one time-of-day bin, in mg/dL. */
export type AgpBand = Readonly<Record<`p${AgpPercentile}`, number>>;

export interface AgpBin {
  /** Local minute of the day where the bin starts (0, 15, 30, … for 15-minute bins). */
  readonly startMinute: number;
  /** Readings that fell into this bin across all days of the window. */
  readonly count: number;
  /** `null` when the bin has no reading: nothing is interpolated across empty bins. */
  readonly band: AgpBand | null;
}

export interface AgpProfile {
  readonly window: GlucoseWindow;
  readonly binMinutes: number;
  /** `1440 / binMinutes` bins, ordered from local midnight. */
  readonly bins: readonly AgpBin[];
  /** Readings inside the window that were used. */
  readonly readings: number;
  /** Readings inside the window left out because t or mg/dL was not a finite positive number. */
  readonly rejected: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;

/**
 * The `p`-th percentile (0–100) of an ascending array, by linear interpolation between closest
 * ranks: h = (n − 1)·p/100, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) (0-based). This is
 * Hyndman & Fan's definition 7 — the default of R's `quantile`, NumPy's `percentile` and
 * Excel's PERCENTILE.INC — chosen because every analyst can reproduce it. Throws on an empty
 * array, since a percentile of nothing must not become a number on a clinical chart.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const low = sorted[lo] as number;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return low + (h - lo) * (high - low);
}

function checkWindow(window: GlucoseWindow): void {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to) || window.to <= window.from) {
    throw new RangeError('the window needs finite from < to (epoch ms)');
  }
}

function isUsable(reading: GlucoseReading): boolean {
  return Number.isFinite(reading.t) && Number.isFinite(reading.mgdl) && reading.mgdl > 0;
}

/**
 * Splits the window's readings into usable ones and a count of unusable ones (flagged through
 * `rejected`, never dropped silently). A reading with a non-finite time has no place in any
 * window, so it is counted as rejected whatever the window.
 */
function inWindow(
  readings: readonly GlucoseReading[],
  window: GlucoseWindow,
): { used: GlucoseReading[]; rejected: number } {
  const used: GlucoseReading[] = [];
  let rejected = 0;
  for (const reading of readings) {
    if (!Number.isFinite(reading.t)) {
      rejected++;
      continue;
    }
    if (reading.t < window.from || reading.t >= window.to) continue;
    if (isUsable(reading)) used.push(reading);
    else rejected++;
  }
  return { used, rejected };
}

/**
 * The 24-hour AGP: every reading of the window goes into the bin of its local time of day
 * (`binMinutes`, default 15), and each bin gets the 5/25/50/75/95th percentiles of its values
 * ({@link percentileSorted}). Input order does not matter.
 */
export function agpProfile(
  readings: readonly GlucoseReading[],
  window: GlucoseWindow,
  options: { tzOffsetMinutes: TzOffsetMinutes; binMinutes?: number },
): AgpProfile {
  checkWindow(window);
  const binMinutes = options.binMinutes ?? 15;
  if (!Number.isInteger(binMinutes) || binMinutes <= 0 || DAY_MINUTES % binMinutes !== 0) {
    throw new RangeError(`binMinutes must divide 1440, got ${binMinutes}`);
  }
  const binCount = DAY_MINUTES / binMinutes;
  const values: number[][] = Array.from({ length: binCount }, () => []);
  const { used, rejected } = inWindow(readings, window);
  for (const { t, mgdl } of used) {
    const local = t + options.tzOffsetMinutes(t) * MINUTE_MS;
    const msOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
    values[Math.floor(msOfDay / (binMinutes * MINUTE_MS))]?.push(mgdl);
  }
  const bins = values.map((bin, i): AgpBin => {
    bin.sort((a, b) => a - b);
    return {
      startMinute: i * binMinutes,
      count: bin.length,
      band:
        bin.length === 0
          ? null
          : {
              p5: percentileSorted(bin, 5),
              p25: percentileSorted(bin, 25),
              p50: percentileSorted(bin, 50),
              p75: percentileSorted(bin, 75),
              p95: percentileSorted(bin, 95),
            },
    };
  });
  return { window, binMinutes, bins, readings: used.length, rejected };
}

/** Share of the window's readings in one glucose range. */
export interface GlucoseRangeStat {
  readonly count: number;
  /** count / readings × 100; `null` with no readings. */
  readonly percent: number | null;
  /** Sensor minutes in the range: count × (1440 / expectedPerDay), e.g. 5 min per reading. */
  readonly minutes: number;
  /** percent × 24 h: the "time per day" the AGP report prints beside the percent. */
  readonly minutesPerDay: number | null;
}

/**
 * Consensus ranges (Battelino 2019, table 1). Cumulative, as the consensus targets and the
 * TIDE flags use them: `below70` includes `below54`, `above180` includes `above250`. Bounds:
 * in range is 70 ≤ g ≤ 180; below is g < 70 / g < 54; above is g > 180 / g > 250.
 */
export interface GlucoseRanges {
  readonly below54: GlucoseRangeStat;
  readonly below70: GlucoseRangeStat;
  readonly inRange: GlucoseRangeStat;
  readonly above180: GlucoseRangeStat;
  readonly above250: GlucoseRangeStat;
}

export interface GlucoseMetrics {
  readonly window: GlucoseWindow;
  /** Window length in days (fractional allowed). */
  readonly days: number;
  readonly readings: number;
  readonly rejected: number;
  /** Readings a fully worn sensor would give: expectedPerDay × days. */
  readonly expected: number;
  /**
   * readings / expected × 100. Not capped at 100, so duplicates or a sensor faster than
   * `expectedPerDay` show up as > 100 instead of hiding behind a plausible number.
   */
  readonly wearPercent: number;
  readonly meanMgdl: number | null;
  /** Sample standard deviation (n − 1 denominator), `null` below 2 readings. */
  readonly sdMgdl: number | null;
  /** SD / mean × 100 with the sample SD; ≤ 36 % counts as stable (consensus). */
  readonly cvPercent: number | null;
  /** Glucose management indicator, % (Bergenstal 2018): 3.31 + 0.02392 × mean mg/dL. */
  readonly gmiPercent: number | null;
  readonly ranges: GlucoseRanges;
}

/**
 * Consensus CGM metrics over `window`. `expectedPerDay` is the sensor's nominal readings per
 * day (288 for a 5-minute CGM; the CarePlan's `scheduledTiming` frequency). SD is the sample
 * SD (n − 1 denominator), the usual estimator for a sample of a continuous signal; with a
 * 14-day window (≈4,000 readings) it differs from the population SD by < 0.02 %.
 */
export function glucoseMetrics(
  readings: readonly GlucoseReading[],
  window: GlucoseWindow,
  options: { expectedPerDay?: number } = {},
): GlucoseMetrics {
  checkWindow(window);
  const expectedPerDay = options.expectedPerDay ?? 288;
  if (!(expectedPerDay > 0) || !Number.isFinite(expectedPerDay)) {
    throw new RangeError(`expectedPerDay must be a positive number, got ${expectedPerDay}`);
  }
  const { used, rejected } = inWindow(readings, window);
  const n = used.length;
  const days = (window.to - window.from) / DAY_MS;
  const expected = expectedPerDay * days;
  const minutesPerReading = DAY_MINUTES / expectedPerDay;

  let sum = 0;
  const counts = { below54: 0, below70: 0, inRange: 0, above180: 0, above250: 0 };
  for (const { mgdl } of used) {
    sum += mgdl;
    if (mgdl < 54) counts.below54++;
    if (mgdl < 70) counts.below70++;
    else if (mgdl <= 180) counts.inRange++;
    if (mgdl > 180) counts.above180++;
    if (mgdl > 250) counts.above250++;
  }
  const mean = n > 0 ? sum / n : null;
  let sd: number | null = null;
  if (mean !== null && n >= 2) {
    let squares = 0;
    for (const { mgdl } of used) squares += (mgdl - mean) ** 2;
    sd = Math.sqrt(squares / (n - 1));
  }
  const stat = (count: number): GlucoseRangeStat => {
    const percent = n > 0 ? (count / n) * 100 : null;
    return {
      count,
      percent,
      minutes: count * minutesPerReading,
      minutesPerDay: percent === null ? null : (percent / 100) * DAY_MINUTES,
    };
  };
  return {
    window,
    days,
    readings: n,
    rejected,
    expected,
    wearPercent: (n / expected) * 100,
    meanMgdl: mean,
    sdMgdl: sd,
    cvPercent: sd === null || mean === null ? null : (sd / mean) * 100,
    gmiPercent: mean === null ? null : 3.31 + 0.02392 * mean,
    ranges: {
      below54: stat(counts.below54),
      below70: stat(counts.below70),
      inRange: stat(counts.inRange),
      above180: stat(counts.above180),
      above250: stat(counts.above250),
    },
  };
}

/**
 * Tidepool TIDE (Time In Range Dashboard) triage flags, thresholds as in the project's
 * DOMAIN.md. Strict inequalities as written there ("> 1 %"); Tidepool's own dashboard
 * (github.com/tidepool-org/blip) rounds to whole percents before comparing, which this
 * deliberately does not: a clinician sees the unrounded number the flag was raised on.
 * A flag whose metric cannot be computed (no readings) is `null` — unknown, not "fine".
 */
export interface TideFlags {
  /** Time < 54 mg/dL > 1 %. */
  readonly veryLow: boolean | null;
  /** Time < 70 mg/dL > 4 %. */
  readonly low: boolean | null;
  /** Time in range 70–180 < 70 %. */
  readonly lowTimeInRange: boolean | null;
  /** Sensor wear < 70 % of the expected readings (no readings at all is flagged too). */
  readonly lowWear: boolean;
  /**
   * Time in range dropped by more than 15 percentage points against `previous` (Tidepool's
   * `timeInTargetPercentDelta` ≤ −0.15 is a difference of fractions, i.e. points, not a
   * relative change); `null` without a previous period or without readings in either.
   */
  readonly timeInRangeDrop: boolean | null;
}

export function tideFlags(current: GlucoseMetrics, previous?: GlucoseMetrics): TideFlags {
  const { below54, below70, inRange } = current.ranges;
  const over = (value: number | null, limit: number): boolean | null =>
    value === null ? null : value > limit;
  const before = previous?.ranges.inRange.percent ?? null;
  return {
    veryLow: over(below54.percent, 1),
    low: over(below70.percent, 4),
    lowTimeInRange: inRange.percent === null ? null : inRange.percent < 70,
    lowWear: current.wearPercent < 70,
    timeInRangeDrop:
      before === null || inRange.percent === null ? null : before - inRange.percent > 15,
  };
}
