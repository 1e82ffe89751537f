/**
 * Alerts: what the rules raise for a clinician to act on, with a stable id (acknowledgements
 * and snoozes refer to it from FHIR Tasks) and a reason a clinician can read.
 */
import type { AlertReason } from './alert-text';
import type { MetricKey, ValueSlot } from './metrics';
import type { Reading } from './readings';
import type { Threshold, ThresholdKind } from './threshold';

export type { AlertReason } from './alert-text';

export type AlertLevel = 'red' | 'yellow' | 'missed';
export type AlertRule = ThresholdKind | 'missed' | 'cgm-wear' | 'cgm-gap';

export interface Alert {
  /** Stable: the same patient, metric, rule, level and reading always give the same id. */
  id: string;
  patientId: string;
  metric: MetricKey;
  level: AlertLevel;
  rule: AlertRule;
  /** The value slot checked (BP component), for threshold alerts. */
  slot?: ValueSlot;
  /** Epoch ms: the reading's time, or when a reading became overdue. */
  at: number;
  /** The readings involved: the one that breached, then the baseline of a rise/fall. */
  readings: Reading[];
  threshold?: Threshold;
  reason: AlertReason;
  /** Plain English, e.g. "Weight rose 2.4 kg in 3 days (84.1 → 86.5 kg); red limit +2 kg in 3 days". */
  text: string;
}

export const LEVEL_RANK: Readonly<Record<AlertLevel, number>> = { red: 0, yellow: 1, missed: 2 };

/**
 * Deterministic alert id `patient:metric:rule:subject`, where rule is e.g. `red-rise` or
 * `yellow-above-systolic` (level included, so an escalation from yellow to red is a new alert
 * that an earlier acknowledgement does not hide) and subject the reading's id.
 */
export function alertId(
  patientId: string,
  metric: MetricKey,
  rule: string,
  subject: string,
): string {
  return `${patientId}:${metric}:${rule}:${subject}`;
}

/** Orders alerts most urgent first: red, yellow, missed; then newest first; then by id. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    b.at - a.at ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
