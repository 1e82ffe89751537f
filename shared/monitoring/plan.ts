/**
 * A patient's monitoring plan: the remote-monitoring CarePlan (one per patient, one activity
 * per metric) read into a domain object the rules evaluate. The CarePlan is the source of
 * truth on the FHIR server so every workstation sees the same thresholds; see
 * /work/notes/monitoring-contract.md for the agreed shape. Parsing is strict: a threshold that
 * cannot be understood fails the whole plan with a message naming it, because skipping it
 * would silently switch an alarm off.
 * @see https://hl7.org/fhir/R4/careplan.html
 * @see https://hl7.org/fhir/R4/datatypes.html#Timing
 */
import { z } from 'zod';
import { parseReference } from '../fhir/references';
import {
  codingSchema,
  conceptSchema,
  describeZodError,
  extensionSchema,
  periodSchema,
  referenceSchema,
  strictEpoch,
} from './fhir-shapes';
import { metricOfConcept, type MetricKey } from './metrics';
import { readThreshold, type Threshold } from './threshold';

export type { Threshold, ThresholdKind, ThresholdLevel, WindowUnit } from './threshold';
export {
  THRESHOLD_URL,
  THRESHOLD_KINDS,
  THRESHOLD_LEVELS,
  WINDOW_UNITS,
  windowToMs,
} from './threshold';

export const CARE_PLAN_CATEGORY_SYSTEM =
  'http://clinician-workstation.example/fhir/CodeSystem/care-plan-category';
export const REMOTE_MONITORING_CODE = 'remote-monitoring';

/** Activity states in which a metric is no longer monitored. */
const INACTIVE_DETAIL = new Set([
  'on-hold',
  'cancelled',
  'stopped',
  'completed',
  'entered-in-error',
]);

/** Days per FHIR `units-of-time` code; mo and a are the usual 30 and 365 day approximations. */
const DAYS_PER_UNIT: Readonly<Record<string, number>> = {
  s: 1 / 86_400,
  min: 1 / 1_440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30,
  a: 365,
};

export interface PlanMetric {
  metric: MetricKey;
  /** False when the activity is on hold, stopped, cancelled or completed: no alerts. */
  active: boolean;
  /** Readings expected per day (scheduledTiming.repeat); undefined = no missed-reading check. */
  expectedPerDay?: number;
  thresholds: Threshold[];
}

export interface MonitoringPlan {
  patientId: string;
  carePlanId: string;
  /** `meta.versionId` of the CarePlan read, for If-Match on the next PUT. */
  versionId?: string;
  status: string;
  title?: string;
  /** `period.start` as sent (date or dateTime) and as epoch ms (date-only = UTC midnight). */
  start?: string;
  startEpoch?: number;
  end?: string;
  endEpoch?: number;
  metrics: PlanMetric[];
}

export type PlanParseResult =
  { ok: true; plan: MonitoringPlan; warnings: string[] } | { ok: false; error: string };

const timingSchema = z.looseObject({
  repeat: z
    .looseObject({
      frequency: z.number().int().positive().optional(),
      period: z.number().positive().optional(),
      periodUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional(),
    })
    .optional(),
});

const activitySchema = z.looseObject({
  detail: z
    .looseObject({
      status: z.string().optional(),
      code: conceptSchema.optional(),
      scheduledTiming: timingSchema.optional(),
      extension: z.array(extensionSchema).optional(),
    })
    .optional(),
});

export const carePlanSchema = z.looseObject({
  resourceType: z.literal('CarePlan'),
  id: z.string().min(1, 'the CarePlan has no id'),
  meta: z.looseObject({ versionId: z.string().optional() }).optional(),
  status: z.string(),
  title: z.string().optional(),
  category: z.array(z.looseObject({ coding: z.array(codingSchema).optional() })).optional(),
  subject: referenceSchema,
  period: periodSchema.optional(),
  activity: z.array(activitySchema).optional(),
});
export type CarePlanShape = z.infer<typeof carePlanSchema>;

/** True when the CarePlan carries the remote-monitoring category. */
export function isMonitoringCarePlan(cp: Pick<CarePlanShape, 'category'>): boolean {
  return (cp.category ?? []).some((c) =>
    (c.coding ?? []).some(
      (x) => x.system === CARE_PLAN_CATEGORY_SYSTEM && x.code === REMOTE_MONITORING_CODE,
    ),
  );
}

/** Readings per day of a Timing.repeat; undefined when it lacks period or periodUnit. */
export function perDayOfRepeat(
  repeat:
    | {
        frequency?: number | undefined;
        period?: number | undefined;
        periodUnit?: string | undefined;
      }
    | undefined,
): number | undefined {
  if (repeat?.period === undefined || repeat.periodUnit === undefined) return undefined;
  const days = repeat.period * (DAYS_PER_UNIT[repeat.periodUnit] ?? Number.NaN);
  const perDay = (repeat.frequency ?? 1) / days;
  return Number.isFinite(perDay) && perDay > 0 ? perDay : undefined;
}

function expectedPerDay(
  timing: z.infer<typeof timingSchema> | undefined,
  where: string,
  errors: string[],
): number | undefined {
  const repeat = timing?.repeat;
  if (!repeat) return undefined;
  const perDay = perDayOfRepeat(repeat);
  if (perDay === undefined)
    errors.push(`${where}: scheduledTiming.repeat needs period and periodUnit`);
  return perDay;
}

function epochOf(value: string | undefined, where: string, errors: string[]): number | undefined {
  if (value === undefined) return undefined;
  const epoch = strictEpoch(value);
  if (epoch === undefined)
    errors.push(`${where}: "${value}" is not a FHIR date or a dateTime with a zone`);
  return epoch;
}

/** Reads a remote-monitoring CarePlan (any JSON) into a {@link MonitoringPlan}. */
export function parseMonitoringPlan(resource: unknown): PlanParseResult {
  const parsed = carePlanSchema.safeParse(resource);
  if (!parsed.success) {
    return { ok: false, error: `not a valid CarePlan: ${describeZodError(parsed.error)}` };
  }
  const cp = parsed.data;
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!isMonitoringCarePlan(cp)) {
    errors.push(`CarePlan/${cp.id} has no "${REMOTE_MONITORING_CODE}" category`);
  }
  const subject = cp.subject.reference ? parseReference(cp.subject.reference) : undefined;
  if (subject?.type !== 'Patient') {
    errors.push(`CarePlan/${cp.id}: subject must reference a Patient`);
  }
  const startEpoch = epochOf(cp.period?.start, 'period.start', errors);
  const endEpoch = epochOf(cp.period?.end, 'period.end', errors);
  const metrics: PlanMetric[] = [];
  (cp.activity ?? []).forEach((activity, i) => {
    const detail = activity.detail;
    const codes = (detail?.code?.coding ?? []).map((c) => c.code ?? '').join(', ');
    const where = `activity[${i}]${codes ? ` (${codes})` : ''}`;
    const found = metricOfConcept(detail?.code);
    if (!detail || !found) {
      warnings.push(`${where}: not a monitored metric; ignored`);
      return;
    }
    if ('ambiguous' in found) {
      errors.push(`${where}: codes name more than one metric (${found.ambiguous.join(', ')})`);
      return;
    }
    const metric = found.match.metric;
    if (metrics.some((m) => m.metric === metric)) {
      errors.push(`${where}: a second activity for ${metric} (one activity per metric)`);
      return;
    }
    const perDay = expectedPerDay(detail.scheduledTiming, where, errors);
    const thresholds: Threshold[] = [];
    (detail.extension ?? []).forEach((ext, j) => {
      const t = readThreshold(metric, ext, `${where} extension[${j}]`, errors);
      if (t) thresholds.push(t);
    });
    metrics.push({
      metric,
      active: isActiveDetailStatus(detail.status),
      ...(perDay !== undefined ? { expectedPerDay: perDay } : {}),
      thresholds,
    });
  });
  if (errors.length > 0 || !subject) return { ok: false, error: errors.join('; ') };
  return {
    ok: true,
    warnings,
    plan: {
      patientId: subject.id,
      carePlanId: cp.id,
      ...(cp.meta?.versionId ? { versionId: cp.meta.versionId } : {}),
      status: cp.status,
      ...(cp.title !== undefined ? { title: cp.title } : {}),
      ...(cp.period?.start !== undefined ? { start: cp.period.start } : {}),
      ...(startEpoch !== undefined ? { startEpoch } : {}),
      ...(cp.period?.end !== undefined ? { end: cp.period.end } : {}),
      ...(endEpoch !== undefined ? { endEpoch } : {}),
      metrics,
    },
  };
}

/** The plan entry of a metric, if monitored. */
export function planMetric(plan: MonitoringPlan, metric: MetricKey): PlanMetric | undefined {
  return plan.metrics.find((m) => m.metric === metric);
}

/** Whether an activity status means the metric is monitored (absent counts as monitored). */
export function isActiveDetailStatus(status: string | undefined): boolean {
  return !INACTIVE_DETAIL.has(status ?? '');
}
