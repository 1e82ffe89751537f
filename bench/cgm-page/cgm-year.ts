/**
 * One year of synthetic 5-minute CGM readings (365 × 288 = 105,120), from a fixed seed:
 * meals, a dawn rise, mean-reverting noise, an occasional hypo, a 2-hour warm-up gap at every
 * 10-day sensor change and short signal dropouts (NaN = no reading, as a gap must be drawn).
 */
import { Rng } from '../../server/sandbox/data/prng';

export const READINGS_PER_DAY = 288;
export const DAYS = 365;
const STEP_MS = 5 * 60_000;
/** 2025-11-01T00:00Z: the year before the sandbox's anchor date. */
export const YEAR_START = Date.UTC(2025, 10, 1);

const MEALS = [
  { minute: 7.5 * 60, rise: 70 },
  { minute: 12.5 * 60, rise: 55 },
  { minute: 19 * 60, rise: 80 },
];

function bump(minute: number, centre: number, width: number): number {
  const d = (minute - centre) / width;
  return Math.exp(-d * d);
}

export function cgmYear(seed = 20251101): { xs: Float64Array; ys: Float64Array; gaps: number } {
  const rng = new Rng(seed);
  const n = DAYS * READINGS_PER_DAY;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let noise = 0;
  let hypoUntil = -1;
  let gaps = 0;
  for (let i = 0; i < n; i++) {
    xs[i] = YEAR_START + i * STEP_MS;
    const minute = (i % READINGS_PER_DAY) * 5;
    noise = 0.95 * noise + rng.normal(0, 4);
    if (hypoUntil < i && rng.float() < 1 / (5 * READINGS_PER_DAY)) hypoUntil = i + 18;
    let value = 125 + 20 * bump(minute, 5 * 60, 90) + noise;
    for (const meal of MEALS) value += meal.rise * bump(minute, meal.minute + 45, 50);
    if (i <= hypoUntil) value -= 75 * Math.sin((Math.PI * (hypoUntil - i)) / 18);
    ys[i] = Math.min(400, Math.max(40, Math.round(value)));
  }
  const blank = (from: number, count: number): void => {
    for (let i = from; i < Math.min(n, from + count); i++) ys[i] = Number.NaN;
    gaps++;
  };
  for (let day = 10; day < DAYS; day += 10) blank(day * READINGS_PER_DAY + rng.int(0, 200), 24);
  for (let k = 0; k < DAYS / 2; k++) blank(rng.int(0, n - 1), rng.int(3, 12));
  return { xs, ys, gaps };
}
