/**
 * The encrypted record store of one scope (server + user). Views read from it (live
 * queries); only the sync engine writes resources into it. Every body is sealed with the
 * scope's AES key and its row key as AAD; a row that fails to decrypt is reported as
 * unreadable and never breaks the rest of the chart.
 */
import { liveQuery } from 'dexie';
import type { FhirResource } from 'fhir/r4';
import type {
  CacheScope,
  CachedResource,
  CachedVersion,
  PatientView,
  UnreadableRecord,
} from './contracts';
import { type CacheDb, type ResourceRow, parseRowKey, rowKey } from './db';
import { codeToken, seal, unseal, type Keyring } from './record-crypto';
import { clinicalDate, indexedCodings } from './index-fields';
import { PatientIndex } from './patient-index';

/** What is sealed in a resource row. */
interface ResourcePayload {
  resource: FhirResource;
  source: string;
}

/** One atomic write of the sync engine. */
export interface WriteBatch {
  patientId: string;
  resources: readonly FhirResource[];
  /** FHIR base URL the resources came from. */
  source: string;
  fetchedAt: number;
  /** Resources to remove (deleted on the server). */
  deletions?: readonly { type: string; id: string }[];
  /** Checkpoints to set in the same transaction: type → `meta.lastUpdated`. */
  checkpoints?: Readonly<Record<string, string>>;
  /** Marks the patient synced at this time (and fully synced when `full`). */
  syncedAt?: number;
  full?: boolean;
}

export class RecordStore {
  /** Checkpoints and patient entries (recency, pins). */
  readonly patients: PatientIndex;

  constructor(
    readonly db: CacheDb,
    readonly scope: CacheScope,
    private readonly keyring: Keyring,
    private readonly now: () => number = Date.now,
  ) {
    this.patients = new PatientIndex(db, scope, now);
  }

  private key(patientId: string, type: string, id: string): string {
    return rowKey(this.scope.serverId, this.scope.userKey, patientId, type, id);
  }

  private async toRow(
    patientId: string,
    resource: FhirResource,
    source: string,
    fetchedAt: number,
  ): Promise<ResourceRow> {
    const key = this.key(patientId, resource.resourceType, resource.id ?? '');
    const payload: ResourcePayload = { resource, source };
    const [sealed, codeHmacs] = await Promise.all([
      seal(this.keyring, key, payload),
      Promise.all(indexedCodings(resource).map((c) => codeToken(this.keyring, c.system, c.code))),
    ]);
    const date = clinicalDate(resource);
    return {
      key,
      ...this.scope,
      patientId,
      type: resource.resourceType,
      ...(date === undefined ? {} : { date }),
      codeHmacs: [...new Set(codeHmacs)],
      fetchedAt,
      ...sealed,
    };
  }

  /** Writes resources of one patient in one transaction (encrypted first, then bulkPut). */
  async putResources(
    patientId: string,
    resources: readonly FhirResource[],
    source: string,
    fetchedAt: number = this.now(),
  ): Promise<number> {
    return this.writeBatch({ patientId, resources, source, fetchedAt });
  }

  /**
   * Encrypts, then writes resources, deletions, checkpoints and the patient's sync time in
   * ONE transaction, so an interrupted sync never advances a checkpoint past unwritten data.
   * Resources without an id are skipped (they cannot be keyed or refreshed). Returns the count
   * written. Quota errors propagate (see eviction.ts).
   */
  async writeBatch(batch: WriteBatch): Promise<number> {
    const { patientId } = batch;
    const rows = await Promise.all(
      batch.resources
        .filter((r) => r.id)
        .map((r) => this.toRow(patientId, r, batch.source, batch.fetchedAt)),
    );
    const { db } = this;
    await db.transaction('rw', [db.resources, db.checkpoints, db.patients], async () => {
      if (rows.length) await db.resources.bulkPut(rows);
      if (batch.deletions?.length) {
        await db.resources.bulkDelete(
          batch.deletions.map((d) => this.key(patientId, d.type, d.id)),
        );
      }
      if (batch.checkpoints) {
        await this.patients.putCheckpoints(
          patientId,
          batch.checkpoints,
          batch.syncedAt ?? batch.fetchedAt,
        );
      }
      if (batch.syncedAt !== undefined) {
        await this.patients.markSynced(patientId, batch.syncedAt, batch.full === true);
      }
    });
    return rows.length;
  }

  private async decryptRows(rows: readonly ResourceRow[]): Promise<PatientView> {
    const resources: CachedResource[] = [];
    const unreadable: UnreadableRecord[] = [];
    type Outcome = { row: ResourceRow } & ({ payload: ResourcePayload } | { error: string });
    const results = await Promise.all(
      rows.map(async (row): Promise<Outcome> => {
        try {
          return { row, payload: (await unseal(this.keyring, row.key, row)) as ResourcePayload };
        } catch (e) {
          return { row, error: e instanceof Error ? e.name || e.message : String(e) };
        }
      }),
    );
    for (const r of results) {
      if ('payload' in r) {
        const lastUpdated = r.payload.resource.meta?.lastUpdated;
        resources.push({
          resource: r.payload.resource,
          fetchedAt: r.row.fetchedAt,
          source: r.payload.source,
          ...(lastUpdated ? { lastUpdated } : {}),
        });
      } else {
        const { type, id } = parseRowKey(r.row.key);
        unreadable.push({ type, id, reason: `cannot be decrypted (${r.error})` });
      }
    }
    return { resources, unreadable };
  }

  private patientRows(patientId: string) {
    return this.db.resources
      .where('[serverId+userKey+patientId]')
      .equals([this.scope.serverId, this.scope.userKey, patientId]);
  }

  private typeRows(patientId: string, type: string) {
    return this.db.resources
      .where('[serverId+userKey+patientId+type]')
      .equals([this.scope.serverId, this.scope.userKey, patientId, type]);
  }

  /** Everything cached for the patient; unreadable rows are listed, never thrown. */
  async readPatient(patientId: string): Promise<PatientView> {
    return this.decryptRows(await this.patientRows(patientId).toArray());
  }

  async readByType(patientId: string, type: string): Promise<PatientView> {
    return this.decryptRows(await this.typeRows(patientId, type).toArray());
  }

  /** Resources of the patient carrying a coding (looked up by HMAC, no plaintext code stored). */
  async readByCode(patientId: string, system: string, code: string): Promise<PatientView> {
    const token = await codeToken(this.keyring, system, code);
    const rows = await this.db.resources
      .where('codeHmacs')
      .equals(token)
      .filter(
        (r) =>
          r.serverId === this.scope.serverId &&
          r.userKey === this.scope.userKey &&
          r.patientId === patientId,
      )
      .toArray();
    return this.decryptRows(rows);
  }

  /** Type and id of every cached resource of the patient (no decryption). */
  async listIds(patientId: string, type?: string): Promise<{ type: string; id: string }[]> {
    const keys = await (
      type ? this.typeRows(patientId, type) : this.patientRows(patientId)
    ).primaryKeys();
    return keys.map((k) => parseRowKey(k));
  }

  /** Ids with versionId / lastUpdated (decrypts), for change and deletion detection. */
  async listVersions(patientId: string, type?: string): Promise<CachedVersion[]> {
    const view = await (type ? this.readByType(patientId, type) : this.readPatient(patientId));
    return view.resources.map(({ resource }) => ({
      type: resource.resourceType,
      id: resource.id ?? '',
      ...(resource.meta?.versionId ? { versionId: resource.meta.versionId } : {}),
      ...(resource.meta?.lastUpdated ? { lastUpdated: resource.meta.lastUpdated } : {}),
    }));
  }

  async deleteResources(
    patientId: string,
    refs: readonly { type: string; id: string }[],
  ): Promise<void> {
    await this.db.resources.bulkDelete(refs.map((r) => this.key(patientId, r.type, r.id)));
  }

  /** Removes the patient's resources, checkpoints and entry. Never touches the outbox. */
  async purgePatient(patientId: string): Promise<number> {
    const { db } = this;
    return db.transaction('rw', [db.resources, db.checkpoints, db.patients], async () => {
      const n = await this.patientRows(patientId).delete();
      await this.patients.remove(patientId);
      return n;
    });
  }

  /**
   * Emits the decrypted patient view now and whenever the patient's rows change (Dexie
   * liveQuery over the rows; decryption runs outside the query, and a stale decryption never
   * overtakes a newer one). Returns the unsubscribe function for a React effect's cleanup.
   */
  watchPatient(
    patientId: string,
    onChange: (view: PatientView) => void,
    onError: (error: unknown) => void = () => undefined,
  ): () => void {
    let seq = 0;
    let closed = false;
    const subscription = liveQuery(() => this.patientRows(patientId).toArray()).subscribe({
      next: (rows) => {
        const mine = ++seq;
        this.decryptRows(rows).then(
          (view) => {
            if (!closed && mine === seq) onChange(view);
          },
          (e: unknown) => onError(e),
        );
      },
      error: onError,
    });
    return () => {
      closed = true;
      subscription.unsubscribe();
    };
  }
}

/**
 * Asks the browser to keep this origin's storage under pressure (otherwise it may evict the
 * whole cache, Dexie #958). Resolves false when unsupported or refused; never throws.
 */
export async function requestPersistentStorage(
  storage: Pick<StorageManager, 'persist' | 'persisted'> | undefined = browserStorage(),
): Promise<boolean> {
  try {
    if (!storage) return false;
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

function browserStorage(): StorageManager | undefined {
  if (typeof navigator === 'undefined') return undefined;
  const storage = (navigator as { storage?: StorageManager }).storage;
  return typeof storage?.persist === 'function' ? storage : undefined;
}
