/**
 * A continuous glucose monitor's trace for a person with type 1 diabetes: one reading every
 * 5 minutes (288 a day), on a day shaped by a drifting basal level, the dawn rise, three meals
 * (sometimes a snack, sometimes a missed bolus), and the lows insulin causes: at night, some
 * hours after a meal, after exercise. Sensors are changed every 10 days with a ~2 h gap, and
 * the signal drops out now and then. Values are whole mg/dL clamped to 40–400, the range
 * sensors report. Hours are UTC, like all synthetic data here.
 *
 * Pure and seeded: the same Rng gives the same trace. `cgmYear(seed)` is the benchmark input.
 * @see https://diabetesjournals.org/care/article/42/8/1593/36184 (CGM consensus, TIR targets)
 */
import { ANCHOR_MS, Rng } from './prng';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './monitoring-series';

export interface CgmPoint {
  /** Epoch milliseconds of the reading. */
  t: number;
  /** Glucose in mg/dL, an integer in 40–400. */
  mgdl: number;
}

export interface CgmOptions {
  days: number;
  /** Nothing after this instant (default: the data anchor 2026-11-01T09:00Z). */
  endMs?: number;
  /** Days between sensor changes (default 10). */
  sensorDays?: number;
  /** Force a low at this instant (the demo patient's hypo last night). */
  forcedHypoAtMs?: number;
}

const STEP_MS = 5 * MINUTE_MS;

/** A meal: rises to `amplitude` above the basal level `peakMs` after `at`, then decays. */
interface Meal {
  at: number;
  amplitude: number;
  peakMs: number;
}

/** A low: the trace is pulled toward `target` around `at` (Gaussian weight of width `widthMs`). */
interface Low {
  at: number;
  target: number;
  widthMs: number;
}

interface DayPlan {
  basal: number;
  meals: Meal[];
  lows: Low[];
}

const clip = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function planDay(rng: Rng, dayMs: number, basal: number): DayPlan {
  const meals: Meal[] = [];
  const lows: Low[] = [];
  const meal = (hour: number, spreadMin: number, mean: number, sd: number): void => {
    const at = dayMs + hour * HOUR_MS + rng.normal(0, spreadMin) * MINUTE_MS;
    // A forgotten or late bolus now and then: a much higher peak.
    const missedBolus = rng.float() < 0.08;
    const amplitude = clip(rng.normal(mean, sd), 15, 190) * (missedBolus ? 1.8 : 1);
    const peakMs = clip(rng.normal(70, 12), 45, 100) * MINUTE_MS;
    meals.push({ at, amplitude, peakMs });
    // Too much insulin for the meal: a low some hours later.
    if (!missedBolus && rng.float() < 0.18) {
      lows.push({
        at: at + clip(rng.normal(3.6, 0.4), 2.8, 4.5) * HOUR_MS,
        target: clip(rng.normal(58, 8), 44, 72),
        widthMs: 30 * MINUTE_MS,
      });
    }
  };
  meal(7.5, 30, 80, 30);
  meal(12.75, 40, 70, 30);
  meal(19, 50, 90, 35);
  if (rng.float() < 0.35) meal(16, 40, 35, 12);
  if (rng.float() < 0.15) {
    lows.push({
      at: dayMs + clip(rng.normal(3, 0.8), 1, 5) * HOUR_MS,
      target: clip(rng.normal(54, 7), 42, 66),
      widthMs: 40 * MINUTE_MS,
    });
  }
  if (rng.float() < 0.2) {
    lows.push({
      at: dayMs + clip(rng.normal(17.5, 1), 15, 20) * HOUR_MS,
      target: clip(rng.normal(64, 7), 50, 80),
      widthMs: 40 * MINUTE_MS,
    });
  }
  return { basal, meals, lows };
}

/** Time windows without readings: sensor changes (~2 h) and short signal losses. */
function gaps(rng: Rng, startMs: number, endMs: number, sensorDays: number): [number, number][] {
  const out: [number, number][] = [];
  // The current sensor was put on some days before the series starts, in the evening.
  let change = startMs + rng.int(1, sensorDays - 1) * DAY_MS + rng.normal(18.5, 0.7) * HOUR_MS;
  while (change < endMs) {
    out.push([change, change + clip(rng.normal(120, 10), 95, 145) * MINUTE_MS]);
    change += sensorDays * DAY_MS + rng.normal(0, 1.2) * HOUR_MS;
  }
  for (let day = startMs; day < endMs; day += DAY_MS) {
    if (rng.float() < 0.04) {
      const at = day + rng.float() * DAY_MS;
      out.push([at, at + rng.int(15, 50) * MINUTE_MS]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Meal response shape: x·e^(1−x), 0 before the meal, 1 at the peak, ~0.2 four peaks later. */
const mealCurve = (x: number): number => (x <= 0 ? 0 : x * Math.exp(1 - x));

/** The trace over `days` days ending at `endMs`, oldest first. */
export function cgmSeries(rng: Rng, options: CgmOptions): CgmPoint[] {
  const endMs = options.endMs ?? ANCHOR_MS;
  const sensorDays = options.sensorDays ?? 10;
  const startMs = endMs - options.days * DAY_MS;
  const firstDay = Math.floor(startMs / DAY_MS) * DAY_MS;

  // Day plans (one extra on each side so the basal level can be interpolated).
  const plans: DayPlan[] = [];
  let basal = 120;
  for (let d = firstDay - DAY_MS; d <= endMs + DAY_MS; d += DAY_MS) {
    basal += 0.3 * (118 - basal) + rng.normal(0, 16);
    const sick = rng.float() < 0.03 ? clip(rng.normal(85, 15), 50, 120) : 0;
    plans.push(planDay(rng, d, basal + sick));
  }
  const meals = plans.flatMap((p) => p.meals);
  const lows = plans.flatMap((p) => p.lows);
  if (options.forcedHypoAtMs !== undefined)
    lows.push({ at: options.forcedHypoAtMs, target: 47, widthMs: 20 * MINUTE_MS });
  lows.sort((a, b) => a.at - b.at);
  const holes = gaps(rng, startMs, endMs, sensorDays);

  const out: CgmPoint[] = [];
  const count = Math.round((endMs - startMs) / STEP_MS);
  let phase = rng.int(0, 299) * 1000;
  let noise = 0;
  let mealFrom = 0;
  let lowFrom = 0;
  let hole = 0;
  for (let k = 1; k <= count; k++) {
    const t = startMs + k * STEP_MS - phase;
    noise = 0.97 * noise + rng.normal(0, 4);
    let left = false;
    while ((holes[hole]?.[1] ?? Infinity) <= t) {
      hole++;
      left = true;
    }
    if (left) {
      // A new sensor (or the signal) comes back on its own 5-minute phase; this slot is warm-up.
      phase = rng.int(0, 299) * 1000;
      continue;
    }
    if (t >= (holes[hole]?.[0] ?? Infinity)) continue;
    const dayIndex = Math.floor((t - (firstDay - DAY_MS)) / DAY_MS);
    const frac = (t - (firstDay - DAY_MS)) / DAY_MS - dayIndex;
    const today = plans[dayIndex];
    const tomorrow = plans[dayIndex + 1];
    if (!today || !tomorrow) continue;
    const hour = (t % DAY_MS) / HOUR_MS;
    let g = today.basal + (tomorrow.basal - today.basal) * frac;
    g += 24 * Math.exp(-0.5 * ((hour - 6) / 1.3) ** 2); // dawn phenomenon
    while ((meals[mealFrom]?.at ?? Infinity) < t - 10 * HOUR_MS) mealFrom++;
    for (let i = mealFrom; i < meals.length; i++) {
      const m = meals[i];
      if (!m || m.at > t) break;
      g += m.amplitude * mealCurve((t - m.at) / m.peakMs);
    }
    g += noise;
    while ((lows[lowFrom]?.at ?? Infinity) < t - 3 * HOUR_MS) lowFrom++;
    for (let i = lowFrom; i < lows.length; i++) {
      const low = lows[i];
      if (!low || low.at > t + 3 * HOUR_MS) break;
      const w = Math.exp(-0.5 * ((t - low.at) / low.widthMs) ** 2);
      g = g * (1 - w) + low.target * w;
    }
    g += rng.normal(0, 2); // sensor noise
    out.push({ t, mgdl: Math.round(clip(g, 40, 400)) });
  }
  return out;
}

/**
 * One year of a CGM trace (≈104,000 points) ending at the data anchor, for drawing
 * benchmarks. Same seed ⇒ same points.
 */
export function cgmYear(seed: number): CgmPoint[] {
  return cgmSeries(new Rng(seed), { days: 365 });
}
