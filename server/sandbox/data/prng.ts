/**
 * Seeded randomness and the fixed clock for synthetic data. Output depends only on the seed,
 * never on the wall clock or Math.random, so the same seed gives byte-identical resources.
 */

/** mulberry32: tiny, fast, good enough for test data (not for crypto). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: gives every patient its own stream, independent of generation order. */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Approximately normal (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from empty list');
    return item;
  }
}

/** Rounds to `digits` decimals, returning a number that serialises without float noise. */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The synthetic data's "now": 2026-11-01T09:00:00Z. All generated dates are relative to it
 * (e.g. `daysAgo(30)`), and no generated `meta.lastUpdated` is later than it. The remote
 * monitoring resources are afterwards moved by whole days to the monitoring anchor (today for
 * a running sandbox; see anchor.ts), so live readings end near the sandbox start.
 */
export const ANCHOR_MS = Date.UTC(2026, 10, 1, 9, 0, 0);

/** An instant `days` (fractional allowed) before the anchor, as `YYYY-MM-DDThh:mm:ssZ`. */
export function daysAgo(days: number, hour = 9, minute = 0): string {
  const anchorDay = Date.UTC(2026, 10, 1);
  const ms = anchorDay - Math.round(days) * 86_400_000 + hour * 3_600_000 + minute * 60_000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The date part (`YYYY-MM-DD`) of `daysAgo(days)`. */
export function dateDaysAgo(days: number): string {
  return daysAgo(days).slice(0, 10);
}
