/**
 * The enrollment CarePlan `rm-<patient>` exactly as monitoring-contract.md fixes it: category
 * remote-monitoring, one activity per metric with its expected frequency
 * (`scheduledTiming.repeat`) and its alarm thresholds as `monitoring-threshold` extensions,
 * each with who set it and when (a threshold edit is a new version of the plan).
 */
import { DEMO_ACCOUNTS } from '../auth/accounts';
import type { IncomingResource } from '../fhir/types';
import { LOINC, UCUM } from './codes';
import {
  BP_DIASTOLIC,
  BP_SYSTOLIC,
  CARE_PLAN_CATEGORY,
  METRICS,
  REMOTE_MONITORING,
  THRESHOLD_URL,
  UNIT_DISPLAY,
} from './monitoring-codes';
import type { MetricKey } from './monitoring-codes';
import { coding } from './monitoring-resources';

/** One alarm threshold as the clinician set it (contract: `monitoring-threshold` extension). */
export interface ThresholdDef {
  level: 'red' | 'yellow';
  kind: 'above' | 'below' | 'rise' | 'fall';
  /** Blood pressure: which component the limit applies to. */
  component?: 'systolic' | 'diastolic';
  value: number;
  /** UCUM code of `value`. */
  unit: string;
  /** rise | fall only: over how many days. */
  windowDays?: number;
  /** Practitioner id. */
  setBy: string;
  /** Instant, e.g. `2026-08-24T09:00:00Z`. */
  setAt: string;
}

export interface ActivityDef {
  metric: MetricKey;
  /** Expected readings per day (`scheduledTiming.repeat.frequency`; CGM 288). */
  perDay: number;
  /** What the patient was asked to do. */
  description: string;
  thresholds: readonly ThresholdDef[];
}

export interface PlanDef {
  patientId: string;
  /** Shown after "Remote monitoring: ", e.g. "heart failure". */
  topic: string;
  /** Enrollment date (`YYYY-MM-DD`). */
  start: string;
  authorId: string;
  /** Condition ids the plan addresses. */
  addresses?: readonly string[];
  activities: readonly ActivityDef[];
}

const practitionerRef = (id: string): Record<string, string> => {
  const account = DEMO_ACCOUNTS.find((a) => a.practitionerId === id);
  return { reference: `Practitioner/${id}`, ...(account ? { display: account.displayName } : {}) };
};

function thresholdExtension(t: ThresholdDef): Record<string, unknown> {
  const ucum = (value: number, unit: string): Record<string, unknown> => ({
    value,
    unit: UNIT_DISPLAY[unit] ?? unit,
    system: UCUM,
    code: unit,
  });
  const component =
    t.component === undefined
      ? undefined
      : { systolic: BP_SYSTOLIC, diastolic: BP_DIASTOLIC }[t.component];
  return {
    url: THRESHOLD_URL,
    extension: [
      { url: 'level', valueCode: t.level },
      { url: 'kind', valueCode: t.kind },
      ...(component ? [{ url: 'component', valueCode: component.code }] : []),
      { url: 'value', valueQuantity: ucum(t.value, t.unit) },
      ...(t.windowDays === undefined
        ? []
        : [{ url: 'window', valueDuration: ucum(t.windowDays, 'd') }]),
      { url: 'setBy', valueReference: practitionerRef(t.setBy) },
      { url: 'setAt', valueDateTime: t.setAt },
    ],
  };
}

const SIGN = { above: '>', below: '<', rise: 'rise ≥', fall: 'fall ≥' } as const;

function describeThreshold(t: ThresholdDef): string {
  const what = t.component ? `${t.component} ` : '';
  const window = t.windowDays === undefined ? '' : ` in ${t.windowDays} d`;
  return `${t.level} if ${what}${SIGN[t.kind]} ${t.value} ${UNIT_DISPLAY[t.unit] ?? t.unit}${window}`;
}

/** The enrollment CarePlan `rm-<patientId>`: one activity per metric, thresholds on each. */
export function monitoringCarePlan(plan: PlanDef): IncomingResource {
  const lines = plan.activities.map(
    (a) =>
      `${METRICS[a.metric].label}, ${a.perDay}×/day${a.thresholds.length ? ` (${a.thresholds.map(describeThreshold).join('; ')})` : ''}`,
  );
  const title = `Remote monitoring: ${plan.topic}`;
  const escape = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    resourceType: 'CarePlan',
    id: `rm-${plan.patientId}`,
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escape(title)}</p><ul>${lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul></div>`,
    },
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: CARE_PLAN_CATEGORY, ...REMOTE_MONITORING }] }],
    title,
    subject: { reference: `Patient/${plan.patientId}` },
    period: { start: plan.start },
    author: practitionerRef(plan.authorId),
    ...(plan.addresses?.length
      ? { addresses: plan.addresses.map((id) => ({ reference: `Condition/${id}` })) }
      : {}),
    activity: plan.activities.map((a) => ({
      detail: {
        ...(a.thresholds.length ? { extension: a.thresholds.map(thresholdExtension) } : {}),
        status: 'in-progress',
        code: { coding: [coding(LOINC, METRICS[a.metric].planCode)] },
        scheduledTiming: { repeat: { frequency: a.perDay, period: 1, periodUnit: 'd' } },
        description: a.description,
      },
    })),
  };
}
