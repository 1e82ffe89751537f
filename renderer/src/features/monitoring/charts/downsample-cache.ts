/**
 * A pyramid of downsampled copies of one series, so a frame never downsamples: it picks the
 * level with about the right density for the visible window and draws a zero-copy range.
 *
 * Level k is the series in buckets of 2^k consecutive readings, each bucket keeping its first,
 * lowest, highest and last reading (min/max decimation, shared/monitoring/lttb
 * `minMaxDecimate`), so a hypoglycaemic dip or a spike is never dropped, however far the
 * clinician zooms out. Levels are built lazily on first use in O(n) and kept. For a window
 * holding r raw readings and a target of p buckets (2 per CSS pixel column), the chosen level
 * is the coarsest with ≥ p buckets in the window, so every bucket is at most half a pixel
 * column wide and a frame draws between p and 8p points (plus two neighbours) whatever the
 * zoom; the benchmark's CGM year (105,120 readings) in 1,200 px draws ~9,500 points for 90
 * days and ~12,000 for the year (bench/cgm-draw.ts).
 *
 * Levels are downsampled over the whole series, not per window, so a reading keeps its
 * place on screen while panning (no "boiling" of peaks as bucket edges move).
 */
import { lttb, minMaxDecimate, type Downsampled } from '../../../../../shared/monitoring/lttb';
import type { TimeWindow } from './view-window';

/** Readings as parallel arrays: epoch ms (finite, non-decreasing) and values (NaN = none). */
export interface TimeSeries {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

/**
 * Parallel arrays from reading objects (any order; sorted by time here, stable for equal
 * times). A missing value stays NaN, so it is drawn as a gap, not dropped. Every `t` must be
 * finite: readings without a time are the caller's to flag (shared/monitoring/series lists
 * them), and the downsampler refuses them rather than guess where they belong.
 */
export function timeSeriesOf(
  points: readonly { readonly t: number; readonly value: number | null | undefined }[],
): TimeSeries {
  const order = points.map((_, i) => i).sort((a, b) => (points[a]?.t ?? 0) - (points[b]?.t ?? 0));
  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  order.forEach((from, to) => {
    const point = points[from];
    xs[to] = point?.t ?? Number.NaN;
    ys[to] = point?.value ?? Number.NaN;
  });
  return { xs, ys };
}

/** What one frame draws: subarray views into a cached level (no copy). */
export interface SeriesSlice extends TimeSeries {
  /** Pyramid level the slice comes from (0 = raw readings). */
  readonly level: number;
}

/** The points of one window: `data` is a whole pyramid level, `[start, end)` the visible part. */
export interface LevelRange {
  readonly level: number;
  readonly data: Downsampled;
  readonly start: number;
  readonly end: number;
}

/** First index with xs[i] ≥ x (xs.length if none). */
export function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with xs[i] > x (xs.length if none). */
export function upperBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The default gap for a series: 3 × its typical (median) spacing, estimated from at most 2,048
 * evenly spread neighbour pairs so it stays cheap for a year of readings. Three missed
 * 5-minute CGM readings (15 min) or a skipped daily weight (3 days) then show as a gap.
 * `Infinity` for fewer than two readings.
 */
export function defaultMaxGap(xs: Float64Array): number {
  const pairs = xs.length - 1;
  if (pairs < 1) return Infinity;
  const samples = Math.min(pairs, 2048);
  const diffs = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const i = Math.floor((k * pairs) / samples);
    diffs[k] = (xs[i + 1] as number) - (xs[i] as number);
  }
  diffs.sort();
  const median = diffs[samples >> 1] as number;
  return median > 0 ? 3 * median : Infinity;
}

/**
 * `min-max` (default): level k keeps the first, lowest, highest and last reading of every
 * 2^k consecutive readings (shared/monitoring/lttb `minMaxDecimate`), so no spike or dip is
 * ever dropped. `lttb`: level k keeps ~n / 2^k points chosen by LTTB, fewer points but an
 * extreme can be lost when a bucket holds both a peak and a dip.
 */
export type Downsampling = 'min-max' | 'lttb';

export class DownsampleCache {
  private readonly levels = new Map<number, Downsampled>();
  readonly maxGap: number;
  /** Finite readings (NaN values left out). */
  readonly finiteCount: number;
  /** Smallest and largest finite value, `null` with no finite value: for a stable y axis. */
  readonly valueExtent: { min: number; max: number } | null;
  /** First and last reading time, `null` when there is no finite reading. */
  readonly timeExtent: { first: number; last: number } | null;

  /** How levels are downsampled (see {@link Downsampling}). */
  readonly downsampling: Downsampling;

  constructor(
    readonly series: TimeSeries,
    options: { maxGap?: number; downsampling?: Downsampling } = {},
  ) {
    this.maxGap = options.maxGap ?? defaultMaxGap(series.xs);
    this.downsampling = options.downsampling ?? 'min-max';
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    let first = Infinity;
    let last = -Infinity;
    const { xs, ys } = series;
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i] as number;
      if (!Number.isFinite(y)) continue;
      count++;
      if (y < min) min = y;
      if (y > max) max = y;
      const x = xs[i] as number;
      if (x < first) first = x;
      if (x > last) last = x;
    }
    this.finiteCount = count;
    this.valueExtent = count > 0 ? { min, max } : null;
    this.timeExtent = count > 0 ? { first, last } : null;
  }

  /** Level k of the pyramid, built on first use. */
  level(k: number): Downsampled {
    let level = this.levels.get(k);
    if (!level) {
      const { xs, ys } = this.series;
      const options = { maxGap: this.maxGap };
      level =
        this.downsampling === 'min-max'
          ? minMaxDecimate(xs, ys, 2 ** k, options)
          : lttb(xs, ys, Math.max(2, Math.ceil(this.finiteCount / 2 ** k)), options);
      this.levels.set(k, level);
    }
    return level;
  }

  /** Levels built so far (for tests and diagnostics). */
  get builtLevels(): number[] {
    return [...this.levels.keys()].sort((a, b) => a - b);
  }

  /** The level a window of `window` needs for about `targetPoints` points. */
  levelFor(window: TimeWindow, targetPoints: number): number {
    const { xs } = this.series;
    const extent = this.timeExtent;
    const span = window.to - window.from;
    // Readings in the window, scaled up for the part of it before the first or after the
    // last reading: empty time at the ends says nothing about how dense the readings are,
    // so panning past the data keeps the level (and the look) of the line. Gaps inside the
    // data still count as sparse (a finer level: more points, never fewer extremes).
    const covered =
      extent === null ? 0 : Math.min(window.to, extent.last) - Math.max(window.from, extent.first);
    const inWindow =
      (upperBound(xs, window.to) - lowerBound(xs, window.from)) *
      (covered > 0 && covered < span ? span / covered : 1);
    if (inWindow <= targetPoints || targetPoints < 1) return 0;
    const deepest = Math.max(0, Math.floor(Math.log2(this.finiteCount / 2)));
    return Math.min(deepest, Math.floor(Math.log2(inWindow / targetPoints)));
  }

  /**
   * Where the points for `window` are: the right level and the index range in it, with one
   * point beyond each edge so the line runs to the plot's border instead of stopping short
   * of it. No copy: the painter strokes sub-ranges of the level directly.
   */
  range(window: TimeWindow, targetPoints: number): LevelRange {
    const level = this.levelFor(window, targetPoints);
    const data = this.level(level);
    const start = Math.max(0, lowerBound(data.xs, window.from) - 1);
    const end = Math.min(data.xs.length, upperBound(data.xs, window.to) + 1);
    return { level, data, start, end };
  }

  /** The points to draw for `window` (see {@link range}) as subarray views. */
  slice(window: TimeWindow, targetPoints: number): SeriesSlice {
    const { level, data, start, end } = this.range(window, targetPoints);
    return { xs: data.xs.subarray(start, end), ys: data.ys.subarray(start, end), level };
  }
}
