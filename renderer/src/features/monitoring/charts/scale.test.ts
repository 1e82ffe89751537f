import { linearScale, niceDomain, niceStep, niceTicks, timeTicks } from './scale';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OCT_1 = Date.UTC(2026, 9, 1); // a Thursday
const utc = (): number => 0;

describe('linearScale', () => {
  it('maps a domain onto pixels and back', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x.toPixel(5)).toBe(150);
    expect(x.toPixel(-1)).toBe(90);
    expect(x.toValue(150)).toBe(5);
  });

  it('handles a reversed range (y grows upwards on screen)', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y.toPixel(25)).toBe(150);
    expect(y.toValue(0)).toBe(100);
  });

  it('maps a zero-width domain to the middle instead of dividing by zero', () => {
    const y = linearScale([5, 5], [0, 100]);
    expect(y.toPixel(5)).toBe(50);
    expect(y.toPixel(7)).toBe(50);
  });

  it('maps 90 days of time onto a 1000 px plot: one pixel ≈ 2.16 h', () => {
    const x = linearScale([OCT_1, OCT_1 + 90 * DAY], [0, 1000]);
    expect(x.toPixel(OCT_1 + 45 * DAY)).toBeCloseTo(500, 9);
    expect(x.toValue(1) - OCT_1).toBeCloseTo(2.16 * HOUR, 6);
  });
});

describe('nice ticks', () => {
  it('picks 1/2/5 × 10^k steps', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2); // 1.4 → 2
    expect(niceStep(1, 3)).toBe(0.5); // 0.33 → 0.5
    expect(niceStep(50, 5)).toBe(10); // exactly 10
  });

  it('lists multiples without float noise', () => {
    expect(niceTicks(0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(62, 287, 5)).toEqual([100, 150, 200, 250]);
  });

  it('widens a domain to whole steps and includes thresholds', () => {
    expect(niceDomain(62, 287, [180])).toEqual([50, 300]);
    expect(niceDomain(80, 120, [300])).toEqual([50, 300]);
    expect(niceDomain(100, 100)).toEqual([90, 110]); // ±10 %, step 5
    expect(niceDomain(Number.NaN, Number.NaN)).toEqual([0, 1]);
  });
});

describe('timeTicks', () => {
  it('14 days in at most 10 ticks: every 2 days, on local midnights of a fixed grid', () => {
    const { stepMs, ticks } = timeTicks(OCT_1, OCT_1 + 14 * DAY, 10, utc);
    expect(stepMs).toBe(2 * DAY);
    expect(ticks.map((t) => new Date(t).toISOString().slice(5, 10))).toEqual([
      // Even day numbers since 1970 (the grid through Monday 1970-01-05), so ticks do not
      // hop between odd and even days while panning.
      '10-02',
      '10-04',
      '10-06',
      '10-08',
      '10-10',
      '10-12',
      '10-14',
    ]);
  });

  it('weekly ticks fall on Mondays', () => {
    const { stepMs, ticks } = timeTicks(OCT_1, OCT_1 + 60 * DAY, 10, utc);
    expect(stepMs).toBe(7 * DAY);
    expect(ticks.map((t) => new Date(t).getUTCDay())).toEqual(Array(9).fill(1));
    expect(new Date(ticks[0] ?? 0).toISOString().slice(0, 10)).toBe('2026-10-05');
  });

  it('aligns hours to the local zone (UTC+2: 06:00 local = 04:00 UTC)', () => {
    const { stepMs, ticks } = timeTicks(OCT_1, OCT_1 + DAY, 4, () => 120);
    expect(stepMs).toBe(6 * HOUR);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '04:00',
      '10:00',
      '16:00',
      '22:00',
    ]);
  });
});
