/**
 * The data of the audit screen: the signed-in clinician's own entries of the local audit log
 * (this user on this server), newest first, and — where the offline layer is up — whether
 * each entry's AuditEvent has reached the server (its outbox row shares the entry's id).
 */
import { useCallback, useEffect, useState } from 'react';
import { auditEntrySchema, type AuditEntry } from '../../../../shared/audit/audit-entry';
import { useSession } from '../../fhir/FhirProvider';
import { useHost } from '../../host/HostProvider';
import type { OutboxState } from '../../offline/contracts';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { auditUserOf } from './useAudit';

/** How many entries the screen reads at most (the log itself keeps everything). */
export const AUDIT_TRAIL_LIMIT = 500;

export type AuditTrailState =
  | { k: 'loading' }
  | { k: 'error'; error: unknown }
  | {
      k: 'ready';
      entries: AuditEntry[];
      /** Entries of the log that did not pass the schema: counted and said, never hidden silently. */
      unreadable: number;
      /** The host returned as many entries as asked for: older ones exist. */
      limited: boolean;
    };

export interface AuditTrail {
  state: AuditTrailState;
  reload: () => void;
}

/**
 * Keeps what belongs to this user on this server, newest first by `recorded`. The host
 * filters by user already; checking again costs nothing, and `serverId` matters because the
 * same `Practitioner/1` on two servers is two different people.
 */
export function ownEntries(
  raw: readonly unknown[],
  user: { reference: string; serverId: string },
): { entries: AuditEntry[]; unreadable: number } {
  const entries: AuditEntry[] = [];
  let unreadable = 0;
  for (const item of raw) {
    const parsed = auditEntrySchema.safeParse(item);
    if (!parsed.success) unreadable += 1;
    else if (
      parsed.data.user.reference === user.reference &&
      parsed.data.serverId === user.serverId
    ) {
      entries.push(parsed.data);
    }
  }
  // Stable: entries recorded in the same millisecond keep the host's (newest-first) order.
  entries.sort((a, b) => Date.parse(b.recorded) - Date.parse(a.recorded));
  return { entries, unreadable };
}

export function useAuditTrail(limit = AUDIT_TRAIL_LIMIT): AuditTrail {
  const host = useHost();
  const session = useSession();
  const reference = auditUserOf(session.user).reference;
  const serverId = session.server.id;
  const [state, setState] = useState<AuditTrailState>({ k: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    // Through a promise chain, so a synchronous throw is an error state too.
    Promise.resolve()
      .then(() => host.auditLog.list({ limit, userReference: reference }))
      .then(
        (raw: readonly unknown[]) => {
          if (!live) return;
          const { entries, unreadable } = ownEntries(raw, { reference, serverId });
          setState({ k: 'ready', entries, unreadable, limited: raw.length >= limit });
        },
        (error: unknown) => {
          if (live) setState({ k: 'error', error });
        },
      );
    return () => {
      live = false;
    };
  }, [host, reference, serverId, limit, generation]);

  const reload = useCallback(() => {
    setState({ k: 'loading' });
    setGeneration((g) => g + 1);
  }, []);
  return { state, reload };
}

/**
 * Outbox state per AuditEvent id, live; `null` when there is no offline layer (the screen
 * then leaves the column out rather than guess).
 */
export function useAuditOutboxStates(): ReadonlyMap<string, OutboxState> | null {
  const offline = useOptionalOffline();
  const [states, setStates] = useState<ReadonlyMap<string, OutboxState>>(new Map());
  useEffect(() => {
    if (!offline) return;
    return offline.scope.outbox.watch(
      (all) =>
        setStates(
          new Map(all.filter((e) => e.resourceType === 'AuditEvent').map((e) => [e.id, e.state])),
        ),
      (e: unknown) => console.warn('Reading the outbox failed', e),
    );
  }, [offline]);
  return offline ? states : null;
}
