/**
 * Downsampling for charts: Largest-Triangle-Three-Buckets and min/max decimation
 * ({@link minMaxDecimate}, what the monitoring charts draw: it never drops an extreme).
 *
 * Largest-Triangle-Three-Buckets downsampling (Sveinn Steinarsson, "Downsampling Time Series
 * for Visual Representation", MSc thesis, University of Iceland 2013,
 * https://skemman.is/handle/1946/15343), on typed arrays, O(n).
 *
 * LTTB keeps the visual shape of a line (peaks and troughs survive, unlike averaging or
 * every-k-th sampling), which matters clinically: a hypoglycaemic dip must not vanish because
 * a year of readings is drawn in 1,000 pixels.
 *
 * Gaps. Missing data must stay visible as a gap, never be bridged by a line. The input is
 * first cut into segments of consecutive finite readings — a cut at every non-finite y
 * (NaN = "no reading") and wherever two neighbours are more than `maxGap` apart in x (e.g. a
 * sensor change). Each segment is downsampled on its own, keeping its first and last point, and
 * the output carries one *gap marker* between segments: a point with y = NaN, x = the middle
 * of the gap and source −1. Drawing code lifts the pen at NaN, as canvas charting libraries
 * do for null values.
 */

export interface LttbOptions {
  /**
   * Largest x distance still drawn as a line, in x units (ms for time series). Neighbours
   * further apart are a gap. Default: no limit (only non-finite y values cut).
   */
  readonly maxGap?: number;
}

export interface Downsampled {
  /** Non-decreasing; gap markers sit in the middle of their gap. */
  readonly xs: Float64Array;
  /** NaN exactly at gap markers. */
  readonly ys: Float64Array;
  /** Index into the input of each point, −1 for a gap marker. Strictly increasing otherwise. */
  readonly source: Int32Array;
}

/** A run of consecutive finite points, input indices `[start, end)`. */
export interface Segment {
  readonly start: number;
  readonly end: number;
}

/**
 * Cuts the input where a line must not be drawn (see the module comment). xs must be finite
 * and non-decreasing — checked here, in the same pass, because a chart drawn from unsorted
 * times would connect the wrong readings.
 */
export function findSegments(xs: Float64Array, ys: Float64Array, maxGap = Infinity): Segment[] {
  if (xs.length !== ys.length) throw new RangeError('xs and ys differ in length');
  if (!(maxGap > 0)) throw new RangeError(`maxGap must be positive, got ${maxGap}`);
  const segments: Segment[] = [];
  let start = -1;
  let previousX = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (!Number.isFinite(x) || x < previousX) {
      throw new RangeError(`xs must be finite and non-decreasing (index ${i})`);
    }
    const finite = Number.isFinite(ys[i]);
    if (start >= 0 && (!finite || x - previousX > maxGap)) {
      segments.push({ start, end: i });
      start = -1;
    }
    if (finite && start < 0) start = i;
    previousX = x;
  }
  if (start >= 0) segments.push({ start, end: xs.length });
  return segments;
}

/**
 * How many points each segment keeps. Every segment keeps up to 2 (its ends, so the gap
 * edges are exact); what `threshold` leaves after that is shared in proportion to the rest of
 * each segment's length (floor). The total is ≤ max(threshold, Σ min(length, 2)).
 */
function budgets(segments: readonly Segment[], threshold: number): Int32Array {
  const out = new Int32Array(segments.length);
  let base = 0;
  let spare = 0;
  segments.forEach((s, k) => {
    const length = s.end - s.start;
    const ends = Math.min(length, 2);
    out[k] = ends;
    base += ends;
    spare += length - ends;
  });
  const extra = threshold - base;
  if (extra <= 0 || spare === 0) return out;
  segments.forEach((s, k) => {
    const length = s.end - s.start;
    const own = length - (out[k] as number);
    out[k] = Math.min(length, (out[k] as number) + Math.floor((extra * own) / spare));
  });
  return out;
}

/** Appends the LTTB selection of `[start, end)` (budget ≥ 3, < length) to `sink`. */
function lttbSegment(
  xs: Float64Array,
  ys: Float64Array,
  start: number,
  end: number,
  budget: number,
  sink: (index: number) => void,
): void {
  const every = (end - start - 2) / (budget - 2);
  let a = start;
  sink(a);
  for (let i = 0; i < budget - 2; i++) {
    // The average of the next bucket is the third corner of the triangle.
    const avgStart = start + Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(start + Math.floor((i + 2) * every) + 1, end);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += xs[j] as number;
      avgY += ys[j] as number;
    }
    const span = avgEnd - avgStart;
    avgX /= span;
    avgY /= span;
    const ax = xs[a] as number;
    const ay = ys[a] as number;
    const from = start + Math.floor(i * every) + 1;
    const to = start + Math.floor((i + 1) * every) + 1;
    let best = from;
    let bestArea = -1;
    for (let j = from; j < to; j++) {
      // Twice the triangle's area; the factor does not change which point wins.
      const area = Math.abs(
        (ax - avgX) * ((ys[j] as number) - ay) - (ax - (xs[j] as number)) * (avgY - ay),
      );
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    sink(best);
    a = best;
  }
  sink(end - 1);
}

/**
 * Downsamples `(xs, ys)` to about `threshold` points (integer ≥ 2) with LTTB, segment by
 * segment (see {@link findSegments}), plus one gap marker between segments. With no more
 * finite points than `threshold`, every finite point is kept (still with gap markers), so the
 * result is always safe to draw as is. Output size: see `budgets` — it exceeds `threshold`
 * only when there are more than threshold / 2 segments, because gap edges are never dropped.
 */
export function lttb(
  xs: Float64Array,
  ys: Float64Array,
  threshold: number,
  options: LttbOptions = {},
): Downsampled {
  if (!Number.isInteger(threshold) || threshold < 2) {
    throw new RangeError(`threshold must be an integer ≥ 2, got ${threshold}`);
  }
  const segments = findSegments(xs, ys, options.maxGap);
  const keep = budgets(segments, threshold);
  let total = Math.max(0, segments.length - 1);
  for (const k of keep) total += k;
  const out = new SegmentWriter(xs, ys, segments, total);
  const sink = out.sink;
  segments.forEach((segment, k) => {
    out.gapBefore(k);
    const budget = keep[k] as number;
    const length = segment.end - segment.start;
    if (budget >= length) {
      for (let i = segment.start; i < segment.end; i++) sink(i);
    } else if (budget === 2) {
      sink(segment.start);
      sink(segment.end - 1);
    } else {
      lttbSegment(xs, ys, segment.start, segment.end, budget, sink);
    }
  });
  return out.result();
}

/**
 * Min/max decimation into fixed buckets of `bucket` consecutive readings (M4: Jugel et al.,
 * "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014,
 * https://www.vldb.org/pvldb/vol7/p797-jugel.pdf, with buckets counted in readings instead of
 * pixel columns). Each bucket keeps its first, lowest, highest and last reading (each once,
 * in time order), so, unlike LTTB, no extreme is ever dropped: when a bucket is no wider than
 * half a pixel column, every reading that is the lowest or highest of its bucket is drawn at
 * its place, and a column's drawn range reaches its readings' range (a bucket straddling two
 * columns can only move an extreme to the neighbouring column, where it is drawn).
 *
 * Buckets start at each segment's start (see {@link findSegments}) and are fixed for the whole
 * series, so panning never changes which readings are kept. Gap markers as in {@link lttb}.
 */
export function minMaxDecimate(
  xs: Float64Array,
  ys: Float64Array,
  bucket: number,
  options: LttbOptions = {},
): Downsampled {
  if (!Number.isInteger(bucket) || bucket < 1) {
    throw new RangeError(`bucket must be an integer ≥ 1, got ${bucket}`);
  }
  const segments = findSegments(xs, ys, options.maxGap);
  let bound = Math.max(0, segments.length - 1);
  for (const s of segments)
    bound += Math.min(s.end - s.start, 4 * Math.ceil((s.end - s.start) / bucket));
  const out = new SegmentWriter(xs, ys, segments, bound);
  const sink = out.sink;
  segments.forEach((segment, k) => {
    out.gapBefore(k);
    for (let first = segment.start; first < segment.end; first += bucket) {
      const last = Math.min(first + bucket, segment.end) - 1;
      let low = first;
      let high = first;
      for (let i = first + 1; i <= last; i++) {
        const y = ys[i] as number;
        if (y < (ys[low] as number)) low = i;
        if (y > (ys[high] as number)) high = i;
      }
      sink(first);
      const [a, b] = low < high ? [low, high] : [high, low];
      if (a !== first) sink(a);
      if (b !== a && b !== first) sink(b);
      if (last !== b && last !== first) sink(last);
    }
  });
  return out.result();
}

/**
 * The output both downsamplers write: kept readings in order, and between two segments a gap
 * marker (x halfway, y NaN, source -1) so a line is never drawn across missing data.
 */
class SegmentWriter {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly source: Int32Array;
  private n = 0;

  constructor(
    private readonly inX: ArrayLike<number>,
    private readonly inY: ArrayLike<number>,
    private readonly segments: readonly Segment[],
    capacity: number,
  ) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.source = new Int32Array(capacity);
  }

  readonly sink = (index: number): void => {
    this.xs[this.n] = this.inX[index] as number;
    this.ys[this.n] = this.inY[index] as number;
    this.source[this.n] = index;
    this.n++;
  };

  /** Writes the gap marker before segment `k` (none before the first). */
  gapBefore(k: number): void {
    if (k === 0) return;
    const before = this.inX[(this.segments[k - 1] as Segment).end - 1] as number;
    this.xs[this.n] = (before + (this.inX[(this.segments[k] as Segment).start] as number)) / 2;
    this.ys[this.n] = Number.NaN;
    this.source[this.n] = -1;
    this.n++;
  }

  /** What was written (trimmed when the capacity was an upper bound). */
  result(): { xs: Float64Array; ys: Float64Array; source: Int32Array } {
    if (this.n === this.xs.length) return { xs: this.xs, ys: this.ys, source: this.source };
    return {
      xs: this.xs.slice(0, this.n),
      ys: this.ys.slice(0, this.n),
      source: this.source.slice(0, this.n),
    };
  }
}
