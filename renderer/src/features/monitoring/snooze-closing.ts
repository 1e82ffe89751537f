/**
 * Closing snooze Tasks that have ended (issue 5): triage already lets their alerts back the
 * moment a snooze ends (its day passed, its time passed, or a new reading of the metric came),
 * but the Task on the server would stay on-hold. Every monitoring poll therefore looks for
 * ended snoozes in what it just read and queues, once, the Task closed as completed
 * (shared/monitoring/snooze-expiry) as a versioned PUT through the outbox:
 * - once per Task version: the outbox entry is named `snooze-close:<task>:<version>`, so later
 *   polls, other views and other tabs find it queued already;
 * - If-Match the version read: a second workstation closing the same snooze gets 412, reads
 *   the Task, finds it completed with the same business status, and counts its write as
 *   delivered — no conflict, no second version. A Task someone changed otherwise meanwhile
 *   becomes a conflict (listed, never applied over their change), and the next version read is
 *   judged afresh.
 */
import type { Task } from 'fhir/r4';
import {
  SNOOZE_CLOSE_COMPARE,
  buildSnoozeClose,
  expiredSnoozes,
  type SnoozeEnd,
} from '../../../../shared/monitoring/snooze-expiry';
import type { OutboxInput, OutboxListEntry } from '../../offline/outbox';
import type { MonitoringData } from './monitoring-data';

/** The outbox entry name of closing one version of a snooze Task. */
export const snoozeCloseEntryId = (taskId: string, versionId: string): string =>
  `snooze-close:${taskId}:${versionId}`;

export interface CloseSnoozesOptions {
  now: number;
  /** The clinician's calendar day `YYYY-MM-DD` (the same one triage used). */
  today: string;
  /** The outbox label of a close (translated). */
  label: (end: SnoozeEnd) => string;
  /**
   * Entry names this view already asked for: skipped without touching the outbox. A failed
   * enqueue is forgotten again so the next poll retries it.
   */
  asked?: Set<string>;
}

/**
 * Queues the close of every ended snooze Task in `data` (one patient's Tasks judged with that
 * patient's newest reading per metric, as triage did). Resolves with the entries it asked the
 * outbox for (already-queued ones come back as they are).
 */
export async function closeExpiredSnoozes(
  outbox: { enqueue(input: OutboxInput): Promise<OutboxListEntry> },
  data: Pick<MonitoringData, 'patients' | 'rows'>,
  options: CloseSnoozesOptions,
): Promise<OutboxListEntry[]> {
  const asked = options.asked ?? new Set<string>();
  const at = new Date(options.now).toISOString();
  const queued: OutboxListEntry[] = [];
  for (const patient of data.patients) {
    const row = data.rows.find((r) => r.patientId === patient.patientId);
    const ended = expiredSnoozes(
      patient.tasks,
      row?.lastReadingAtByMetric ?? {},
      options.now,
      options.today,
    );
    for (const { task, taskId, versionId, end } of ended) {
      const entryId = snoozeCloseEntryId(taskId, versionId);
      if (asked.has(entryId)) continue;
      asked.add(entryId);
      try {
        queued.push(
          await outbox.enqueue(closeInput(patient.patientId, task, versionId, end, at, options)),
        );
      } catch (e) {
        asked.delete(entryId);
        console.warn(`Queuing the close of Task/${taskId} failed`, e);
      }
    }
  }
  return queued;
}

function closeInput(
  patientId: string,
  task: Task,
  versionId: string,
  end: SnoozeEnd,
  at: string,
  options: CloseSnoozesOptions,
): OutboxInput {
  return {
    patientId,
    resource: buildSnoozeClose(task, end, at),
    label: options.label(end),
    mode: 'replace',
    ifMatch: versionId,
    compare: SNOOZE_CLOSE_COMPARE,
    entryId: snoozeCloseEntryId(task.id ?? '', versionId),
  };
}
