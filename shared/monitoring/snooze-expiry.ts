/**
 * When a snooze has ended, and the Task update that closes it on the server. A snooze is an
 * on-hold Task (actions.ts); triage stops applying it as soon as it has ended, but the Task
 * itself would stay on-hold for ever, so every workstation that notices the end closes it:
 * status `completed` with a `businessStatus` saying the snooze ended and a `statusReason`
 * saying why. The update is sent as a versioned PUT (If-Match) through the outbox; a second
 * workstation closing the same snooze gets 412, reads the Task, finds it already closed the
 * same way ({@link SNOOZE_CLOSE_COMPARE}) and counts its own write as delivered.
 *
 * One rule decides for triage and for closing ({@link snoozeEnd}), so a Task is never closed
 * while triage still hides an alert with it, nor left open once triage has let the alert back.
 * A date-only end is compared as a calendar date string with the clinician's day, never turned
 * into an instant, so no time zone can end it early or late.
 * @see https://hl7.org/fhir/R4/task.html#statemachine
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import type { Task } from 'fhir/r4';
import { MONITORING_TASK_SYSTEM, parseAlertTask } from './actions';
import { isMetricKey, type MetricKey } from './metrics';
import type { Snooze } from './triage';

/** `Task.businessStatus` code of a snooze that was closed because it ended. */
export const SNOOZE_ENDED_CODE = 'snooze-ended';

/**
 * The fields that carry a close's meaning: two workstations closing the same snooze write the
 * same status and business status (the reason text and time may differ), so after a 412 the
 * Task on the server equals ours in these fields and the close counts as delivered.
 */
export const SNOOZE_CLOSE_COMPARE: readonly string[] = ['status', 'businessStatus'];

/** Why a snooze ended: its date passed, its time passed, or a new reading of the metric came. */
export type SnoozeEnd = 'date-passed' | 'time-passed' | 'new-reading';

const END_TEXT: Readonly<Record<SnoozeEnd, string>> = {
  'date-passed': 'Snooze ended: the day it was snoozed through has passed',
  'time-passed': 'Snooze ended: the time it was snoozed until has passed',
  'new-reading': 'Snooze ended: a new reading of the metric arrived',
};

/**
 * Whether `snooze` has ended for an alert of `metric` at `now` / `today`, and why; undefined
 * while it still hides the alert. Until the next reading: ended once a usable reading of the
 * metric is newer than the snooze. Without a known metric that case cannot be decided and the
 * snooze counts as running (never guessed ended).
 * @param today the clinician's calendar day `YYYY-MM-DD`
 */
export function snoozeEnd(
  snooze: Snooze,
  metric: MetricKey | undefined,
  lastReadingAt: Partial<Record<MetricKey, number>>,
  now: number,
  today: string,
): SnoozeEnd | undefined {
  if (snooze.untilDate !== undefined) return today > snooze.untilDate ? 'date-passed' : undefined;
  if (snooze.until !== undefined) return now >= snooze.until ? 'time-passed' : undefined;
  if (metric === undefined) return undefined;
  const latest = lastReadingAt[metric];
  return latest !== undefined && latest > snooze.at ? 'new-reading' : undefined;
}

/**
 * The metric of an alert id (`patient:metric:rule:subject`, see alerts.ts `alertId`), or
 * undefined when the id is not one of ours. Patient ids and metric keys never contain ':'.
 */
export function metricOfAlertId(alertId: string): MetricKey | undefined {
  const metric = alertId.split(':')[1];
  return metric !== undefined && isMetricKey(metric) ? metric : undefined;
}

/**
 * Whether a whole snooze Task has ended: a date or time end ends it for every alert; until the
 * next reading, it has ended only when it ended for each alert it names.
 */
export function snoozeTaskEnd(
  snooze: Snooze,
  lastReadingAt: Partial<Record<MetricKey, number>>,
  now: number,
  today: string,
): SnoozeEnd | undefined {
  if (snooze.untilDate !== undefined || snooze.until !== undefined) {
    return snoozeEnd(snooze, undefined, lastReadingAt, now, today);
  }
  if (snooze.alertIds.length === 0) return undefined;
  const ended = snooze.alertIds.every(
    (id) => snoozeEnd(snooze, metricOfAlertId(id), lastReadingAt, now, today) !== undefined,
  );
  return ended ? 'new-reading' : undefined;
}

/** An on-hold snooze Task that has ended, with its version (for If-Match) and why. */
export interface ExpiredSnooze {
  task: Task;
  taskId: string;
  versionId: string;
  end: SnoozeEnd;
}

/**
 * The snooze Tasks among `tasks` (one patient's) that are still on-hold although they ended.
 * A Task without an id or `meta.versionId` is left alone: without its version it cannot be
 * updated conditionally, and an unconditional PUT could overwrite someone else's change.
 */
export function expiredSnoozes(
  tasks: readonly Task[],
  lastReadingAt: Partial<Record<MetricKey, number>>,
  now: number,
  today: string,
): ExpiredSnooze[] {
  const out: ExpiredSnooze[] = [];
  for (const task of tasks) {
    const parsed = parseAlertTask(task);
    const versionId = task.meta?.versionId;
    if (parsed.kind !== 'snooze' || !task.id || !versionId) continue;
    const end = snoozeTaskEnd(parsed.snooze, lastReadingAt, now, today);
    if (end) out.push({ task, taskId: task.id, versionId, end });
  }
  return out;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The snooze Task closed: status `completed`, `businessStatus` {@link SNOOZE_ENDED_CODE},
 * `statusReason` saying why, `lastModified` = `at`. Everything else is kept as read.
 * @param at dateTime with zone (the moment this workstation closes it)
 */
export function buildSnoozeClose(task: Task, end: SnoozeEnd, at: string): Task {
  if (!DATE_TIME.test(at)) throw new Error('at must be a dateTime with a time zone');
  return {
    ...structuredClone(task),
    status: 'completed',
    businessStatus: {
      coding: [
        { system: MONITORING_TASK_SYSTEM, code: SNOOZE_ENDED_CODE, display: 'Snooze ended' },
      ],
      text: 'Snooze ended',
    },
    statusReason: { text: END_TEXT[end] },
    lastModified: at,
  };
}
