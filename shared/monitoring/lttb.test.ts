import { findSegments, lttb, minMaxDecimate } from './lttb';

const f64 = (values: readonly number[]): Float64Array => Float64Array.from(values);
const range = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i);

/** mulberry32, so the random cases are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lttb on a hand-checked input', () => {
  it('picks the points of largest triangle area', () => {
    // n = 6, threshold 4 → bucket width (6 − 2) / (4 − 2) = 2.
    // Bucket 1 = {1, 2}; next-bucket average of {3, 4} = (3.5, 1.75); a = (0, 0):
    //   |(0 − 3.5)(y − 0) − (0 − x)(1.75 − 0)|: j=1 → |−14 + 1.75| = 12.25, j=2 → 3.5 → pick 1.
    // Bucket 2 = {3, 4}; next average = point 5 (5, 0); a = (1, 4):
    //   |(1 − 5)(y − 4) − (1 − x)(0 − 4)|: j=3 → |4 − 8| = 4, j=4 → |14 − 12| = 2 → pick 3.
    const out = lttb(range(6), f64([0, 4, 0, 3, 0.5, 0]), 4);
    expect([...out.source]).toEqual([0, 1, 3, 5]);
    expect([...out.ys]).toEqual([0, 4, 3, 0]);
    expect([...out.xs]).toEqual([0, 1, 3, 5]);
  });

  it('keeps everything when the threshold is not below the length', () => {
    const out = lttb(range(5), f64([5, 1, 4, 2, 3]), 5);
    expect([...out.source]).toEqual([0, 1, 2, 3, 4]);
    expect([...lttb(range(5), f64([5, 1, 4, 2, 3]), 50).source]).toEqual([0, 1, 2, 3, 4]);
  });

  it('with threshold 2 keeps only the ends', () => {
    expect([...lttb(range(5), f64([5, 1, 9, 2, 3]), 2).source]).toEqual([0, 4]);
  });

  it('refuses a threshold below 2 and unsorted x', () => {
    expect(() => lttb(range(3), range(3), 1)).toThrow(RangeError);
    expect(() => lttb(f64([0, 2, 1]), range(3), 10)).toThrow(/non-decreasing/);
    expect(() => lttb(f64([0, Number.NaN]), range(2), 10)).toThrow(RangeError);
  });
});

describe('gaps', () => {
  it('cuts at NaN and at x gaps wider than maxGap', () => {
    const xs = f64([0, 1, 2, 10, 11, 12, 13]);
    const ys = f64([1, Number.NaN, 3, 4, 5, 6, 7]);
    expect(findSegments(xs, ys, 5)).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 3, end: 7 },
    ]);
    expect(findSegments(xs, ys)).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 7 },
    ]);
  });

  it('puts one NaN marker in the middle of each gap and never bridges it', () => {
    const xs = f64([0, 1, 2, 10, 11, 12, 13]);
    const ys = f64([1, Number.NaN, 3, 4, 5, 6, 7]);
    const out = lttb(xs, ys, 100, { maxGap: 5 });
    expect([...out.source]).toEqual([0, -1, 2, -1, 3, 4, 5, 6]);
    expect([...out.xs]).toEqual([0, 1, 2, 6, 10, 11, 12, 13]);
    expect(out.ys[1]).toBeNaN();
    expect(out.ys[3]).toBeNaN();
  });

  it('keeps both edges of every gap even when downsampling hard', () => {
    // Two runs of 50 points, 1 apart, with a 100-wide hole in between.
    const xs = f64([...range(50), ...range(50).map((x) => x + 150)]);
    const ys = f64([...range(50).map((x) => Math.sin(x)), ...range(50).map((x) => Math.cos(x))]);
    const out = lttb(xs, ys, 10, { maxGap: 10 });
    const source = [...out.source];
    expect(source).toContain(49);
    expect(source).toContain(50);
    expect(source.indexOf(-1)).toBe(source.indexOf(49) + 1);
    expect(out.xs[source.indexOf(-1)]).toBe(99.5);
    expect(source.filter((i) => i >= 0)).toHaveLength(10);
  });

  it('leading and trailing NaN produce no marker; all-NaN input gives nothing', () => {
    const out = lttb(range(5), f64([Number.NaN, 1, 2, 3, Number.NaN]), 10);
    expect([...out.source]).toEqual([1, 2, 3]);
    expect(lttb(range(3), f64([Number.NaN, Number.NaN, Number.NaN]), 10).source).toHaveLength(0);
    expect(lttb(new Float64Array(0), new Float64Array(0), 10).source).toHaveLength(0);
  });
});

describe('invariants on random series', () => {
  const cases = Array.from({ length: 40 }, (_, k) => k);

  it.each(cases)('case %i', (k) => {
    const random = seeded(1000 + k);
    const n = 1 + Math.floor(random() * 3000);
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    let x = 0;
    for (let i = 0; i < n; i++) {
      x += random() < 0.01 ? 50 + random() * 100 : random() < 0.02 ? 0 : 1 + random();
      xs[i] = x;
      ys[i] = random() < 0.02 ? Number.NaN : 40 + random() * 300;
    }
    const maxGap = 10;
    const threshold = 2 + Math.floor(random() * 400);
    const segments = findSegments(xs, ys, maxGap);
    const out = lttb(xs, ys, threshold, { maxGap });
    const real = [...out.source].filter((i) => i >= 0);

    // Size bound, and the ends of every segment are kept.
    const floor = segments.reduce((sum, s) => sum + Math.min(s.end - s.start, 2), 0);
    expect(real.length).toBeLessThanOrEqual(Math.max(threshold, floor));
    for (const s of segments) {
      expect(real).toContain(s.start);
      expect(real).toContain(s.end - 1);
    }
    // Exactly one marker between consecutive segments.
    expect(out.source.length - real.length).toBe(Math.max(0, segments.length - 1));

    let previous = -1;
    for (let i = 0; i < out.source.length; i++) {
      const src = out.source[i] as number;
      if (i > 0) expect(out.xs[i]).toBeGreaterThanOrEqual(out.xs[i - 1] as number);
      if (src < 0) {
        expect(out.ys[i]).toBeNaN();
        previous = -1;
        continue;
      }
      // Every kept point is an input point, in input order…
      expect(out.xs[i]).toBe(xs[src]);
      expect(out.ys[i]).toBe(ys[src]);
      // …and a line between two kept points never spans a gap of the input.
      if (previous >= 0) {
        expect(src).toBeGreaterThan(previous);
        for (let j = previous + 1; j <= src; j++) {
          expect(Number.isFinite(ys[j])).toBe(true);
          expect((xs[j] as number) - (xs[j - 1] as number)).toBeLessThanOrEqual(maxGap);
        }
      }
      previous = src;
    }
  });
});

describe('minMaxDecimate', () => {
  it('keeps first, lowest, highest and last of every bucket, in time order', () => {
    // Buckets of 4: [5, 1, 9, 2] → 0, 1, 2, 3; [3, 3, 8, 0] → 4, 6 (high), 7 (low and last);
    // [7] → 8.
    const out = minMaxDecimate(range(9), f64([5, 1, 9, 2, 3, 3, 8, 0, 7]), 4);
    expect([...out.source]).toEqual([0, 1, 2, 3, 4, 6, 7, 8]);
    expect([...out.ys]).toEqual([5, 1, 9, 2, 3, 8, 0, 7]);
  });

  it('with buckets of 1 keeps every reading, and refuses a bucket below 1', () => {
    expect([...minMaxDecimate(range(4), f64([3, 1, 2, 0]), 1).source]).toEqual([0, 1, 2, 3]);
    expect(() => minMaxDecimate(range(2), range(2), 0)).toThrow(RangeError);
  });

  it('starts buckets at every segment and marks the gaps', () => {
    // Segments [0, 3) and [4, 7) (NaN at 3); buckets of 2: {0,1},{2} | {4,5},{6}.
    const ys = f64([1, 5, 2, Number.NaN, 9, 0, 4]);
    const out = minMaxDecimate(range(7), ys, 2);
    expect([...out.source]).toEqual([0, 1, 2, -1, 4, 5, 6]);
    expect(out.xs[3]).toBe(3);
  });

  it.each([0, 1, 2, 3, 4, 5])('never drops a bucket’s extreme (random case %i)', (k) => {
    const random = seeded(2000 + k);
    const n = 1 + Math.floor(random() * 3000);
    const xs = range(n);
    const ys = Float64Array.from({ length: n }, () =>
      random() < 0.02 ? Number.NaN : Math.round(40 + random() * 300),
    );
    const bucket = 1 + Math.floor(random() * 40);
    const out = minMaxDecimate(xs, ys, bucket, { maxGap: 10 });
    const kept = new Set([...out.source].filter((i) => i >= 0));
    for (const s of findSegments(xs, ys, 10)) {
      for (let first = s.start; first < s.end; first += bucket) {
        const values = [...ys.subarray(first, Math.min(first + bucket, s.end))];
        const keptValues = values.filter((_, j) => kept.has(first + j));
        expect(Math.min(...keptValues)).toBe(Math.min(...values));
        expect(Math.max(...keptValues)).toBe(Math.max(...values));
        expect(kept.has(first)).toBe(true);
      }
    }
    const real = [...out.source].filter((i) => i >= 0);
    expect(real).toEqual([...real].sort((a, b) => a - b));
    expect(new Set(real).size).toBe(real.length);
  });
});
