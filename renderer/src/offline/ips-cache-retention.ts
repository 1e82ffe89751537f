/**
 * Retention for imported International Patient Summaries (clinic setting
 * `cache.retentionDays`). Charts are kept while they are used; an imported summary is a
 * snapshot of another country's record on the day it was imported, so it is kept for the
 * retention from its import time — importing the same text again renews it — and then deleted
 * when the cache opens, index entry and document together (`IpsCache.remove`, one transaction).
 *
 * Quota eviction still never gives an import up (it cannot be fetched again; see eviction.ts):
 * retention is the clinic's decision how long such copies may stay on a workstation, eviction
 * only makes room. An index entry that cannot be read has no import time to judge by: it is
 * kept (and counted as unreadable by the listing), never guessed to be old.
 */
import { retentionCutoff } from './eviction';
import type { IpsCache } from './ips-cache';

/** One imported summary removed by retention. */
export interface PurgedImport {
  readonly id: string;
  /** The chart it was imported for; undefined when imported without a chart. */
  readonly patientId: string | undefined;
  /** When it was imported (epoch ms). */
  readonly importedAt: number;
}

/**
 * Deletes every imported summary of the cache's scope imported before `now - retentionDays`
 * (exactly at the cutoff it stays, as charts do). Returns what was deleted, oldest first.
 */
export async function purgeImportsBeyondRetention(
  cache: IpsCache,
  now: number,
  retentionDays: number,
): Promise<PurgedImport[]> {
  const cutoff = retentionCutoff(now, retentionDays);
  const purged: PurgedImport[] = [];
  for (const patientId of await cache.patientsWithImports()) {
    const { summaries } = await cache.list(patientId);
    for (const summary of summaries) {
      if (summary.importedAt >= cutoff) continue;
      await cache.remove(summary.id, patientId);
      purged.push({ id: summary.id, patientId, importedAt: summary.importedAt });
    }
  }
  return purged.sort((a, b) => a.importedAt - b.importedAt || (a.id < b.id ? -1 : 1));
}
