import {
  DownsampleCache,
  defaultMaxGap,
  lowerBound,
  timeSeriesOf,
  upperBound,
} from './downsample-cache';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 10, 1);

/** One year of 5-minute readings (105,120), a smooth daily curve. */
function year(): { xs: Float64Array; ys: Float64Array } {
  const n = 365 * 288;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = T0 + i * 5 * MIN;
    ys[i] = 140 + 60 * Math.sin((2 * Math.PI * i) / 288);
  }
  return { xs, ys };
}

describe('binary search', () => {
  const xs = Float64Array.from([1, 2, 2, 3]);
  it('finds the first index ≥ x and the first > x', () => {
    expect(lowerBound(xs, 2)).toBe(1);
    expect(upperBound(xs, 2)).toBe(3);
    expect(lowerBound(xs, 0)).toBe(0);
    expect(upperBound(xs, 9)).toBe(4);
  });
});

describe('defaultMaxGap', () => {
  it('is three typical spacings: 15 min for a 5-minute CGM', () => {
    const { xs } = year();
    expect(defaultMaxGap(xs)).toBe(15 * MIN);
    expect(defaultMaxGap(Float64Array.from([1]))).toBe(Infinity);
  });
});

describe('DownsampleCache', () => {
  it('knows the extents, ignoring missing values', () => {
    const cache = new DownsampleCache({
      xs: Float64Array.from([1, 2, 3, 4]),
      ys: Float64Array.from([Number.NaN, 5, 9, Number.NaN]),
    });
    expect(cache.finiteCount).toBe(2);
    expect(cache.valueExtent).toEqual({ min: 5, max: 9 });
    expect(cache.timeExtent).toEqual({ first: 2, last: 3 });
  });

  it('picks the coarsest level that still gives the target: 90 days of a year in 2,000 points', () => {
    const cache = new DownsampleCache(year());
    const window = { from: T0 + 100 * DAY, to: T0 + 190 * DAY };
    // 25,921 readings in the window / 2,000 = 12.96 → level 3: buckets of 8 readings, 3,241
    // buckets in the window, each keeping 1–4 readings (first, lowest, highest, last).
    expect(cache.levelFor(window, 2000)).toBe(3);
    const slice = cache.slice(window, 2000);
    expect(slice.level).toBe(3);
    expect(slice.xs.length).toBeGreaterThanOrEqual(3241);
    expect(slice.xs.length).toBeLessThanOrEqual(4 * 3241 + 2);
    // One point beyond each edge, so the line reaches the plot's borders.
    expect(slice.xs[0]).toBeLessThan(window.from);
    expect(slice.xs[1]).toBeGreaterThanOrEqual(window.from);
    expect(slice.xs.at(-1)).toBeGreaterThan(window.to);
  });

  it('whole year in 1,000 px → 3,285 buckets of 32; a week → every reading', () => {
    const cache = new DownsampleCache(year());
    const all = cache.slice({ from: T0, to: T0 + 365 * DAY }, 2000);
    expect(all.level).toBe(5); // 105,120 / 2,000 = 52.6 → 2^5; 105,120 / 32 = 3,285 buckets
    expect(all.xs.length).toBeGreaterThanOrEqual(3285);
    expect(all.xs.length).toBeLessThanOrEqual(4 * 3285);
    const week = cache.slice({ from: T0 + 7 * DAY, to: T0 + 14 * DAY }, 2000);
    expect(week.level).toBe(0);
    expect(week.xs.length).toBe(7 * 288 + 1 + 2); // both ends inclusive, plus a neighbour each side
  });

  it('never drops a spike or a dip, even side by side in one bucket (LTTB keeps one)', () => {
    const { xs, ys } = year();
    const at = 123_457;
    ys[at % ys.length] = 400;
    ys[(at + 1) % ys.length] = 40;
    const window = { from: T0, to: T0 + 365 * DAY };
    for (const target of [100, 2000, 20_000]) {
      const slice = new DownsampleCache({ xs, ys }).slice(window, target);
      expect(Math.max(...slice.ys)).toBe(400);
      expect(Math.min(...slice.ys)).toBe(40);
    }
    const lttb = new DownsampleCache({ xs, ys }, { downsampling: 'lttb' }).slice(window, 2000);
    expect(Math.max(...lttb.ys) === 400 && Math.min(...lttb.ys) === 40).toBe(false);
  });

  it('keeps the level when the window runs past the first or last reading', () => {
    const cache = new DownsampleCache(year());
    const all = { from: T0, to: T0 + 365 * DAY };
    expect(cache.levelFor(all, 2000)).toBe(5);
    // Half a year before the data: 52,560 readings in half the window count as 105,120
    // (without the scaling: ⌊log2(52,560 / 2,000)⌋ = 4, a finer level mid-pan).
    const early = { from: T0 - 182.5 * DAY, to: T0 + 182.5 * DAY };
    expect(cache.levelFor(early, 2000)).toBe(5);
    // A gap inside the data is not scaled: 90 days with 60 of them missing → 8,640 readings.
    const { xs, ys } = year();
    const sparse = new DownsampleCache({
      xs: Float64Array.from([...xs.subarray(0, 288 * 15), ...xs.subarray(288 * 75)]),
      ys: Float64Array.from([...ys.subarray(0, 288 * 15), ...ys.subarray(288 * 75)]),
    });
    expect(sparse.levelFor({ from: T0, to: T0 + 90 * DAY }, 2000)).toBe(2); // 8,640 / 2,000
  });

  it('builds each level once, lazily, and pans by slicing it (no copy)', () => {
    const cache = new DownsampleCache(year());
    expect(cache.builtLevels).toEqual([]);
    const first = cache.slice({ from: T0 + 10 * DAY, to: T0 + 100 * DAY }, 2000);
    const panned = cache.slice({ from: T0 + 11 * DAY, to: T0 + 101 * DAY }, 2000);
    expect(cache.builtLevels).toEqual([3]);
    expect(panned.xs.buffer).toBe(first.xs.buffer);
    expect(panned.xs.buffer).toBe(cache.level(3).xs.buffer);
  });

  it('keeps gaps in every level: a 6-hour sensor gap stays a NaN marker', () => {
    const { xs, ys } = year();
    const gapStart = 200 * 288;
    for (let i = gapStart; i < gapStart + 72; i++) ys[i] = Number.NaN;
    const cache = new DownsampleCache({ xs, ys });
    const gapAt = xs[gapStart] as number;
    for (const target of [100, 2000, 200_000]) {
      const slice = cache.slice({ from: gapAt - 30 * DAY, to: gapAt + 30 * DAY }, target);
      const markers = [...slice.ys].filter(Number.isNaN);
      expect(markers).toHaveLength(1);
    }
  });
});

describe('timeSeriesOf', () => {
  it('sorts by time and keeps a missing value as NaN', () => {
    const { xs, ys } = timeSeriesOf([
      { t: 30, value: 3 },
      { t: 10, value: null },
      { t: 20, value: 2 },
    ]);
    expect([...xs]).toEqual([10, 20, 30]);
    expect(ys[0]).toBeNaN();
    expect([...ys.subarray(1)]).toEqual([2, 3]);
  });
});
