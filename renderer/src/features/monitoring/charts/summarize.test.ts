import { summarizeWindow } from './summarize';

const series = {
  xs: Float64Array.from([0, 10, 20, 30, 40, 100, 110, 120]),
  ys: Float64Array.from([150, 190, Number.NaN, 60, 120, 200, 100, 300]),
};
const thresholds = [
  { level: 'red', kind: 'above', value: 180 },
  { level: 'yellow', kind: 'below', value: 70 },
] as const;

describe('summarizeWindow', () => {
  it('counts, extremes, last value, gaps and readings beyond thresholds from raw data', () => {
    const s = summarizeWindow(series, { from: 5, to: 110 }, thresholds, 25);
    // In window: 190 (t10), NaN (t20), 60 (t30), 120 (t40), 200 (t100), 100 (t110).
    expect(s.count).toBe(5);
    expect(s.min).toEqual({ t: 30, value: 60 });
    expect(s.max).toEqual({ t: 100, value: 200 });
    expect(s.last).toEqual({ t: 110, value: 100 });
    // Breaks: NaN between t10 and t30; 60 ms between t40 and t100 (> 25).
    expect(s.gaps).toBe(2);
    expect(s.beyond.map((b) => b.count)).toEqual([2, 1]);
  });

  it('an empty window has no extremes', () => {
    const s = summarizeWindow(series, { from: 50, to: 90 }, thresholds, 25);
    expect(s).toMatchObject({ count: 0, min: null, max: null, last: null, gaps: 0 });
  });
});
