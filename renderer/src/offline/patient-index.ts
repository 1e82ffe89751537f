/**
 * Per-patient bookkeeping of one scope: sync checkpoints per resource type, when the chart
 * was last opened (eviction order), when it was synced ("as of") and pins for offline.
 * Plaintext by design: ids, types and times only.
 */
import type { CacheScope, PatientSyncEntry } from './contracts';
import type { CacheDb, CheckpointRow, PatientRow } from './db';

const DAY_MS = 86_400_000;

function toEntry(row: PatientRow): PatientSyncEntry {
  return {
    patientId: row.patientId,
    lastOpenedAt: row.lastOpenedAt,
    ...(row.syncedAt === undefined ? {} : { syncedAt: row.syncedAt }),
    ...(row.fullSyncedAt === undefined ? {} : { fullSyncedAt: row.fullSyncedAt }),
    ...(row.pinnedUntil === undefined ? {} : { pinnedUntil: row.pinnedUntil }),
  };
}

export class PatientIndex {
  constructor(
    private readonly db: CacheDb,
    private readonly scope: CacheScope,
    private readonly now: () => number,
  ) {}

  private pk(patientId: string): [string, string, string] {
    return [this.scope.serverId, this.scope.userKey, patientId];
  }

  /** Upserts the patient's entry (a never-opened patient gets lastOpenedAt 0). */
  private async update(patientId: string, change: Partial<PatientRow>): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.patients, async () => {
      const row = (await db.patients.get(this.pk(patientId))) ?? {
        ...this.scope,
        patientId,
        lastOpenedAt: 0,
      };
      await db.patients.put({ ...row, ...change });
    });
  }

  /** Makes sure the patient has an entry (cached by the monitoring sync, never opened). */
  ensure(patientId: string): Promise<void> {
    return this.update(patientId, {});
  }

  /** Records that the clinician opened the chart (LRU order for eviction). */
  touch(patientId: string, at: number = this.now()): Promise<void> {
    return this.update(patientId, { lastOpenedAt: at });
  }

  /** Pins the patient for offline use for `days` days from now. */
  pin(patientId: string, days: number): Promise<void> {
    return this.update(patientId, { pinnedUntil: this.now() + days * DAY_MS });
  }

  async unpin(patientId: string): Promise<void> {
    const row = await this.db.patients.get(this.pk(patientId));
    if (!row) return;
    const { pinnedUntil: _drop, ...rest } = row;
    await this.db.patients.put(rest);
  }

  async get(patientId: string): Promise<PatientSyncEntry | undefined> {
    const row = await this.db.patients.get(this.pk(patientId));
    return row && toEntry(row);
  }

  /** All patient entries of the scope, most recently opened first. */
  async list(): Promise<PatientSyncEntry[]> {
    const rows = await this.db.patients
      .where('[serverId+userKey]')
      .equals([this.scope.serverId, this.scope.userKey])
      .toArray();
    return rows.map(toEntry).sort((a, b) => b.lastOpenedAt - a.lastOpenedAt);
  }

  /** True when pinned and the pin has not expired. */
  isPinned(entry: PatientSyncEntry, now: number = this.now()): boolean {
    return entry.pinnedUntil !== undefined && entry.pinnedUntil > now;
  }

  /** Part of a sync transaction: marks the patient synced. */
  markSynced(patientId: string, syncedAt: number, full: boolean): Promise<void> {
    return this.update(patientId, full ? { syncedAt, fullSyncedAt: syncedAt } : { syncedAt });
  }

  /** Part of a sync transaction: sets type → lastUpdated checkpoints. */
  async putCheckpoints(
    patientId: string,
    checkpoints: Readonly<Record<string, string>>,
    syncedAt: number,
  ): Promise<void> {
    const rows: CheckpointRow[] = Object.entries(checkpoints).map(([type, lastUpdated]) => ({
      ...this.scope,
      patientId,
      type,
      lastUpdated,
      syncedAt,
    }));
    await this.db.checkpoints.bulkPut(rows);
  }

  async getCheckpoint(patientId: string, type: string): Promise<CheckpointRow | undefined> {
    return this.db.checkpoints.get([this.scope.serverId, this.scope.userKey, patientId, type]);
  }

  async listCheckpoints(patientId: string): Promise<CheckpointRow[]> {
    return this.db.checkpoints
      .where('[serverId+userKey+patientId]')
      .equals(this.pk(patientId))
      .toArray();
  }

  /**
   * "Showing records as of": the oldest sync time among the patient's checkpoints (a type
   * that failed to refresh keeps the whole chart's time honest), else the entry's syncedAt.
   */
  async asOf(patientId: string): Promise<number | undefined> {
    const checkpoints = await this.listCheckpoints(patientId);
    if (checkpoints.length) return Math.min(...checkpoints.map((c) => c.syncedAt));
    return (await this.get(patientId))?.syncedAt;
  }

  /** Removes checkpoints and the entry (inside RecordStore.purgePatient's transaction). */
  async remove(patientId: string): Promise<void> {
    await this.db.checkpoints
      .where('[serverId+userKey+patientId]')
      .equals(this.pk(patientId))
      .delete();
    await this.db.patients.delete(this.pk(patientId));
  }
}
