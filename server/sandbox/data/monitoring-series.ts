/**
 * Building blocks for home-reading series: reading slots on the fixed clock (anchor
 * 2026-11-01T09:00Z, nothing later), a mean-reverting random walk for physiological values,
 * and a writer that turns readings into generated Observations with stable ids and upload
 * stamps. Pure: output depends only on the Rng it is given.
 */
import type { GeneratedResource } from './builder';
import type { DeviceRef, ReadingSpec } from './monitoring-resources';
import { homeObservation } from './monitoring-resources';
import { ANCHOR_MS } from './prng';
import type { Rng } from './prng';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Midnight (UTC) of the anchor day; `daysAgo` counts whole days back from it. */
export const ANCHOR_DAY_MS = Date.UTC(2026, 10, 1);

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `YYYY-MM-DDThh:mm:ssZ` (no milliseconds, like the rest of the synthetic data). Formats the
 * time itself and caches each day's date part: `toISOString()` for 26,000 CGM readings was
 * the single largest cost of generating them.
 */
export function iso(ms: number): string {
  if (ms % 1000 !== 0) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const seconds = (ms - day * DAY_MS) / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(seconds % 60)}Z`;
}

/** Midnight (UTC) `days` days before the anchor day. */
export const dayStart = (days: number, anchorDayMs = ANCHOR_DAY_MS): number =>
  anchorDayMs - days * DAY_MS;

export interface Slot {
  /** Whole days before the anchor day (0 = the anchor day). */
  day: number;
  /** Which of the day's hours this is (0 = first). */
  index: number;
  ms: number;
}

/**
 * One slot per day and hour, from `days - 1` days ago to the anchor day, each at a random minute
 * within `jitterMinutes` after the hour and a random second; slots after `endMs` are left out
 * (on the anchor day only the morning has happened).
 */
export function dailySlots(
  rng: Rng,
  days: number,
  hours: readonly number[],
  options: { jitterMinutes?: number; endMs?: number; anchorDayMs?: number } = {},
): Slot[] {
  const jitter = options.jitterMinutes ?? 40;
  const endMs = options.endMs ?? ANCHOR_MS;
  const out: Slot[] = [];
  for (let day = days - 1; day >= 0; day--) {
    hours.forEach((hour, index) => {
      const ms =
        dayStart(day, options.anchorDayMs) +
        hour * HOUR_MS +
        rng.int(0, jitter) * MINUTE_MS +
        rng.int(0, 59) * 1000;
      if (ms <= endMs) out.push({ day, index, ms });
    });
  }
  return out;
}

/**
 * A discrete Ornstein–Uhlenbeck walk: each step moves `pull` of the way back to `mean` and adds
 * normal noise `sd`. Values drift like a body's do, instead of jumping independently.
 */
export function meanReverting(
  rng: Rng,
  mean: number,
  sd: number,
  pull = 0.3,
): { next: (target?: number) => number; value: () => number } {
  let x = mean;
  return {
    next: (target = mean) => {
      x += pull * (target - x) + rng.normal(0, sd);
      return x;
    },
    value: () => x,
  };
}

export const round1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * Collects one patient's home readings as generated resources: ids `<patient>-home-00001`…,
 * `meta.lastUpdated` = when the reading reached the server (device uploads a few minutes
 * after measuring, typed-in readings at once), never after the anchor.
 */
export class HomeReadingWriter {
  readonly out: GeneratedResource[] = [];
  readonly subject: { reference: string };
  readonly performer: readonly { reference: string }[];
  private n = 0;

  constructor(
    readonly patientId: string,
    private readonly idPrefix = `${patientId}-home`,
    private readonly endMs = ANCHOR_MS,
  ) {
    this.subject = Object.freeze({ reference: `Patient/${patientId}` });
    this.performer = Object.freeze([this.subject]);
  }

  /** Adds a reading taken at `ms`; `device` undefined = typed in by the patient. */
  add(
    ms: number,
    metric: ReadingSpec['metric'],
    value: ReadingSpec['value'],
    unit: string,
    device: DeviceRef | undefined,
    note?: string,
  ): void {
    this.n++;
    const id = `${this.idPrefix}-${String(this.n).padStart(5, '0')}`;
    const resource = homeObservation(
      { id, metric, at: iso(ms), value, unit, device, note },
      this.subject,
      this.performer,
    );
    const uploaded = Math.min(ms + (device ? 3 : 1) * MINUTE_MS, this.endMs);
    this.out.push({ resource, lastUpdated: iso(uploaded) });
  }

  get count(): number {
    return this.n;
  }
}
