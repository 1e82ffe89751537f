/**
 * What the trend charts and the AGP draw, from a patient's readings: one time series per value
 * slot (in the metric's canonical unit, usable readings only), the absolute thresholds as bands
 * in that unit, and the AGP with the consensus CGM metrics. Shared by the screen charts
 * (MetricTrend) and the printed report, so both show the same numbers.
 */
import {
  agpProfile,
  glucoseMetrics,
  type AgpProfile,
  type GlucoseMetrics,
} from '../../../../shared/monitoring/agp';
import { METRICS, type MetricKey, type ValueSlot } from '../../../../shared/monitoring/metrics';
import type { PlanMetric } from '../../../../shared/monitoring/plan';
import type { Reading } from '../../../../shared/monitoring/readings';
import { convertValue } from '../../../../shared/monitoring/units';
import { timeSeriesOf, type TimeSeries } from './charts/downsample-cache';
import type { ChartThreshold } from './charts/draw-series';

const DAY_MS = 86_400_000;

export function slotsOf(metric: MetricKey): ValueSlot[] {
  return metric === 'blood-pressure' ? ['systolic', 'diastolic'] : ['value'];
}

/** Usable measured values of one slot, canonical unit, in time order. */
export function slotSeries(readings: readonly Reading[], slot: ValueSlot): TimeSeries {
  return timeSeriesOf(
    readings.flatMap((r) => {
      const v = r.values[slot];
      if (!r.usable || r.epoch === undefined || v?.kind !== 'measured') return [];
      return [{ t: r.epoch, value: v.canonical ?? null }];
    }),
  );
}

/** The metric's above/below thresholds that apply to `slot`, converted to the canonical unit. */
export function slotThresholds(metric: PlanMetric, slot: ValueSlot): ChartThreshold[] {
  const canonical = METRICS[metric.metric].canonicalUnit;
  return metric.thresholds.flatMap((th) => {
    if (th.kind !== 'above' && th.kind !== 'below') return [];
    if (slot !== 'value' && th.component !== undefined && th.component !== slot) return [];
    const value = convertValue(th.value, th.unit, canonical);
    return value === undefined ? [] : [{ level: th.level, kind: th.kind, value }];
  });
}

/** The AGP and CGM metrics over the `days` ending at the newest reading. */
export function agpOf(
  readings: readonly Reading[],
  days: number,
): { profile: AgpProfile; metrics: GlucoseMetrics } {
  const points = readings.flatMap((r) => {
    const v = r.values.value;
    return r.usable && r.epoch !== undefined && v?.kind === 'measured' && v.canonical
      ? [{ t: r.epoch, mgdl: v.canonical }]
      : [];
  });
  // A loop, not Math.max(...): a year of CGM is 105,000 points (too many arguments).
  let last = 0;
  for (const p of points) if (p.t > last) last = p.t;
  const to = last + 1;
  const window = { from: to - days * DAY_MS, to };
  return {
    profile: agpProfile(points, window, {
      tzOffsetMinutes: (x) => -new Date(x).getTimezoneOffset(),
    }),
    metrics: glucoseMetrics(points, window, { expectedPerDay: 288 }),
  };
}
