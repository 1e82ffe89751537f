/**
 * Missed-reading alerts from the expected frequency in the plan (CarePlan activity
 * scheduledTiming), the kind of reliable "no data" alarm clinicians ask for (nightscout #4492).
 *
 * Spot readings (fewer than {@link CONTINUOUS_PER_DAY} a day): with an interval of
 * 24 h ÷ readings-per-day, a reading is missed once nothing has arrived for
 * {@link MISSED_GRACE_FACTOR} × the interval — daily weight after 36 h, twice-daily BP after
 * 18 h. The half interval of grace lets a patient weigh at 9:00 one day and 20:00 the next
 * without an alarm. The gap is counted from the newest single reading, or from the plan start
 * when nothing has arrived since (a patient enrolled this morning is not late yet).
 *
 * Continuous readings (CGM, 288 a day): a five-minute gap is not news, so two separate rules
 * apply instead: a data gap of {@link CGM_GAP_MS} or more, and wear time below
 * {@link CGM_WEAR_TARGET} of the last 14 days (Tidepool TIDE's "CGM wear < 70 %"), judged only
 * after a day of monitoring.
 */
import { gapReason, missedReason, wearReason } from './alert-text';
import type { MetricKey } from './metrics';
import type { MonitoringPlan, PlanMetric } from './plan';
import type { Reading } from './readings';
import { alertId, type Alert } from './alerts';
import type { PatientReadings } from './series';

const DAY_MS = 86_400_000;

export const MISSED_GRACE_FACTOR = 1.5;
/** From this many readings a day on, a metric is continuous and uses wear-time rules. */
export const CONTINUOUS_PER_DAY = 24;
export const CGM_GAP_MS = DAY_MS;
export const CGM_WEAR_TARGET = 0.7;
export const CGM_WEAR_WINDOW_MS = 14 * DAY_MS;
/** Wear time is not judged on less than this much monitoring. */
export const CGM_MIN_WEAR_SPAN_MS = DAY_MS;

/** UTC calendar day of an epoch, `YYYY-MM-DD` (string arithmetic, no local time). */
function utcDay(epoch: number): string {
  return new Date(epoch).toISOString().slice(0, 10);
}

/**
 * Share of the expected slots (24 h ÷ readings-per-day each) in [from, to) that hold at least
 * one reading; 0..1. Duplicates in one slot count once, so a re-sent batch cannot inflate it.
 */
export function wearFraction(
  readings: readonly Reading[],
  perDay: number,
  from: number,
  to: number,
): number {
  const slotMs = DAY_MS / perDay;
  const expected = Math.floor((to - from) / slotMs);
  if (expected <= 0) return 1;
  const slots = new Set<number>();
  for (const r of readings) {
    const t = r.epoch ?? -Infinity;
    if (t >= from && t < to) slots.add(Math.floor((t - from) / slotMs));
  }
  return Math.min(1, slots.size / expected);
}

function base(
  patientId: string,
  metric: MetricKey,
  rule: 'missed' | 'cgm-gap' | 'cgm-wear',
  subject: string,
  at: number,
  readings: Reading[],
): Omit<Alert, 'reason' | 'text'> {
  return {
    id: alertId(patientId, metric, rule, subject),
    patientId,
    metric,
    level: 'missed',
    rule,
    at,
    readings,
  };
}

/** What the gap of a metric is counted from. */
function anchorOf(
  plan: MonitoringPlan,
  last: Reading | undefined,
): { at: number; last?: Reading } | undefined {
  const start = plan.startEpoch;
  if (last?.epoch !== undefined && (start === undefined || last.epoch >= start)) {
    return { at: last.epoch, last };
  }
  return start === undefined ? undefined : { at: start };
}

function spotMissed(
  plan: MonitoringPlan,
  pm: PlanMetric,
  perDay: number,
  last: Reading | undefined,
  now: number,
): Alert[] {
  const anchor = anchorOf(plan, last);
  const { patientId } = plan;
  if (!anchor) {
    return [
      {
        ...base(patientId, pm.metric, 'missed', 'start', now, []),
        ...missedReason(pm.metric, perDay, { since: 'never' }),
      },
    ];
  }
  const deadline = anchor.at + (MISSED_GRACE_FACTOR * DAY_MS) / perDay;
  if (now <= deadline) return [];
  const gap = anchor.last
    ? { since: 'last-reading' as const, ms: now - anchor.at, lastAt: anchor.at }
    : { since: 'plan-start' as const, ms: now - anchor.at };
  return [
    {
      ...base(
        patientId,
        pm.metric,
        'missed',
        anchor.last?.id ?? 'start',
        deadline,
        anchor.last ? [anchor.last] : [],
      ),
      ...missedReason(pm.metric, perDay, gap),
    },
  ];
}

function continuousMissed(
  plan: MonitoringPlan,
  pm: PlanMetric,
  perDay: number,
  series: readonly Reading[],
  now: number,
): Alert[] {
  const alerts: Alert[] = [];
  const { patientId, startEpoch } = plan;
  const last = series.at(-1);
  const anchor = anchorOf(plan, last);
  if (anchor && now - anchor.at >= CGM_GAP_MS) {
    alerts.push({
      ...base(
        patientId,
        pm.metric,
        'cgm-gap',
        anchor.last?.id ?? 'start',
        anchor.at + CGM_GAP_MS,
        anchor.last ? [anchor.last] : [],
      ),
      ...gapReason(pm.metric, now - anchor.at, anchor.last?.epoch),
    });
  }
  const from = Math.max(now - CGM_WEAR_WINDOW_MS, startEpoch ?? now - CGM_WEAR_WINDOW_MS);
  if (now - from >= CGM_MIN_WEAR_SPAN_MS) {
    const wear = wearFraction(series, perDay, from, now);
    if (wear < CGM_WEAR_TARGET) {
      // One wear alert per UTC day: acknowledging it quietens it until the next day.
      alerts.push({
        ...base(patientId, pm.metric, 'cgm-wear', utcDay(now), now, []),
        ...wearReason(pm.metric, wear, now - from, CGM_WEAR_TARGET),
      });
    }
  }
  return alerts;
}

/** Missed-reading alerts of one patient at `now` (epoch ms). */
export function evaluateMissed(
  plan: MonitoringPlan,
  readings: PatientReadings,
  options: { now: number },
): Alert[] {
  const { now } = options;
  if (plan.endEpoch !== undefined && now > plan.endEpoch) return [];
  if (plan.startEpoch !== undefined && now < plan.startEpoch) return [];
  const alerts: Alert[] = [];
  for (const pm of plan.metrics) {
    const perDay = pm.expectedPerDay;
    if (!pm.active || perDay === undefined) continue;
    const series = readings.byMetric.get(pm.metric)?.readings ?? [];
    if (perDay >= CONTINUOUS_PER_DAY)
      alerts.push(...continuousMissed(plan, pm, perDay, series, now));
    else alerts.push(...spotMissed(plan, pm, perDay, series.at(-1), now));
  }
  return alerts;
}
