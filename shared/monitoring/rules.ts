/**
 * Threshold rules: each recent reading of a monitored metric is checked against the patient's
 * red and yellow limits, in the metric's canonical unit whatever units the readings and the
 * limits were written in.
 *
 * - above / below: strict (a systolic of exactly 180 is not "above 180"), per BP component. A
 *   censored value counts only when it proves the breach ("< 20 mg/dL" is below 54 mg/dL).
 * - rise / fall over a window W: a reading at time t is compared with the lowest (rise) or
 *   highest (fall) reading in [t − W, t). The extreme, not the oldest, because a gain of 2 kg
 *   from the lightest weight of the last 3 days is what the heart-failure rule is about,
 *   whether or not a heavier day sat in between; among equal extremes the most recent one is
 *   taken (the fastest change is the one to report). The change triggers *at* the limit (a gain
 *   of 2 kg meets "+2 kg"). Summaries (means over days) take part in above/below only.
 * - Only readings since max(now − lookback, plan start) raise alerts; older readings still
 *   serve as baselines. Each (reading, component, kind) gives at most one alert: red beats
 *   yellow.
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
import { absoluteReason, relativeReason } from './alert-text';
import { LEVEL_RANK, alertId, compareAlerts, type Alert } from './alerts';
import { METRICS, type MetricKey, type ValueSlot } from './metrics';
import type { MonitoringPlan } from './plan';
import { usableMeasurement, type Measurement, type Reading } from './readings';
import { evaluateMissed } from './missed';
import { groupReadings, lastReading, type PatientReadings } from './series';
import { windowToMs, type Threshold } from './threshold';
import { convertValue } from './units';

export type { Alert, AlertLevel, AlertReason, AlertRule } from './alerts';
export { alertId, compareAlerts } from './alerts';

/** How far back readings raise threshold alerts unless told otherwise. */
export const DEFAULT_LOOKBACK_MS = 14 * 86_400_000;

export interface EvaluateOptions {
  /** Epoch ms. */
  now: number;
  lookbackMs?: number;
}

/** Compares with a tolerance so 64.1 − 62.1 (= 1.999999999999993 in binary) meets a 2 kg limit. */
function eps(limit: number): number {
  return 1e-9 * Math.max(1, Math.abs(limit));
}

function breachesAbsolute(
  m: Measurement & { canonical: number },
  kind: 'above' | 'below',
  limit: number,
): boolean {
  const v = m.canonical;
  const e = eps(limit);
  const c = m.comparator;
  if (kind === 'above') {
    if (c === '<' || c === '<=') return false;
    if (c === '>') return v >= limit - e;
    return v > limit + e;
  }
  if (c === '>' || c === '>=') return false;
  if (c === '<') return v <= limit + e;
  return v < limit - e;
}

interface Breach {
  threshold: Threshold;
  slot: ValueSlot;
  reading: Reading;
  baseline?: Reading;
}

function slotOf(t: Threshold): ValueSlot {
  return t.component ?? 'value';
}

function exact(
  r: Reading | undefined,
  slot: ValueSlot,
): (Measurement & { canonical: number }) | undefined {
  const v = r?.values[slot];
  return usableMeasurement(v) && v.comparator === undefined ? v : undefined;
}

/** The lowest (rise) or highest (fall) exact reading in [t − window, t) before index `i`. */
function baselineOf(
  series: readonly Reading[],
  i: number,
  slot: ValueSlot,
  kind: 'rise' | 'fall',
  windowMs: number,
): Reading | undefined {
  const at = series[i]?.epoch ?? 0;
  let best: Reading | undefined;
  let bestValue = 0;
  for (let j = i - 1; j >= 0; j--) {
    const r = series[j];
    if (!r || (r.epoch ?? 0) < at - windowMs) break;
    const v = exact(r, slot)?.canonical;
    if (v === undefined) continue;
    if (!best || (kind === 'rise' ? v < bestValue : v > bestValue)) {
      best = r;
      bestValue = v;
    }
  }
  return best;
}

/** Index of the first reading at or after `from` in a list sorted by time (binary search). */
function firstAtOrAfter(sorted: readonly Reading[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.epoch ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkAbsolute(
  t: Threshold & { kind: 'above' | 'below' },
  limit: number,
  list: readonly Reading[],
  from: number,
  until: number,
  consider: (b: Breach) => void,
): void {
  const slot = slotOf(t);
  for (let i = firstAtOrAfter(list, from); i < list.length; i++) {
    const r = list[i];
    if (!r || (r.epoch ?? 0) > until) break;
    const v = r.values[slot];
    if (usableMeasurement(v) && breachesAbsolute(v, t.kind, limit)) {
      consider({ threshold: t, slot, reading: r });
    }
  }
}

function checkRelative(
  t: Threshold & { kind: 'rise' | 'fall' },
  limit: number,
  list: readonly Reading[],
  from: number,
  until: number,
  consider: (b: Breach) => void,
): void {
  if (!t.window) return;
  const windowMs = windowToMs(t.window);
  const slot = slotOf(t);
  for (let i = firstAtOrAfter(list, from); i < list.length; i++) {
    const r = list[i];
    if (!r || (r.epoch ?? 0) > until) break;
    const now = exact(r, slot);
    if (!now) continue;
    const baseline = baselineOf(list, i, slot, t.kind, windowMs);
    const base = exact(baseline, slot);
    if (!baseline || !base) continue;
    const change =
      t.kind === 'rise' ? now.canonical - base.canonical : base.canonical - now.canonical;
    if (change >= limit - eps(limit)) consider({ threshold: t, slot, reading: r, baseline });
  }
}

function isAbsolute(t: Threshold): t is Threshold & { kind: 'above' | 'below' } {
  return t.kind === 'above' || t.kind === 'below';
}

/** Threshold alerts of one patient (see the file comment for the rules). */
export function evaluateThresholds(
  plan: MonitoringPlan,
  readings: PatientReadings,
  options: EvaluateOptions,
): Alert[] {
  const from = Math.max(
    options.now - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS),
    plan.startEpoch ?? -Infinity,
  );
  const until = Math.min(options.now, plan.endEpoch ?? Infinity);
  const alerts: Alert[] = [];
  for (const pm of plan.metrics) {
    const series = readings.byMetric.get(pm.metric);
    if (!pm.active || !series || pm.thresholds.length === 0) continue;
    const def = METRICS[pm.metric];
    const best = new Map<string, Breach>();
    const consider = (b: Breach): void => {
      const key = `${b.reading.id}|${b.slot}|${b.threshold.kind}`;
      const seen = best.get(key);
      if (!seen || LEVEL_RANK[b.threshold.level] < LEVEL_RANK[seen.threshold.level]) {
        best.set(key, b);
      }
    };
    for (const t of pm.thresholds) {
      const limit = convertValue(t.value, t.unit, def.canonicalUnit);
      if (limit === undefined) continue;
      if (isAbsolute(t)) {
        checkAbsolute(t, limit, series.readings, from, until, consider);
        checkAbsolute(t, limit, series.summaries, from, until, consider);
      } else {
        checkRelative(
          t as Threshold & { kind: 'rise' | 'fall' },
          limit,
          series.readings,
          from,
          until,
          consider,
        );
      }
    }
    for (const b of best.values()) {
      alerts.push(toAlert(plan.patientId, pm.metric, b, def.canonicalUnit));
    }
  }
  return alerts.sort(compareAlerts);
}

function toAlert(
  patientId: string,
  metric: MetricKey,
  b: Breach,
  canonicalUnit: (typeof METRICS)[MetricKey]['canonicalUnit'],
): Alert {
  const t = b.threshold;
  const m = b.reading.values[b.slot] as Measurement & { canonical: number };
  const base = b.baseline?.values[b.slot] as (Measurement & { canonical: number }) | undefined;
  const { reason, text } =
    b.baseline && base
      ? relativeReason(
          metric,
          b.slot,
          m,
          base,
          canonicalUnit,
          (b.reading.epoch ?? 0) - (b.baseline.epoch ?? 0),
          t,
        )
      : absoluteReason(metric, b.slot, m, t);
  const rule = `${t.level}-${t.kind}${b.slot === 'value' ? '' : `-${b.slot}`}`;
  return {
    id: alertId(patientId, metric, rule, b.reading.id),
    patientId,
    metric,
    level: t.level,
    rule: t.kind,
    slot: b.slot,
    at: b.reading.epoch ?? 0,
    readings: b.baseline ? [b.reading, b.baseline] : [b.reading],
    threshold: t,
    reason,
    text,
  };
}

/** Everything the rules say about one patient at `now`. */
export interface PatientEvaluation {
  patientId: string;
  /** Threshold and missed-reading alerts, most urgent first (see {@link compareAlerts}). */
  alerts: Alert[];
  /** The patient's readings as grouped for the rules (flagged ones included). */
  readings: PatientReadings;
  /** Newest usable reading per monitored metric (epoch ms). */
  lastReadingAt: Partial<Record<MetricKey, number>>;
}

/** Threshold and missed-reading alerts of one patient (readings in any order). */
export function evaluatePatient(
  plan: MonitoringPlan,
  readings: readonly Reading[],
  options: EvaluateOptions,
): PatientEvaluation {
  const grouped = groupReadings(readings);
  const alerts = [
    ...evaluateThresholds(plan, grouped, options),
    ...evaluateMissed(plan, grouped, options),
  ];
  const lastReadingAt: Partial<Record<MetricKey, number>> = {};
  for (const [metric, series] of grouped.byMetric) {
    const last = lastReading(series)?.epoch;
    if (last !== undefined) lastReadingAt[metric] = last;
  }
  return {
    patientId: plan.patientId,
    alerts: alerts.sort(compareAlerts),
    readings: grouped,
    lastReadingAt,
  };
}
