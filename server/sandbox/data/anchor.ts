/**
 * Where the monitoring readings end. The synthetic data is generated on a fixed clock (prng.ts
 * `ANCHOR_MS`, 2026-11-01T09:00Z), so it is byte-identical for a seed; but a sandbox started
 * weeks later would show every monitored patient as "missed". The monitoring resources
 * (Devices, CarePlans, home readings) are therefore generated on the fixed clock and then moved
 * by whole days to the monitoring anchor: the stories keep their times of day (morning cuff
 * readings stay in the morning, the CGM's 03:10 low stays at night) and their values.
 *
 * The anchor, from `SANDBOX_ANCHOR`:
 * - `today` — the latest 09:00 UTC not after the sandbox start (readings end 0–24 h before
 *   it): the default for `npm start`, `npm run sandbox` and the web host;
 * - `fixed` — the fixed clock itself (nothing moves): the default under vitest, whose sandbox
 *   tests assert calendar dates (e.g. monitoring/control-route.test.ts);
 * - `YYYY-MM-DD` — 09:00 UTC of that day, for a test that wants a chosen, repeatable day.
 * Deterministic relative to the anchor: the same seed and anchor give identical resources.
 */
import type { GeneratedResource } from './builder';
import { ANCHOR_MS } from './prng';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The time of day of every anchor, as of the fixed one. */
const ANCHOR_HOUR = 9;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))$/;

export const ANCHOR_ENV = 'SANDBOX_ANCHOR';

export type AnchorSpec = { kind: 'fixed' } | { kind: 'today' } | { kind: 'day'; date: string };

/** Reads `SANDBOX_ANCHOR`; an unknown value is an error (a sandbox never guesses its clock). */
export function parseAnchorSpec(text: string): AnchorSpec {
  const value = text.trim();
  if (value === 'fixed') return { kind: 'fixed' };
  if (value === 'today') return { kind: 'today' };
  const m = DATE.exec(value);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(ms).toISOString().slice(0, 10) === value) return { kind: 'day', date: value };
  }
  throw new Error(`${ANCHOR_ENV} must be "today", "fixed" or a date YYYY-MM-DD (got "${text}")`);
}

/** The anchor instant (epoch ms, always 09:00 UTC) of a spec at `nowMs`. */
export function resolveAnchor(spec: AnchorSpec, nowMs: number): number {
  switch (spec.kind) {
    case 'fixed':
      return ANCHOR_MS;
    case 'today':
      return Math.floor((nowMs - ANCHOR_HOUR * HOUR_MS) / DAY_MS) * DAY_MS + ANCHOR_HOUR * HOUR_MS;
    case 'day':
      return Date.parse(`${spec.date}T00:00:00Z`) + ANCHOR_HOUR * HOUR_MS;
  }
}

/**
 * The anchor for this process: `SANDBOX_ANCHOR` when set, else `today`. The unit tests pin
 * `fixed` (vitest.config.ts `test.env`), so their expected dates never move.
 */
export function monitoringAnchorFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  nowMs: number = Date.now(),
): number {
  const text = env[ANCHOR_ENV];
  const spec: AnchorSpec =
    text !== undefined && text.trim() !== '' ? parseAnchorSpec(text) : { kind: 'today' };
  return resolveAnchor(spec, nowMs);
}

/** Whole days from the fixed clock to `anchorMs` (anchors are 09:00 UTC, so exact). */
export function daysFromFixed(anchorMs: number): number {
  return Math.round((anchorMs - ANCHOR_MS) / DAY_MS);
}

/**
 * A full FHIR date or dateTime moved by `days` calendar days: only the date part changes, the
 * time and the zone stay as written (a whole-day move at a fixed offset). Anything else —
 * partial dates, ids, text — is returned unchanged.
 */
export function shiftDateString(value: string, days: number): string {
  const m = DATE_TIME.exec(value) ?? DATE.exec(value);
  if (!m) return value;
  const moved = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  // Keep 4-digit years; dates outside 0000–9999 are not FHIR dates and never generated.
  return `${moved.toISOString().slice(0, 10)}${m[4] ?? ''}`;
}

function shiftValue(value: unknown, days: number): unknown {
  if (typeof value === 'string') return shiftDateString(value, days);
  if (Array.isArray(value)) return value.map((v) => shiftValue(v, days));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shiftValue(v, days)]),
    );
  }
  return value;
}

/** Moves every date in the resources (and their upload stamps) by `days` days. */
export function shiftResources(
  resources: readonly GeneratedResource[],
  days: number,
): GeneratedResource[] {
  if (days === 0) return [...resources];
  return resources.map((g) => ({
    resource: shiftValue(g.resource, days) as GeneratedResource['resource'],
    lastUpdated: shiftDateString(g.lastUpdated, days),
  }));
}
