import {
  agpProfile,
  glucoseMetrics,
  percentileSorted,
  tideFlags,
  type GlucoseMetrics,
  type GlucoseReading,
} from './agp';

const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 1); // 2026-10-01T00:00Z
const utc = (): number => 0;

/** `count` readings every 5 minutes from `start`, values taken from `values` in turn. */
function every5(start: number, count: number, values: readonly number[]): GlucoseReading[] {
  return Array.from({ length: count }, (_, i) => ({
    t: start + i * 5 * MIN,
    mgdl: values[i % values.length] ?? Number.NaN,
  }));
}

describe('percentileSorted (Hyndman & Fan type 7)', () => {
  it('interpolates between closest ranks: h = (n − 1)·p', () => {
    const x = [1, 2, 3, 4];
    expect(percentileSorted(x, 0)).toBe(1);
    expect(percentileSorted(x, 5)).toBeCloseTo(1.15, 12); // h = 0.15
    expect(percentileSorted(x, 25)).toBeCloseTo(1.75, 12); // h = 0.75
    expect(percentileSorted(x, 50)).toBeCloseTo(2.5, 12); // h = 1.5
    expect(percentileSorted(x, 95)).toBeCloseTo(3.85, 12); // h = 2.85
    expect(percentileSorted(x, 100)).toBe(4);
  });

  it('gives the single value for one element and refuses none', () => {
    expect(percentileSorted([7], 95)).toBe(7);
    expect(() => percentileSorted([], 50)).toThrow(RangeError);
    expect(() => percentileSorted([1], 101)).toThrow(RangeError);
  });
});

describe('agpProfile', () => {
  it('a constant series gives the constant in every band of every bin', () => {
    const profile = agpProfile(
      every5(T0, 288 * 2, [100]),
      { from: T0, to: T0 + 2 * DAY },
      {
        tzOffsetMinutes: utc,
      },
    );
    expect(profile.bins).toHaveLength(96);
    expect(profile.readings).toBe(576);
    for (const bin of profile.bins) {
      expect(bin.count).toBe(6); // 3 readings per 15 min × 2 days
      expect(bin.band).toEqual({ p5: 100, p25: 100, p50: 100, p75: 100, p95: 100 });
    }
  });

  it('bins by local time of day and computes the five percentiles by hand', () => {
    // Five days, one reading each day at 00:50 local (UTC+1) = 23:50 UTC the day before.
    const values = [160, 80, 140, 100, 120];
    const readings = values.map((mgdl, day) => ({ t: T0 + day * DAY - 10 * MIN, mgdl }));
    const profile = agpProfile(
      readings,
      { from: T0 - DAY, to: T0 + 5 * DAY },
      {
        tzOffsetMinutes: () => 60,
      },
    );
    const bin = profile.bins[3]; // 00:45–01:00
    expect(bin?.startMinute).toBe(45);
    expect(bin?.count).toBe(5);
    // sorted 80 100 120 140 160: p5 h=0.2 → 84; p25 h=1 → 100; p95 h=3.8 → 156
    expect(bin?.band?.p5).toBeCloseTo(84, 12);
    expect(bin?.band?.p25).toBe(100);
    expect(bin?.band?.p50).toBe(120);
    expect(bin?.band?.p75).toBe(140);
    expect(bin?.band?.p95).toBeCloseTo(156, 12);
    expect(profile.bins.filter((b) => b.band === null)).toHaveLength(95);
  });

  it('follows a daylight-saving change through the offset function', () => {
    const change = T0 + DAY;
    const offset = (t: number): number => (t < change ? 120 : 60);
    // 06:00 UTC is 08:00 local before the change and 07:00 after it.
    const readings = [
      { t: T0 + 6 * 60 * MIN, mgdl: 90 },
      { t: change + 6 * 60 * MIN, mgdl: 110 },
    ];
    const profile = agpProfile(
      readings,
      { from: T0, to: T0 + 2 * DAY },
      {
        tzOffsetMinutes: offset,
        binMinutes: 60,
      },
    );
    expect(profile.bins).toHaveLength(24);
    expect(profile.bins[8]?.band?.p50).toBe(90);
    expect(profile.bins[7]?.band?.p50).toBe(110);
  });

  it('does not depend on input order, and flags unusable readings', () => {
    const readings = every5(T0, 288, [90, 130, 170, 60, 200]);
    const shuffled = [...readings].reverse();
    shuffled.splice(10, 0, { t: T0 + 3, mgdl: Number.NaN }, { t: T0 + 4, mgdl: -5 });
    const window = { from: T0, to: T0 + DAY };
    const a = agpProfile(readings, window, { tzOffsetMinutes: utc });
    const b = agpProfile(shuffled, window, { tzOffsetMinutes: utc });
    expect(b.bins).toEqual(a.bins);
    expect(b.rejected).toBe(2);
  });

  it('rejects a bin width that does not divide the day', () => {
    expect(() =>
      agpProfile([], { from: T0, to: T0 + DAY }, { tzOffsetMinutes: utc, binMinutes: 7 }),
    ).toThrow(RangeError);
  });
});

describe('glucoseMetrics', () => {
  it('a constant 100 mg/dL day: mean 100, SD 0, GMI 5.702 %, all in range, full wear', () => {
    const m = glucoseMetrics(every5(T0, 288, [100]), { from: T0, to: T0 + DAY });
    expect(m.readings).toBe(288);
    expect(m.expected).toBe(288);
    expect(m.wearPercent).toBe(100);
    expect(m.meanMgdl).toBe(100);
    expect(m.sdMgdl).toBe(0);
    expect(m.cvPercent).toBe(0);
    expect(m.gmiPercent).toBeCloseTo(5.702, 12); // 3.31 + 0.02392 × 100
    expect(m.ranges.inRange).toEqual({
      count: 288,
      percent: 100,
      minutes: 1440,
      minutesPerDay: 1440,
    });
    expect(m.ranges.below70.count).toBe(0);
    expect(tideFlags(m)).toEqual({
      veryLow: false,
      low: false,
      lowTimeInRange: false,
      lowWear: false,
      timeInRangeDrop: null,
    });
  });

  it('mean, sample SD, CV and GMI of two values by hand', () => {
    const m = glucoseMetrics(
      [
        { t: T0, mgdl: 100 },
        { t: T0 + 5 * MIN, mgdl: 200 },
      ],
      { from: T0, to: T0 + DAY },
    );
    expect(m.meanMgdl).toBe(150);
    expect(m.sdMgdl).toBeCloseTo(Math.SQRT2 * 50, 12); // √((50² + 50²) / 1)
    expect(m.cvPercent).toBeCloseTo(47.1404520791, 8);
    expect(m.gmiPercent).toBeCloseTo(6.898, 12); // 3.31 + 0.02392 × 150
  });

  /**
   * Exactly 100 readings: 50, 54, 60, 60 (4 below 70, 1 below 54); 70, 180 and 78 × 120
   * (80 in range, bounds included); 9 × 200, 250 and 6 × 300 (16 above 180, 6 above 250 —
   * 250 itself is not above 250).
   */
  function knownMix(): number[] {
    return [
      50,
      54,
      60,
      60,
      70,
      180,
      ...Array<number>(78).fill(120),
      ...Array<number>(9).fill(200),
      250,
      ...Array<number>(6).fill(300),
    ];
  }
  const asReadings = (values: readonly number[], start = T0): GlucoseReading[] =>
    values.map((mgdl, i) => ({ t: start + i * 5 * MIN, mgdl }));
  const day = { from: T0, to: T0 + DAY };

  it('range shares with the consensus bounds, as percent and minutes', () => {
    const m = glucoseMetrics(asReadings(knownMix()), day);
    expect(m.readings).toBe(100);
    expect(m.ranges.below54).toEqual({ count: 1, percent: 1, minutes: 5, minutesPerDay: 14.4 });
    expect(m.ranges.below70.count).toBe(4);
    expect(m.ranges.below70.percent).toBe(4);
    expect(m.ranges.below70.minutes).toBe(20); // 4 × 5 min
    expect(m.ranges.below70.minutesPerDay).toBeCloseTo(57.6, 12); // 4 % of 1440
    expect(m.ranges.inRange.percent).toBe(80);
    expect(m.ranges.above180.percent).toBe(16);
    expect(m.ranges.above250.percent).toBe(6);
    expect(m.wearPercent).toBeCloseTo((100 / 288) * 100, 12);
  });

  it('TIDE flags sit exactly at their limits: 1 % and 4 % are not flagged, more is', () => {
    const atLimits = glucoseMetrics(asReadings(knownMix()), day);
    expect(tideFlags(atLimits)).toMatchObject({ veryLow: false, low: false });
    expect(tideFlags(atLimits).lowTimeInRange).toBe(false); // 80 %
    expect(tideFlags(atLimits).lowWear).toBe(true); // 100 of 288

    const twoVeryLow = knownMix();
    twoVeryLow[1] = 50; // the 54 becomes a second very low: 2 % < 54, still 4 % < 70
    expect(tideFlags(glucoseMetrics(asReadings(twoVeryLow), day))).toMatchObject({
      veryLow: true,
      low: false,
    });

    const fiveLow = knownMix();
    fiveLow[4] = 69; // the 70 drops out of range: 5 % < 70, 79 % in range
    expect(tideFlags(glucoseMetrics(asReadings(fiveLow), day))).toMatchObject({
      veryLow: false,
      low: true,
      lowTimeInRange: false,
    });
  });

  it('TIR below 70 % and a drop of more than 15 points against the previous period', () => {
    // 69 in range of 100: 31 × 200.
    const values = [...Array<number>(69).fill(120), ...Array<number>(31).fill(200)];
    const current = glucoseMetrics(asReadings(values), day);
    expect(current.ranges.inRange.percent).toBe(69);
    expect(tideFlags(current).lowTimeInRange).toBe(true);

    // The previous period is the day before, with `inRange` of 100 readings in range.
    const previous = (inRange: number): GlucoseMetrics =>
      glucoseMetrics(
        asReadings(
          [...Array<number>(inRange).fill(120), ...Array<number>(100 - inRange).fill(200)],
          T0 - DAY,
        ),
        { from: T0 - DAY, to: T0 },
      );
    expect(previous(85).readings).toBe(100);
    expect(tideFlags(current, previous(85)).timeInRangeDrop).toBe(true); // 16 points
    expect(tideFlags(current, previous(84)).timeInRangeDrop).toBe(false); // exactly 15 points
    expect(tideFlags(current).timeInRangeDrop).toBeNull();
  });

  it('no readings: metrics and flags are unknown (null), wear is flagged', () => {
    const m = glucoseMetrics([], { from: T0, to: T0 + 14 * DAY });
    expect(m.expected).toBe(4032);
    expect(m.meanMgdl).toBeNull();
    expect(m.sdMgdl).toBeNull();
    expect(m.gmiPercent).toBeNull();
    expect(m.ranges.inRange.percent).toBeNull();
    expect(tideFlags(m)).toEqual({
      veryLow: null,
      low: null,
      lowTimeInRange: null,
      lowWear: true,
      timeInRangeDrop: null,
    });
  });

  it('window is half-open, and expectedPerDay scales wear and minutes', () => {
    const readings = [
      { t: T0 - 1, mgdl: 100 },
      { t: T0, mgdl: 100 },
      { t: T0 + DAY - 1, mgdl: 100 },
      { t: T0 + DAY, mgdl: 100 },
      { t: T0 + 7, mgdl: Number.POSITIVE_INFINITY },
    ];
    const m = glucoseMetrics(readings, day, { expectedPerDay: 4 });
    expect(m.readings).toBe(2);
    expect(m.rejected).toBe(1);
    expect(m.wearPercent).toBe(50);
    expect(m.ranges.inRange.minutes).toBe(720); // 2 × 360 min per reading
  });
});
