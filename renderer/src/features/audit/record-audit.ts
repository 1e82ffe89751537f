/**
 * Recording one audit event (issue 7, "Audit log"), without React: build the
 * {@link AuditEntry}, append it to the host's append-only local log, and queue its FHIR
 * AuditEvent in the outbox (so it reaches the server exactly once, also after an outage).
 * {@link useAudit} wires it to the signed-in session; sign-out and tests call it directly.
 *
 * It never rejects: an audit problem must not block the clinical action that caused it. Each
 * problem is reported through `onProblem` (the hook shows a banner) and `console.warn`, and
 * the two copies are independent — a failed local append still queues the server copy.
 */
import type { FhirResource } from 'fhir/r4';
import {
  auditEntrySchema,
  type AuditAction,
  type AuditEntry,
} from '../../../../shared/audit/audit-entry';
import { toAuditEvent, type AuditApplication } from '../../../../shared/audit/audit-event';
import { auditTimestamp } from '../../../../shared/audit/recorded-at';
import type { Host } from '../../host/Host';

/** What a feature says happened (the contract in notes/deploy-contract.md). */
export interface AuditEventInput {
  action: AuditAction;
  /** `Patient/123`. */
  patient?: string;
  entity?: { reference: string; type?: string };
  detail?: string;
  outcome?: 'success' | 'failure';
}

/**
 * The outbox rows of AuditEvents name no patient: the chart lists every outbox write of its
 * patient as that patient's notes (NotesSection), and an audit trail is not a clinical note.
 * The patient stays inside the AuditEvent (`entity`), which is encrypted at rest like any row.
 */
export const AUDIT_OUTBOX_PATIENT_ID = '';

export interface AuditOutbox {
  enqueue(input: { patientId: string; resource: FhirResource; label: string }): Promise<unknown>;
}

export type AuditProblem =
  /** The event did not make a valid entry (e.g. a reference over 500 characters). */
  | { kind: 'invalid'; error: unknown }
  /** The local log refused the entry (disk full, IPC down, IndexedDB blocked). */
  | { kind: 'append-failed'; entryId: string; error: unknown }
  /** The outbox could not store the AuditEvent (it is in the local log only). */
  | { kind: 'enqueue-failed'; entryId: string; error: unknown };

export interface AuditRecorderDeps {
  auditLog: Pick<Host['auditLog'], 'append'>;
  /** The signed-in clinician: SMART `fhirUser`, else the token's `sub` (see toAuditEvent). */
  user: AuditEntry['user'];
  serverId: string;
  /**
   * Absent when the signed-in session has no offline layer (no IndexedDB): the entry is then
   * kept in the local log only, and the audit screen shows it as not sent.
   */
  outbox?: AuditOutbox | undefined;
  /** Sends what the outbox holds now (fire-and-forget after the enqueue). */
  flush?: (() => Promise<void>) | undefined;
  /** Outbox label of the AuditEvent (the translated action). */
  label: (action: AuditAction) => string;
  onProblem: (problem: AuditProblem) => void;
  application?: AuditApplication;
  now?: () => Date;
  randomUUID?: () => string;
}

export interface AuditRecordResult {
  entry?: AuditEntry;
  appended: boolean;
  queued: boolean;
}

/** The entry for an event, checked against the schema (a boundary: the host stores it as is). */
export function buildAuditEntry(
  deps: Pick<AuditRecorderDeps, 'user' | 'serverId' | 'now' | 'randomUUID'>,
  event: AuditEventInput,
): AuditEntry {
  return auditEntrySchema.parse({
    id: (deps.randomUUID ?? (() => globalThis.crypto.randomUUID()))(),
    recorded: auditTimestamp((deps.now ?? (() => new Date()))()),
    action: event.action,
    outcome: event.outcome ?? 'success',
    user: deps.user,
    serverId: deps.serverId,
    ...(event.patient === undefined ? {} : { patient: { reference: event.patient } }),
    ...(event.entity === undefined ? {} : { entity: event.entity }),
    ...(event.detail === undefined ? {} : { detail: event.detail }),
  });
}

function report(deps: AuditRecorderDeps, problem: AuditProblem): void {
  console.warn(`Audit: ${problem.kind}`, problem.error);
  try {
    deps.onProblem(problem);
  } catch (e) {
    console.warn('Audit: reporting the problem failed', e);
  }
}

/** Appends and queues one event; resolves with what worked, never rejects. */
export async function recordAudit(
  deps: AuditRecorderDeps,
  event: AuditEventInput,
): Promise<AuditRecordResult> {
  let entry: AuditEntry;
  try {
    entry = buildAuditEntry(deps, event);
  } catch (error) {
    report(deps, { kind: 'invalid', error });
    return { appended: false, queued: false };
  }
  // async wrappers: a synchronous throw (e.g. a host without the log) becomes a rejection.
  const append = (async () => {
    await deps.auditLog.append(entry);
  })();
  const enqueue = (async () => {
    if (!deps.outbox) return false;
    await deps.outbox.enqueue({
      patientId: AUDIT_OUTBOX_PATIENT_ID,
      resource: toAuditEvent(entry, deps.application),
      label: deps.label(entry.action),
    });
    return true;
  })();
  const [appended, queued] = await Promise.allSettled([append, enqueue]);
  if (appended.status === 'rejected') {
    report(deps, { kind: 'append-failed', entryId: entry.id, error: appended.reason });
  }
  if (queued.status === 'rejected') {
    report(deps, { kind: 'enqueue-failed', entryId: entry.id, error: queued.reason });
  } else if (queued.value && deps.flush) {
    deps.flush().catch((e: unknown) => console.warn('Audit: outbox flush failed', e));
  }
  return {
    entry,
    appended: appended.status === 'fulfilled',
    queued: queued.status === 'fulfilled' && queued.value,
  };
}
