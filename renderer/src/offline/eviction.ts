/**
 * Quota handling and pin expiry. When a write does not fit, the least-recently-opened
 * unpinned patients of the scope are evicted one at a time, retrying the write after each,
 * until it fits or nothing evictable is left. Never evicted: pinned patients (pin not yet
 * expired), the patient being written, and the outbox (a separate table this never touches).
 * Re-fetchable cached charts are what is given up; nothing the clinician wrote is.
 */
import { Dexie } from 'dexie';
import type { EvictionReport } from './contracts';
import type { RecordStore, WriteBatch } from './record-store';

/**
 * Store keys of documents the clinician imported (cross-border summaries, `ips-cache.ts`):
 * they cannot be fetched again, so quota eviction never gives them up.
 */
const IMPORTED_PREFIX = 'ips~';

const DAY_MS = 86_400_000;

/** True for a quota failure, however Dexie wrapped it (AbortError.inner, BulkError.failures). */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { name?: unknown; inner?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (isQuotaError(e.inner, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((f) => isQuotaError(f, depth + 1));
}

/** The write did not fit even after evicting every evictable patient. */
export class StorageFullError extends Error {
  constructor(
    readonly evictedPatients: string[],
    cause: unknown,
  ) {
    super('Storage is full: the chart could not be cached, even after removing unpinned charts.', {
      cause,
    });
    this.name = 'StorageFullError';
  }
}

/**
 * Patients of the store's scope that may be evicted, least recently opened first: every
 * patient with cached rows or an entry, minus pinned ones, imported documents and `exclude`.
 * Patients with rows but no entry count as never opened.
 */
export async function evictionCandidates(
  store: RecordStore,
  exclude: ReadonlySet<string>,
  now: number,
): Promise<string[]> {
  const { serverId, userKey } = store.scope;
  const withRows = (await store.db.packs
    .where('[serverId+userKey+patientId]')
    .between([serverId, userKey, Dexie.minKey], [serverId, userKey, Dexie.maxKey])
    .uniqueKeys()) as unknown as [string, string, string][];
  const entries = await store.patients.list();
  const opened = new Map(entries.map((e) => [e.patientId, e]));
  const ids = new Set([...withRows.map((k) => k[2]), ...opened.keys()]);
  return [...ids]
    .filter((id) => !exclude.has(id) && !id.startsWith(IMPORTED_PREFIX))
    .filter((id) => {
      const e = opened.get(id);
      return !e || !store.patients.isPinned(e, now);
    })
    .sort((a, b) => (opened.get(a)?.lastOpenedAt ?? 0) - (opened.get(b)?.lastOpenedAt ?? 0));
}

/**
 * Writes a batch; on a quota error evicts the least-recently-opened unpinned patient and
 * retries, until the write succeeds or nothing is left to evict (then throws
 * {@link StorageFullError} naming what was evicted). The report lets the UI say "Storage full —
 * removed cached charts of 2 patients".
 */
export async function writeWithEviction(
  store: RecordStore,
  batch: WriteBatch,
  now: number = Date.now(),
): Promise<{ written: number } & EvictionReport> {
  const evictedPatients: string[] = [];
  for (;;) {
    try {
      const written = await store.writeBatch(batch);
      return { written, evictedPatients };
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      const [next] = await evictionCandidates(store, new Set([batch.patientId]), now);
      if (next === undefined) throw new StorageFullError(evictedPatients, e);
      await store.purgePatient(next);
      evictedPatients.push(next);
    }
  }
}

export interface PinExpiryOptions {
  /** A patient opened within this window keeps its rows after its pin expires (default 7 days). */
  recentMs?: number;
}

/**
 * Removes pins past `pinnedUntil`. Their patients become evictable; those not opened within
 * `recentMs` are purged right away (the pin was the only reason to keep them).
 */
export async function purgeExpiredPins(
  store: RecordStore,
  now: number = Date.now(),
  options: PinExpiryOptions = {},
): Promise<{ unpinned: string[]; purged: string[] }> {
  const recentMs = options.recentMs ?? 7 * DAY_MS;
  const unpinned: string[] = [];
  const purged: string[] = [];
  for (const entry of await store.patients.list()) {
    if (entry.pinnedUntil === undefined || entry.pinnedUntil > now) continue;
    if (entry.lastOpenedAt < now - recentMs) {
      await store.purgePatient(entry.patientId);
      purged.push(entry.patientId);
    } else {
      await store.patients.unpin(entry.patientId);
    }
    unpinned.push(entry.patientId);
  }
  return { unpinned, purged };
}

/**
 * The oldest time a retained item may carry: anything last used before it is past
 * `retentionDays` (clinic setting `cache.retentionDays`). One rule for charts and imports.
 */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}

/**
 * Cache retention (clinic setting `cache.retentionDays`): a patient's cached chart is removed
 * once it has been neither opened nor refreshed for that many days, unless pinned. Patients
 * the app keeps refreshing (remote monitoring) stay; what the clinician wrote (the outbox) is
 * never touched, and imported documents are not patient entries: their retention is
 * `purgeImportsBeyondRetention` (ips-cache-retention.ts).
 */
export async function purgeBeyondRetention(
  store: RecordStore,
  now: number,
  retentionDays: number,
): Promise<string[]> {
  const cutoff = retentionCutoff(now, retentionDays);
  const purged: string[] = [];
  for (const entry of await store.patients.list()) {
    if (store.patients.isPinned(entry, now)) continue;
    if (Math.max(entry.lastOpenedAt, entry.syncedAt ?? 0) >= cutoff) continue;
    await store.purgePatient(entry.patientId);
    purged.push(entry.patientId);
  }
  return purged;
}
