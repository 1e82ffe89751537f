/**
 * Clinician actions on remote-monitoring alerts as FHIR resources (see
 * /work/notes/monitoring-contract.md): acknowledge and snooze are Tasks; invalidating a reading
 * is the Observation marked entered-in-error plus a Provenance saying who and why. Ids are
 * chosen by the caller (client-assigned, e.g. `crypto.randomUUID()`), so the outbox can retry
 * a PUT without ever creating a duplicate. Tasks read back from the server become the
 * acknowledgements and snoozes that triage applies.
 * @see https://hl7.org/fhir/R4/task.html
 * @see https://hl7.org/fhir/R4/provenance.html
 */
import type { Observation, Provenance, Reference, Task } from 'fhir/r4';
import { z } from 'zod';
import { parseFhirDate } from '../fhir/dates';
import { parseReference } from '../fhir/references';
import type { Alert } from './alerts';
import {
  conceptSchema,
  describeZodError,
  periodSchema,
  referenceSchema,
  strictEpoch,
} from './fhir-shapes';
import type { Acknowledgement, Snooze } from './triage';

export const MONITORING_TASK_SYSTEM =
  'http://clinician-workstation.example/fhir/CodeSystem/monitoring-task';
export const ACKNOWLEDGE_CODE = 'acknowledge-alert';
export const SNOOZE_CODE = 'snooze-alert';
/** `Task.input.type.text` of an input carrying an alert id. */
export const ALERT_INPUT = 'alert';

const DATA_OPERATION = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
const PARTICIPANT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function requireDateTime(value: string, what: string): void {
  if (!DATE_TIME.test(value)) throw new Error(`${what} must be a dateTime with a time zone`);
}

export interface AlertTaskInput {
  /** Client-assigned Task id. */
  id: string;
  patientId: string;
  /** One or more alerts (of this patient) the action covers. */
  alertIds: readonly string[];
  /** What raised them: the Observation reference (see {@link focusOf}), or the CarePlan for missed readings. */
  focus?: string;
  practitioner: Reference;
  /** dateTime with zone, e.g. `new Date().toISOString()`. */
  authoredOn: string;
  note?: string;
}

/** The reference a Task should focus on for an alert: its newest reading, if it has one. */
export function focusOf(alert: Alert): string | undefined {
  return alert.readings[0]?.reference;
}

function alertTask(
  input: AlertTaskInput,
  code: string,
  display: string,
  status: Task['status'],
): Task {
  if (input.alertIds.length === 0) throw new Error('an alert action needs at least one alert id');
  requireDateTime(input.authoredOn, 'authoredOn');
  const note = input.note?.trim();
  return {
    resourceType: 'Task',
    id: input.id,
    status,
    intent: 'order',
    code: { coding: [{ system: MONITORING_TASK_SYSTEM, code, display }] },
    for: { reference: `Patient/${input.patientId}` },
    ...(input.focus ? { focus: { reference: input.focus } } : {}),
    input: input.alertIds.map((id) => ({ type: { text: ALERT_INPUT }, valueString: id })),
    ...(note
      ? { note: [{ text: note, authorReference: input.practitioner, time: input.authoredOn }] }
      : {}),
    requester: input.practitioner,
    owner: input.practitioner,
    authoredOn: input.authoredOn,
    lastModified: input.authoredOn,
  };
}

/** Acknowledge: a completed Task; the alerts leave the triage list for good. */
export function buildAcknowledgeTask(input: AlertTaskInput): Task {
  return alertTask(input, ACKNOWLEDGE_CODE, 'Acknowledge alert', 'completed');
}

/** True for a full calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && parseFhirDate(value)?.precision === 'day';
}

/**
 * Snooze: an on-hold Task, hidden until `until` (a dateTime with zone), through the calendar
 * day `untilDate` (`YYYY-MM-DD`, written as a date-only `restriction.period.end`, which FHIR
 * reads as including that whole day), or — with neither — until the next reading of the
 * alert's metric. A date stays a date: it is never turned into an instant here.
 * @see https://hl7.org/fhir/R4/datatypes.html#Period
 */
export function buildSnoozeTask(
  input: AlertTaskInput & { until?: string; untilDate?: string },
): Task {
  if (input.until !== undefined && input.untilDate !== undefined) {
    throw new Error('a snooze ends at a time or on a date, not both');
  }
  const task = alertTask(input, SNOOZE_CODE, 'Snooze alert', 'on-hold');
  if (input.until !== undefined) {
    requireDateTime(input.until, 'until');
    task.restriction = { period: { end: input.until } };
  } else if (input.untilDate !== undefined) {
    if (!isCalendarDate(input.untilDate)) {
      throw new Error(`untilDate must be a calendar date YYYY-MM-DD (got "${input.untilDate}")`);
    }
    task.restriction = { period: { end: input.untilDate } };
  }
  return task;
}

export interface InvalidationInput {
  /** The Observation as read (kept whole; only its status changes). */
  observation: Observation;
  /** Client-assigned Provenance id. */
  provenanceId: string;
  /** The clinician's reason, e.g. "cuff too small". */
  reason: string;
  practitioner: Reference;
  /** dateTime with zone. */
  recorded: string;
}

/**
 * Invalidate a reading: the Observation to PUT with status entered-in-error, and the Provenance
 * recording who did it, when and why (the Danish telemedicine IG's "mark a measurement invalid,
 * with the assessor recorded").
 * @see https://hl7.org/fhir/R4/valueset-observation-status.html
 */
export function buildInvalidation(input: InvalidationInput): {
  observation: Observation;
  provenance: Provenance;
} {
  const { id } = input.observation;
  if (!id) throw new Error('only an Observation with an id can be invalidated');
  const reason = input.reason.trim();
  if (!reason) throw new Error('invalidating a reading needs a reason');
  requireDateTime(input.recorded, 'recorded');
  return {
    observation: { ...structuredClone(input.observation), status: 'entered-in-error' },
    provenance: {
      resourceType: 'Provenance',
      id: input.provenanceId,
      target: [{ reference: `Observation/${id}` }],
      recorded: input.recorded,
      activity: { coding: [{ system: DATA_OPERATION, code: 'UPDATE', display: 'revise' }] },
      reason: [{ text: reason }],
      agent: [
        {
          type: { coding: [{ system: PARTICIPANT_TYPE, code: 'author', display: 'Author' }] },
          who: input.practitioner,
        },
      ],
    },
  };
}

const taskSchema = z.looseObject({
  resourceType: z.literal('Task'),
  id: z.string().optional(),
  status: z.string(),
  code: conceptSchema.optional(),
  for: referenceSchema.optional(),
  input: z.array(z.object({ type: conceptSchema, valueString: z.string().optional() })).optional(),
  note: z.array(z.object({ text: z.string() })).optional(),
  authoredOn: z.string().optional(),
  restriction: z.object({ period: periodSchema.optional() }).optional(),
});

export type ParsedAlertTask =
  | { kind: 'acknowledge'; patientId?: string; acknowledgement: Acknowledgement }
  | { kind: 'snooze'; patientId?: string; snooze: Snooze }
  /** A monitoring Task that no longer acts (a snooze cancelled or ended, a draft…). */
  | { kind: 'inactive'; reason: string }
  /** Not a Task of ours, or one that cannot be understood (listed, not silently skipped). */
  | { kind: 'invalid'; reason: string };

/** Reads a Task (any JSON) back into what triage applies. */
export function parseAlertTask(resource: unknown): ParsedAlertTask {
  const parsed = taskSchema.safeParse(resource);
  if (!parsed.success) return { kind: 'invalid', reason: describeZodError(parsed.error) };
  const task = parsed.data;
  const where = `Task/${task.id ?? '?'}`;
  const code = task.code?.coding?.find((c) => c.system === MONITORING_TASK_SYSTEM)?.code;
  if (code !== ACKNOWLEDGE_CODE && code !== SNOOZE_CODE) {
    return { kind: 'invalid', reason: `${where} is not an alert acknowledgement or snooze` };
  }
  const alertIds = (task.input ?? [])
    .filter((i) => i.type.text === ALERT_INPUT && i.valueString)
    .map((i) => i.valueString ?? '');
  if (alertIds.length === 0) return { kind: 'invalid', reason: `${where} names no alert` };
  const patient = task.for?.reference ? parseReference(task.for.reference) : undefined;
  const patientId = patient?.type === 'Patient' ? { patientId: patient.id } : {};
  const at = strictEpoch(task.authoredOn);
  const taskId = task.id ? { taskId: task.id } : {};
  if (code === ACKNOWLEDGE_CODE) {
    if (task.status !== 'completed')
      return { kind: 'inactive', reason: `${where} is ${task.status}` };
    const note = task.note?.map((n) => n.text).join('\n');
    return {
      kind: 'acknowledge',
      ...patientId,
      acknowledgement: {
        alertIds,
        ...taskId,
        ...(at !== undefined ? { at } : {}),
        ...(note ? { note } : {}),
      },
    };
  }
  if (task.status !== 'on-hold') return { kind: 'inactive', reason: `${where} is ${task.status}` };
  if (at === undefined) return { kind: 'invalid', reason: `${where}: a snooze needs authoredOn` };
  const end = task.restriction?.period?.end?.trim();
  if (end !== undefined && !end.includes('T')) {
    // A date-only end: snoozed through that calendar day (a partial date is not guessed at).
    if (!isCalendarDate(end)) {
      return {
        kind: 'invalid',
        reason: `${where}: restriction.period.end "${end}" is not a full date (YYYY-MM-DD)`,
      };
    }
    return { kind: 'snooze', ...patientId, snooze: { alertIds, at, ...taskId, untilDate: end } };
  }
  const until = end !== undefined ? strictEpoch(end) : undefined;
  if (end !== undefined && until === undefined) {
    return {
      kind: 'invalid',
      reason: `${where}: restriction.period.end "${end}" is not a dateTime`,
    };
  }
  return {
    kind: 'snooze',
    ...patientId,
    snooze: { alertIds, at, ...taskId, ...(until !== undefined ? { until } : {}) },
  };
}

/** Acknowledgements and snoozes from a set of Tasks, with the Tasks that could not be read. */
export function collectAlertActions(tasks: readonly unknown[]): {
  acknowledgements: Acknowledgement[];
  snoozes: Snooze[];
  problems: string[];
} {
  const acknowledgements: Acknowledgement[] = [];
  const snoozes: Snooze[] = [];
  const problems: string[] = [];
  for (const t of tasks) {
    const r = parseAlertTask(t);
    if (r.kind === 'acknowledge') acknowledgements.push(r.acknowledgement);
    else if (r.kind === 'snooze') snoozes.push(r.snooze);
    else if (r.kind === 'invalid') problems.push(r.reason);
  }
  return { acknowledgements, snoozes, problems };
}
