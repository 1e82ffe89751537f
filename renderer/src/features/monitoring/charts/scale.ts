/**
 * Value ↔ pixel mapping and axis ticks for the canvas charts. Pure, so the geometry that
 * decides where a reading is drawn (and which reading a drag lands on) is unit-tested without
 * a canvas.
 */

export interface LinearScale {
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Value → pixel (CSS px). */
  toPixel(value: number): number;
  /** Pixel → value: the inverse, used to turn a drag distance into a time span. */
  toValue(pixel: number): number;
}

/**
 * Affine map of `domain` onto `range` (either may be reversed, e.g. a y axis grows upwards).
 * A zero-width domain maps everything to the middle of the range instead of dividing by 0.
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0) {
    const mid = (r0 + r1) / 2;
    return { domain, range, toPixel: () => mid, toValue: () => d0 };
  }
  const k = (r1 - r0) / span;
  return {
    domain,
    range,
    toPixel: (value) => r0 + (value - d0) * k,
    toValue: (pixel) => d0 + (pixel - r0) / k,
  };
}

/** The smallest 1, 2 or 5 × 10^k step that cuts `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !(maxTicks >= 1)) return 1;
  const raw = span / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= raw * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

/** Multiples of {@link niceStep} inside `[min, max]`, free of float noise (0.30000000000000004). */
export function niceTicks(min: number, max: number, maxTicks: number): number[] {
  const step = niceStep(max - min, maxTicks);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(decimals)));
  }
  return ticks;
}

/**
 * A y domain that holds `[min, max]` and every threshold, widened to whole nice steps with a
 * little headroom, so the threshold bands are always visible and the axis does not jump
 * while the clinician pans (the domain is computed once for the whole series).
 */
export function niceDomain(
  min: number,
  max: number,
  include: readonly number[] = [],
  maxTicks = 5,
): [number, number] {
  const values = [min, max, ...include].filter(Number.isFinite);
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, maxTicks);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Candidate time steps; multi-day steps sit on a grid through a Monday (see {@link timeTicks}). */
const TIME_STEPS = [1, 2, 3, 6, 12]
  .map((h) => h * HOUR)
  .concat([1, 2, 7, 14, 28, 56, 91].map((d) => d * DAY));
const LONGEST_STEP = 182 * DAY;
/** 1970-01-01 was a Thursday: day number 4 is the first Monday. */
const FIRST_MONDAY = 4;

/**
 * Ticks for a time axis over `[from, to]` (epoch ms), at most `maxTicks`, on round local
 * times: hours of the day, local midnights, Mondays for steps of whole weeks (multi-day steps
 * sit on one fixed grid through 1970-01-05, so ticks do not hop while panning). The
 * caller formats them (locale is not this module's business) and gets `stepMs` to choose the
 * label's precision. Near a daylight-saving change a tick may sit an hour off its round local
 * time; ticks are visual guides, the data is never shifted.
 */
export function timeTicks(
  from: number,
  to: number,
  maxTicks: number,
  tzOffsetMinutes: (t: number) => number,
): { stepMs: number; ticks: number[] } {
  const span = to - from;
  const stepMs = TIME_STEPS.find((s) => span / s <= maxTicks) ?? LONGEST_STEP;
  const offset = (t: number): number => tzOffsetMinutes(t) * 60_000;
  // Local wall time → instant: one fixed-point step is exact away from offset changes.
  const toInstant = (local: number): number => local - offset(local - offset(local));
  const localFrom = from + offset(from);
  const phase = stepMs > DAY ? FIRST_MONDAY * DAY : 0;
  let local = Math.ceil((localFrom - phase) / stepMs) * stepMs + phase;
  const ticks: number[] = [];
  for (; ticks.length <= maxTicks + 1; local += stepMs) {
    const t = toInstant(local);
    if (t > to) break;
    if (t >= from) ticks.push(t);
  }
  return { stepMs, ticks };
}
