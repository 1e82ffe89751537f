/**
 * The threshold saves of one patient's CarePlan that someone else's change overtook: the
 * outbox keeps each as a failed entry with the server's version (offline/outbox.ts), and this
 * hook follows them live, so the editor shows a conflict the moment a flush finds it — and
 * again after a restart, until the clinician re-applies or discards their change.
 */
import type { CarePlan } from 'fhir/r4';
import { useEffect, useState } from 'react';
import type { ThresholdChange } from '../../../../shared/monitoring/plan-edit';
import { readThresholdEditIntent } from '../../../../shared/monitoring/plan-conflict';
import type { Outbox, OutboxDetails, OutboxListEntry } from '../../offline/outbox';

export interface PlanConflict {
  /** Outbox entry id. */
  entryId: string;
  createdAt: number;
  /** The entry's label (plain text), shown when its changes cannot be read back. */
  label: string;
  /** What the clinician changed, in order; undefined when the entry carries no readable intent. */
  changes?: ThresholdChange[];
  /** The CarePlan they tried to save (kept: their edit is never lost). */
  mine: CarePlan;
  /** The server's CarePlan when the conflict was found; undefined when it had been deleted. */
  server?: CarePlan;
  detectedAt: number;
  /** Already shown (and audited) once, here or in another tab. */
  noticed: boolean;
}

function toConflict(entry: OutboxListEntry, details: OutboxDetails): PlanConflict | undefined {
  const conflict = details.conflict;
  if (!conflict || details.body.resourceType !== 'CarePlan') return undefined;
  const changes = readThresholdEditIntent(details.intent);
  const server = conflict.server?.resourceType === 'CarePlan' ? conflict.server : undefined;
  return {
    entryId: entry.id,
    createdAt: entry.createdAt,
    label: entry.label,
    ...(changes ? { changes } : {}),
    mine: details.body,
    ...(server ? { server } : {}),
    detectedAt: conflict.detectedAt,
    noticed: conflict.noticedAt !== undefined,
  };
}

/** Unresolved conflicts of `carePlanId` (patient `patientId`), oldest first. */
export function useThresholdConflicts(
  outbox: Outbox,
  patientId: string,
  carePlanId: string,
): PlanConflict[] {
  const [conflicts, setConflicts] = useState<PlanConflict[]>([]);
  useEffect(() => {
    let seq = 0;
    const warn = (e: unknown): void => console.warn('Reading the outbox failed', e);
    const stop = outbox.watch((entries) => {
      const mine = ++seq;
      const wanted = entries.filter(
        (e) => e.conflict && e.patientId === patientId && e.resourceType === 'CarePlan',
      );
      Promise.all(wanted.map(async (e) => ({ e, d: await outbox.details(e.id) }))).then((rows) => {
        if (mine !== seq) return;
        const found = rows.flatMap(({ e, d }) => {
          const c = d && d.body.id === carePlanId ? toConflict(e, d) : undefined;
          return c ? [c] : [];
        });
        // Keep the same array while nothing changed, so the panel does not re-render per poll.
        setConflicts((old) => (sameConflicts(old, found) ? old : found));
      }, warn);
    }, warn);
    return () => {
      seq = -1;
      stop();
    };
  }, [outbox, patientId, carePlanId]);
  return conflicts;
}

function sameConflicts(a: readonly PlanConflict[], b: readonly PlanConflict[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (c, i) =>
        c.entryId === b[i]?.entryId &&
        c.detectedAt === b[i].detectedAt &&
        c.noticed === b[i].noticed,
    )
  );
}
