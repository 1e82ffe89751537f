/**
 * The triage list: every monitored patient ranked red → yellow → missed → fine (then newest
 * alert first), with the top reason and the time of the last reading, after the clinicians'
 * acknowledgements and snoozes (FHIR Tasks, parsed by actions.ts) are applied. Many patients at
 * once is what clinicians ask for (nightscout #8319); the work is linear in the readings, with
 * one sort per patient and metric.
 */
import { compareAlerts, type Alert } from './alerts';
import type { MetricKey } from './metrics';
import type { MonitoringPlan } from './plan';
import type { Reading } from './readings';
import { evaluatePatient, type EvaluateOptions } from './rules';
import { snoozeEnd } from './snooze-expiry';

export type TriageCategory = 'red' | 'yellow' | 'missed' | 'fine';
export const TRIAGE_CATEGORIES: readonly TriageCategory[] = ['red', 'yellow', 'missed', 'fine'];
const RANK: Readonly<Record<TriageCategory, number>> = { red: 0, yellow: 1, missed: 2, fine: 3 };

/** A clinician acknowledged these alerts: they disappear from the list for good. */
export interface Acknowledgement {
  alertIds: readonly string[];
  /** Epoch ms of the acknowledgement. */
  at?: number;
  taskId?: string;
  note?: string;
}

/**
 * A clinician snoozed these alerts: hidden until `until` (epoch ms), through the calendar day
 * `untilDate`, or — without either — until a reading of the alert's metric newer than the
 * snooze (`at`) arrives.
 */
export interface Snooze {
  alertIds: readonly string[];
  at: number;
  until?: number;
  /**
   * `YYYY-MM-DD` (a date-only `restriction.period.end`): hidden through that whole day of the
   * clinician's calendar (FHIR Period: a date-only end includes the day). Compared as a
   * calendar date with {@link TriageOptions.today}, never turned into an instant, so no time
   * zone can move it.
   */
  untilDate?: string;
  taskId?: string;
}

/** A hidden alert and the snooze that hides it (shown as "snoozed until …"). */
export interface SnoozedAlert {
  alert: Alert;
  snooze: Snooze;
}

export interface TriagePatient {
  plan: MonitoringPlan;
  /** The patient's readings, any order, flagged ones included. */
  readings: readonly Reading[];
}

export interface TriageOptions extends EvaluateOptions {
  acknowledgements?: readonly Acknowledgement[];
  snoozes?: readonly Snooze[];
  /** Only rows in these categories. */
  categories?: readonly TriageCategory[];
  /** Only these metrics: other metrics' alerts are ignored, patients not monitoring them left out. */
  metrics?: readonly MetricKey[];
  /**
   * The clinician's calendar day (`YYYY-MM-DD`) for snoozes through a date; default the UTC
   * date of `now`. The renderer passes its local day (shared/fhir/dates `localToday`).
   */
  today?: string;
}

export interface TriageRow {
  patientId: string;
  carePlanId: string;
  category: TriageCategory;
  /** Visible alerts, most urgent first. */
  alerts: Alert[];
  /** The alert that decides the category (its `reason`/`text` is the row's reason). */
  top?: Alert;
  /** Newest `at` of the visible alerts. */
  newestAlertAt?: number;
  /** Newest usable reading of the (filtered) monitored metrics. */
  lastReadingAt?: number;
  lastReadingAtByMetric: Partial<Record<MetricKey, number>>;
  /** How many alerts acknowledgements and snoozes hide. */
  hidden: { acknowledged: number; snoozed: number };
  /** The snoozed alerts, most urgent first, each with the snooze hiding it. */
  snoozed: SnoozedAlert[];
  /** Readings the rules could not use (unrecognised, implausible, future-dated…): to review. */
  flagged: Reading[];
}

/** Lookups built once per triage from the Tasks. */
export interface ActionIndex {
  acknowledged: ReadonlySet<string>;
  snoozes: ReadonlyMap<string, readonly Snooze[]>;
}

export function indexActions(
  acknowledgements: readonly Acknowledgement[] = [],
  snoozes: readonly Snooze[] = [],
): ActionIndex {
  const acknowledged = new Set<string>();
  for (const a of acknowledgements) for (const id of a.alertIds) acknowledged.add(id);
  const byAlert = new Map<string, Snooze[]>();
  for (const s of snoozes) {
    for (const id of s.alertIds) {
      const list = byAlert.get(id);
      if (list) list.push(s);
      else byAlert.set(id, [s]);
    }
  }
  return { acknowledged, snoozes: byAlert };
}

/** The snooze that still hides `alert` at `now` / `today`, if any (an ended one never does). */
function activeSnooze(
  alert: Alert,
  list: readonly Snooze[] | undefined,
  lastAt: Partial<Record<MetricKey, number>>,
  now: number,
  today: string,
): Snooze | undefined {
  if (!list) return undefined;
  // The same rule that decides when a snooze Task is closed on the server (snooze-expiry.ts).
  return list.find((s) => snoozeEnd(s, alert.metric, lastAt, now, today) === undefined);
}

/** `YYYY-MM-DD` of an epoch in UTC (the default calendar day when none is given). */
function utcDay(epoch: number): string {
  return new Date(epoch).toISOString().slice(0, 10);
}

/** One patient's row. `actions` from {@link indexActions} (built once for many patients). */
export function triagePatient(
  patient: TriagePatient,
  options: TriageOptions,
  actions: ActionIndex = indexActions(options.acknowledgements, options.snoozes),
): TriageRow {
  const { plan } = patient;
  const wanted = options.metrics ? new Set(options.metrics) : undefined;
  const evaluation = evaluatePatient(plan, patient.readings, options);
  const lastReadingAtByMetric: Partial<Record<MetricKey, number>> = {};
  let lastReadingAt: number | undefined;
  for (const m of plan.metrics) {
    const at = evaluation.lastReadingAt[m.metric];
    if (at === undefined || (wanted && !wanted.has(m.metric))) continue;
    lastReadingAtByMetric[m.metric] = at;
    if (lastReadingAt === undefined || at > lastReadingAt) lastReadingAt = at;
  }
  const alerts: Alert[] = [];
  const snoozedAlerts: SnoozedAlert[] = [];
  const hidden = { acknowledged: 0, snoozed: 0 };
  const today = options.today ?? utcDay(options.now);
  for (const alert of evaluation.alerts) {
    if (wanted && !wanted.has(alert.metric)) continue;
    if (actions.acknowledged.has(alert.id)) {
      hidden.acknowledged++;
      continue;
    }
    const snooze = activeSnooze(
      alert,
      actions.snoozes.get(alert.id),
      evaluation.lastReadingAt,
      options.now,
      today,
    );
    if (snooze) {
      hidden.snoozed++;
      snoozedAlerts.push({ alert, snooze });
    } else alerts.push(alert);
  }
  alerts.sort(compareAlerts);
  snoozedAlerts.sort((a, b) => compareAlerts(a.alert, b.alert));
  const top = alerts[0];
  let newestAlertAt: number | undefined;
  for (const a of alerts)
    if (newestAlertAt === undefined || a.at > newestAlertAt) newestAlertAt = a.at;
  const flagged = evaluation.readings.flagged.filter(
    (r) => !wanted || r.metric === undefined || wanted.has(r.metric),
  );
  const row: TriageRow = {
    patientId: plan.patientId,
    carePlanId: plan.carePlanId,
    category: top ? top.level : 'fine',
    alerts,
    lastReadingAtByMetric,
    hidden,
    snoozed: snoozedAlerts,
    flagged,
  };
  if (top) row.top = top;
  if (newestAlertAt !== undefined) row.newestAlertAt = newestAlertAt;
  if (lastReadingAt !== undefined) row.lastReadingAt = lastReadingAt;
  return row;
}

/** Row order: category, then newest alert first, then patient id (stable across runs). */
export function compareRows(a: TriageRow, b: TriageRow): number {
  return (
    RANK[a.category] - RANK[b.category] ||
    (b.newestAlertAt ?? -Infinity) - (a.newestAlertAt ?? -Infinity) ||
    (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0)
  );
}

/** The ranked triage list of all monitored patients at `options.now`. */
export function triage(patients: readonly TriagePatient[], options: TriageOptions): TriageRow[] {
  const actions = indexActions(options.acknowledgements, options.snoozes);
  const categories = options.categories ? new Set(options.categories) : undefined;
  const wanted = options.metrics ? new Set(options.metrics) : undefined;
  const rows: TriageRow[] = [];
  for (const p of patients) {
    if (wanted && !p.plan.metrics.some((m) => m.active && wanted.has(m.metric))) continue;
    const row = triagePatient(p, options, actions);
    if (!categories || categories.has(row.category)) rows.push(row);
  }
  return rows.sort(compareRows);
}
