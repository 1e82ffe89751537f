import { describe, expect, it } from 'vitest';
import { cgmSeries, cgmYear } from './monitoring-cgm';
import type { CgmPoint } from './monitoring-cgm';
import { ANCHOR_MS, Rng } from './prng';

const FIVE_MIN = 5 * 60_000;

function metrics(points: CgmPoint[]): Record<string, number> {
  const v = points.map((p) => p.mgdl);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  const pct = (f: (x: number) => boolean): number => (100 * v.filter(f).length) / v.length;
  return {
    mean,
    cv: (100 * sd) / mean,
    tir: pct((x) => x >= 70 && x <= 180),
    below70: pct((x) => x < 70),
    below54: pct((x) => x < 54),
    above250: pct((x) => x > 250),
  };
}

describe('cgmYear', () => {
  const year = cgmYear(7);

  it('is the same for the same seed and different for another', () => {
    expect(cgmYear(7)).toEqual(year);
    expect(cgmYear(8).slice(0, 50)).not.toEqual(year.slice(0, 50));
  });

  it('reads every 5 minutes for a year up to the anchor, minus sensor changes and dropouts', () => {
    const first = year[0];
    const last = year.at(-1);
    expect(last?.t).toBeLessThanOrEqual(ANCHOR_MS);
    expect(last?.t).toBeGreaterThan(ANCHOR_MS - FIVE_MIN);
    expect(first?.t).toBeGreaterThanOrEqual(ANCHOR_MS - 365 * 86_400_000);
    // 365 × 288 = 105,120 slots; 36 sensor changes of ~2 h take ~860 of them.
    expect(year.length).toBeGreaterThan(103_000);
    expect(year.length).toBeLessThan(105_120);
    let steps = 0;
    let sensorGaps = 0;
    for (let i = 1; i < year.length; i++) {
      const dt = (year[i]?.t ?? 0) - (year[i - 1]?.t ?? 0);
      expect(dt).toBeGreaterThan(0);
      if (dt === FIVE_MIN) steps++;
      if (dt >= 90 * 60_000) sensorGaps++;
    }
    expect(steps / year.length).toBeGreaterThan(0.99);
    // A sensor lasts 10 days: 36 or 37 changes in 365 days.
    expect(sensorGaps).toBeGreaterThanOrEqual(36);
    expect(sensorGaps).toBeLessThanOrEqual(37);
  });

  it('gives whole mg/dL within the 40–400 sensor range and a type 1 diabetes profile', () => {
    expect(year.every((p) => Number.isInteger(p.mgdl) && p.mgdl >= 40 && p.mgdl <= 400)).toBe(true);
    const m = metrics(year);
    // Consensus targets are TIR > 70 %, < 70 mg/dL < 4 %, < 54 < 1 %, CV ≤ 36 %: a patient
    // near target, with real lows and highs to show.
    expect(m.tir).toBeGreaterThan(60);
    expect(m.tir).toBeLessThan(85);
    expect(m.below70).toBeGreaterThan(1);
    expect(m.below70).toBeLessThan(6);
    expect(m.below54).toBeGreaterThan(0.1);
    expect(m.above250).toBeGreaterThan(1);
    expect(m.cv).toBeGreaterThan(25);
    expect(m.cv).toBeLessThan(40);
    expect(m.mean).toBeGreaterThan(135);
    expect(m.mean).toBeLessThan(175);
  });

  it('follows the day: higher after dinner than in the small hours', () => {
    const at = (h: number): number[] =>
      year.filter((p) => new Date(p.t).getUTCHours() === h).map((p) => p.mgdl);
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;
    expect(median(at(20))).toBeGreaterThan(median(at(2)) + 20);
  });
});

describe('cgmSeries', () => {
  it('puts a forced low below 54 mg/dL at the given time', () => {
    const at = Date.UTC(2026, 10, 1, 3, 10);
    const points = cgmSeries(new Rng(3), { days: 2, forcedHypoAtMs: at });
    const near = points.filter((p) => Math.abs(p.t - at) <= 15 * 60_000);
    expect(near.length).toBeGreaterThan(0);
    expect(Math.min(...near.map((p) => p.mgdl))).toBeLessThan(54);
  });
});
