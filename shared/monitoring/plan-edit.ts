/**
 * Writing the remote-monitoring CarePlan: enrolment, threshold edits and frequency edits.
 * Every edit returns a whole new CarePlan to PUT as the next version (the contract keeps
 * thresholds on the FHIR server so every workstation of the clinic sees the same rules).
 * Edits start from the resource as read and change only what they must, so fields this app
 * does not know (other extensions, notes, goals, other activities) survive.
 * @see https://hl7.org/fhir/R4/careplan.html
 * @see https://hl7.org/fhir/R4/http.html#update (version-aware update with If-Match)
 */
import type { CarePlan, CarePlanActivity, Extension, Reference, Timing } from 'fhir/r4';
import { strictEpoch } from './fhir-shapes';
import {
  BP_COMPONENT_LOINC,
  LOINC_SYSTEM,
  METRICS,
  metricOfConcept,
  type BpComponent,
  type MetricKey,
} from './metrics';
import {
  CARE_PLAN_CATEGORY_SYSTEM,
  REMOTE_MONITORING_CODE,
  isActiveDetailStatus,
  parseMonitoringPlan,
  perDayOfRepeat,
  type MonitoringPlan,
} from './plan';
import {
  THRESHOLD_URL,
  thresholdExtension,
  type Threshold,
  type ThresholdKind,
  type ThresholdLevel,
  type WindowUnit,
} from './threshold';
import type { UcumUnit } from './units';

export type CarePlanEditResult =
  { ok: true; carePlan: CarePlan; plan: MonitoringPlan } | { ok: false; error: string };

/** Readings per day as a FHIR Timing: "n a day", "every n days", else "every n hours". */
export function timingForPerDay(perDay: number): Timing {
  if (Number.isInteger(perDay))
    return { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } };
  const days = 1 / perDay;
  if (Math.abs(days - Math.round(days)) < 1e-9) {
    return { repeat: { frequency: 1, period: Math.round(days), periodUnit: 'd' } };
  }
  return {
    repeat: { frequency: 1, period: Math.round((24 / perDay) * 1000) / 1000, periodUnit: 'h' },
  };
}

export interface NewPlanInput {
  /** Client-assigned id; the contract's convention is `rm-<patientId>`. */
  id?: string;
  patientId: string;
  title?: string;
  /** First day (or moment) of monitoring; missed-reading alerts count from here. */
  start: string;
  author?: Reference;
  metrics: readonly { metric: MetricKey; expectedPerDay?: number }[];
}

function newActivity(metric: MetricKey, perDay: number | undefined): CarePlanActivity {
  return {
    detail: {
      status: 'in-progress',
      code: { coding: [{ system: LOINC_SYSTEM, code: METRICS[metric].planCode }] },
      ...(perDay !== undefined ? { scheduledTiming: timingForPerDay(perDay) } : {}),
    },
  };
}

/** A new enrolment: the remote-monitoring CarePlan for one patient, without thresholds yet. */
export function buildMonitoringCarePlan(input: NewPlanInput): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: input.id ?? `rm-${input.patientId}`,
    status: 'active',
    intent: 'plan',
    category: [
      {
        coding: [
          {
            system: CARE_PLAN_CATEGORY_SYSTEM,
            code: REMOTE_MONITORING_CODE,
            display: 'Remote monitoring',
          },
        ],
      },
    ],
    ...(input.title !== undefined ? { title: input.title } : {}),
    subject: { reference: `Patient/${input.patientId}` },
    period: { start: input.start },
    ...(input.author ? { author: input.author } : {}),
    activity: input.metrics.map((m) => newActivity(m.metric, m.expectedPerDay)),
  };
}

function activityMetric(a: CarePlanActivity): MetricKey | undefined {
  const found = metricOfConcept(a.detail?.code);
  return found && 'match' in found ? found.match.metric : undefined;
}

function checked(carePlan: CarePlan): CarePlanEditResult {
  const parsed = parseMonitoringPlan(carePlan);
  return parsed.ok ? { ok: true, carePlan, plan: parsed.plan } : { ok: false, error: parsed.error };
}

/** A deep copy to edit, and the activity of `metric` in it (appended when absent). */
function editable(
  carePlan: CarePlan,
  metric: MetricKey,
): { copy: CarePlan; activity: CarePlanActivity } {
  const copy = structuredClone(carePlan);
  copy.activity ??= [];
  let activity = copy.activity.find((a) => activityMetric(a) === metric);
  if (!activity) {
    activity = newActivity(metric, undefined);
    copy.activity.push(activity);
  }
  return { copy, activity };
}

export interface ThresholdChange {
  metric: MetricKey;
  level: ThresholdLevel;
  kind: ThresholdKind;
  /** Blood pressure: which component. */
  component?: BpComponent;
  /** The new limit (with its window for rise/fall), or null to remove the threshold. */
  limit: { value: number; unit: UcumUnit; window?: { value: number; unit: WindowUnit } } | null;
}

function code(ext: Extension, url: string): string | undefined {
  return ext.extension?.find((e) => e.url === url)?.valueCode;
}

/**
 * Sets, replaces or removes one threshold (identified by metric, level, kind and component),
 * recording who set it and when. The result is validated like a CarePlan read from the server,
 * so a limit in a unit that does not fit the metric comes back as an error to show.
 */
export function setThreshold(
  carePlan: CarePlan,
  change: ThresholdChange,
  who: Reference,
  when: string,
): CarePlanEditResult {
  const before = parseMonitoringPlan(carePlan);
  if (!before.ok) return { ok: false, error: `the CarePlan cannot be edited: ${before.error}` };
  if (!when.includes('T') || strictEpoch(when) === undefined) {
    return { ok: false, error: `"${when}" is not a dateTime with a time` };
  }
  const { copy, activity } = editable(carePlan, change.metric);
  const detail = (activity.detail ??= { status: 'in-progress' });
  const extensions = (detail.extension ??= []);
  const componentCode = change.component ? BP_COMPONENT_LOINC[change.component] : undefined;
  const at = extensions.findIndex(
    (e) =>
      e.url === THRESHOLD_URL &&
      code(e, 'level') === change.level &&
      code(e, 'kind') === change.kind &&
      code(e, 'component') === componentCode,
  );
  if (change.limit === null) {
    if (at >= 0) extensions.splice(at, 1);
  } else {
    const threshold: Threshold = {
      level: change.level,
      kind: change.kind,
      ...(change.component ? { component: change.component } : {}),
      value: change.limit.value,
      unit: change.limit.unit,
      ...(change.limit.window ? { window: change.limit.window } : {}),
      setBy: who,
      setAt: when,
    };
    const ext = thresholdExtension(threshold);
    if (at >= 0) extensions[at] = ext;
    else extensions.push(ext);
  }
  if (extensions.length === 0) delete detail.extension;
  return checked(copy);
}

/** Sets how many readings a day are expected (null: no expectation, no missed-reading alerts). */
export function setExpectedFrequency(
  carePlan: CarePlan,
  metric: MetricKey,
  perDay: number | null,
): CarePlanEditResult {
  if (perDay !== null && !(perDay > 0 && Number.isFinite(perDay))) {
    return { ok: false, error: `expected readings per day must be positive (got ${perDay})` };
  }
  const { copy, activity } = editable(carePlan, metric);
  const detail = (activity.detail ??= { status: 'in-progress' });
  if (perDay === null) delete detail.scheduledTiming;
  else detail.scheduledTiming = timingForPerDay(perDay);
  return checked(copy);
}

/**
 * The CarePlan for a domain plan. With `original`, everything the domain does not model is
 * kept: unknown top-level fields, activities that are not metrics, and each metric activity's
 * other fields and non-threshold extensions. Metric activities absent from the plan are removed.
 */
export function monitoringPlanToCarePlan(plan: MonitoringPlan, original?: CarePlan): CarePlan {
  const base: CarePlan = original
    ? structuredClone(original)
    : buildMonitoringCarePlan({
        id: plan.carePlanId,
        patientId: plan.patientId,
        start: plan.start ?? '',
        metrics: [],
      });
  base.id = plan.carePlanId;
  base.subject = { ...base.subject, reference: `Patient/${plan.patientId}` };
  if (plan.title !== undefined) base.title = plan.title;
  if (plan.start !== undefined || plan.end !== undefined) {
    base.period = {
      ...base.period,
      ...(plan.start !== undefined ? { start: plan.start } : {}),
      ...(plan.end !== undefined ? { end: plan.end } : {}),
    };
  } else delete base.period;
  const others = (base.activity ?? []).filter((a) => activityMetric(a) === undefined);
  const activities = plan.metrics.map((m) => {
    const old = (original?.activity ?? []).find((a) => activityMetric(a) === m.metric);
    const fresh = newActivity(m.metric, m.expectedPerDay);
    const detail = { ...fresh.detail, ...structuredClone(old?.detail ?? {}) };
    const was = old?.detail?.status;
    if (m.active !== isActiveDetailStatus(was))
      detail.status = m.active ? 'in-progress' : 'on-hold';
    else detail.status = was ?? 'in-progress';
    // An unchanged frequency keeps the Timing as written ("every 24 h" stays, not "1 a day").
    const oldPerDay = perDayOfRepeat(old?.detail?.scheduledTiming?.repeat);
    if (m.expectedPerDay === undefined) delete detail.scheduledTiming;
    else if (oldPerDay === undefined || Math.abs(oldPerDay - m.expectedPerDay) > 1e-9) {
      detail.scheduledTiming = timingForPerDay(m.expectedPerDay);
    }
    const kept = (detail.extension ?? []).filter((e) => e.url !== THRESHOLD_URL);
    const extension = [...kept, ...m.thresholds.map(thresholdExtension)];
    if (extension.length > 0) detail.extension = extension;
    else delete detail.extension;
    return { ...structuredClone(old ?? {}), detail } as CarePlanActivity;
  });
  base.activity = [...activities, ...others];
  return base;
}
