/**
 * The encrypted record store of one scope (server + user). Views read from it (live
 * queries); only the sync engine writes resources into it.
 *
 * Resources are sealed in packs (db.ts PackRow): up to {@link PACK_SIZE} resources of one
 * patient and type per AES-GCM ciphertext, with the pack key as AAD. Opening a 12,000-resource
 * chart reads ~100 rows and decrypts ~100 times instead of 12,000 — per-row IndexedDB and
 * WebCrypto overhead made per-resource rows slower than a plaintext read. Each resource is
 * in exactly one pack; a write re-seals only the packs holding the resources it changes (and
 * one pack with room for new ones). A pack that fails to decrypt is reported with the ids
 * it holds and never breaks the rest of the chart.
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
import { type CacheDb, type PackRow, type ResourceRow, packKey, parseRowKey } from './db';
import { codeToken, seal, unseal, type Keyring } from './record-crypto';
import { clinicalDate, indexedCodings } from './index-fields';
import { PatientIndex } from './patient-index';

/** Resources per pack: large enough that a chart is a few rows, small enough to re-seal. */
export const PACK_SIZE = 128;

/** One resource inside a pack's plaintext. */
interface PackItem {
  /** The resource. */
  r: FhirResource;
  /** When it was fetched (epoch ms). */
  at: number;
  /** Index into the pack's `sources`. */
  s: number;
}

/** What is sealed in a pack. */
interface PackPayload {
  sources: string[];
  items: PackItem[];
}

/** A resource on its way into a pack. */
interface Entry {
  resource: FhirResource;
  id: string;
  fetchedAt: number;
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

/** Another writer changed the packs between planning and writing; the write is re-planned. */
class PackConflict extends Error {
  override name = 'PackConflict';
}

const MAX_WRITE_ATTEMPTS = 5;

/** The packs a write replaces and the packs it adds, for one resource type. */
interface TypePlan {
  type: string;
  /** Keys of the type's packs when the plan was made (checked again in the transaction). */
  seen: string[];
  remove: string[];
  add: PackRow[];
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name || e.message : String(e);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Orders like the old per-resource primary key: type, then id (code-unit order). */
function byTypeAndId(a: CachedResource, b: CachedResource): number {
  const ta = a.resource.resourceType;
  const tb = b.resource.resourceType;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = a.resource.id ?? '';
  const ib = b.resource.id ?? '';
  return ia < ib ? -1 : ia > ib ? 1 : 0;
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

  private patientPacks(patientId: string) {
    return this.db.packs
      .where('[serverId+userKey+patientId]')
      .equals([this.scope.serverId, this.scope.userKey, patientId]);
  }

  private typePacks(patientId: string, type: string) {
    return this.db.packs
      .where('[serverId+userKey+patientId+type]')
      .equals([this.scope.serverId, this.scope.userKey, patientId, type]);
  }

  /** Seals entries of one patient and type (at most PACK_SIZE) into a new pack row. */
  private async sealPack(patientId: string, type: string, entries: Entry[]): Promise<PackRow> {
    const key = packKey(this.scope.serverId, this.scope.userKey, patientId, type);
    const sources: string[] = [];
    const items = entries.map((e): PackItem => {
      let s = sources.indexOf(e.source);
      if (s < 0) s = sources.push(e.source) - 1;
      return { r: e.resource, at: e.fetchedAt, s };
    });
    const codings = entries.flatMap((e) => indexedCodings(e.resource));
    const [sealed, tokens] = await Promise.all([
      seal(this.keyring, key, { sources, items } satisfies PackPayload),
      Promise.all(codings.map((c) => codeToken(this.keyring, c.system, c.code))),
    ]);
    const dates = entries.flatMap((e) => clinicalDate(e.resource) ?? []).sort();
    const dateFrom = dates[0];
    const dateTo = dates[dates.length - 1];
    return {
      key,
      ...this.scope,
      patientId,
      type,
      ids: entries.map((e) => e.id),
      codeHmacs: [...new Set(tokens)],
      ...(dateFrom === undefined ? {} : { dateFrom }),
      ...(dateTo === undefined ? {} : { dateTo }),
      fetchedAt: Math.max(...entries.map((e) => e.fetchedAt)),
      ...sealed,
    };
  }

  /** The pack's entries; throws when it cannot be decrypted (tampered, moved, wrong key). */
  private async openPack(row: PackRow): Promise<Entry[]> {
    const payload = (await unseal(this.keyring, row.key, row)) as PackPayload;
    return payload.items.map((item) => ({
      resource: item.r,
      id: item.r.id ?? '',
      fetchedAt: item.at,
      source: payload.sources[item.s] ?? '',
    }));
  }

  /**
   * Plans the write of one type: which packs to re-seal (those holding changed or deleted ids,
   * plus the most recent pack with room when there are new ids) and the new packs replacing
   * them, entries in clinical-date order so each pack covers a date range. A touched pack
   * that cannot be decrypted is replaced without its unreadable content (the next full sync
   * brings it back).
   */
  private async planType(
    patientId: string,
    type: string,
    upserts: readonly Entry[],
    deletions: ReadonlySet<string>,
  ): Promise<TypePlan> {
    const existing = await this.typePacks(patientId, type).toArray();
    const upsertIds = new Set(upserts.map((e) => e.id));
    const touched = existing.filter((p) =>
      p.ids.some((id) => upsertIds.has(id) || deletions.has(id)),
    );
    const held = new Set(existing.flatMap((p) => p.ids));
    if (upserts.some((e) => !held.has(e.id))) {
      const withRoom = existing
        .filter((p) => !touched.includes(p) && p.ids.length < PACK_SIZE)
        .sort((a, b) => (a.dateTo ?? '').localeCompare(b.dateTo ?? ''));
      const open = withRoom[withRoom.length - 1];
      if (open) touched.push(open);
    }
    const opened = await Promise.all(touched.map((p) => this.openPack(p).catch(() => [])));
    const merged = new Map<string, Entry>();
    for (const entries of opened) for (const e of entries) merged.set(e.id, e);
    for (const id of deletions) merged.delete(id);
    for (const e of upserts) merged.set(e.id, e);
    const dated = [...merged.values()].map((e) => ({ e, date: clinicalDate(e.resource) ?? '' }));
    dated.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.e.id < b.e.id ? -1 : 1));
    const chunks: Entry[][] = [];
    for (let i = 0; i < dated.length; i += PACK_SIZE) {
      chunks.push(dated.slice(i, i + PACK_SIZE).map((d) => d.e));
    }
    return {
      type,
      seen: existing.map((p) => p.key),
      remove: touched.map((p) => p.key),
      add: await Promise.all(chunks.map((chunk) => this.sealPack(patientId, type, chunk))),
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
    const entries = batch.resources.flatMap((resource): Entry[] =>
      resource.id
        ? [{ resource, id: resource.id, fetchedAt: batch.fetchedAt, source: batch.source }]
        : [],
    );
    await this.writeEntries(batch.patientId, entries, batch);
    return entries.length;
  }

  private async writeEntries(
    patientId: string,
    entries: readonly Entry[],
    batch: Pick<WriteBatch, 'deletions' | 'checkpoints' | 'syncedAt' | 'full' | 'fetchedAt'>,
  ): Promise<void> {
    const upserts = groupBy(entries, (e) => e.resource.resourceType);
    const deletions = groupBy(batch.deletions ?? [], (d) => d.type);
    const types = new Set([...upserts.keys(), ...deletions.keys()]);
    const { db } = this;
    for (let attempt = 1; ; attempt++) {
      const plans = await Promise.all(
        [...types].map((type) =>
          this.planType(
            patientId,
            type,
            upserts.get(type) ?? [],
            new Set((deletions.get(type) ?? []).map((d) => d.id)),
          ),
        ),
      );
      try {
        await db.transaction('rw', [db.packs, db.checkpoints, db.patients], async () => {
          for (const plan of plans) {
            const now = await this.typePacks(patientId, plan.type).primaryKeys();
            if (now.length !== plan.seen.length || now.some((k) => !plan.seen.includes(k))) {
              throw new PackConflict(`packs of ${plan.type} changed during the write`);
            }
          }
          const remove = plans.flatMap((p) => p.remove);
          const add = plans.flatMap((p) => p.add);
          if (remove.length) await db.packs.bulkDelete(remove);
          if (add.length) await db.packs.bulkPut(add);
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
        return;
      } catch (e) {
        if (!(e instanceof PackConflict) || attempt >= MAX_WRITE_ATTEMPTS) throw e;
      }
    }
  }

  private async decryptPacks(
    rows: readonly PackRow[],
    keep: (resource: FhirResource) => boolean = () => true,
  ): Promise<PatientView> {
    const resources: CachedResource[] = [];
    const unreadable: UnreadableRecord[] = [];
    const results = await Promise.all(
      rows.map((row) =>
        this.openPack(row).then(
          (entries) => ({ row, entries }),
          (e: unknown) => ({ row, error: errorName(e) }),
        ),
      ),
    );
    for (const r of results) {
      if ('entries' in r) {
        for (const e of r.entries) {
          if (!keep(e.resource)) continue;
          const lastUpdated = e.resource.meta?.lastUpdated;
          resources.push({
            resource: e.resource,
            fetchedAt: e.fetchedAt,
            source: e.source,
            ...(lastUpdated ? { lastUpdated } : {}),
          });
        }
      } else {
        const reason = `cannot be decrypted (${r.error})`;
        for (const id of r.row.ids) unreadable.push({ type: r.row.type, id, reason });
      }
    }
    resources.sort(byTypeAndId);
    return { resources, unreadable };
  }

  /** Everything cached for the patient; unreadable packs are listed by id, never thrown. */
  async readPatient(patientId: string): Promise<PatientView> {
    return this.decryptPacks(await this.patientPacks(patientId).toArray());
  }

  async readByType(patientId: string, type: string): Promise<PatientView> {
    return this.decryptPacks(await this.typePacks(patientId, type).toArray());
  }

  /**
   * Resources of the patient carrying a coding: packs are found by HMAC (no plaintext code
   * stored), then only the resources with that coding are kept.
   */
  async readByCode(patientId: string, system: string, code: string): Promise<PatientView> {
    const token = await codeToken(this.keyring, system, code);
    const rows = await this.db.packs
      .where('codeHmacs')
      .equals(token)
      .filter(
        (r) =>
          r.serverId === this.scope.serverId &&
          r.userKey === this.scope.userKey &&
          r.patientId === patientId,
      )
      .toArray();
    return this.decryptPacks(rows, (resource) =>
      indexedCodings(resource).some((c) => c.system === system && c.code === code),
    );
  }

  /** Type and id of every cached resource of the patient (no decryption). */
  async listIds(patientId: string, type?: string): Promise<{ type: string; id: string }[]> {
    const rows = await (
      type ? this.typePacks(patientId, type) : this.patientPacks(patientId)
    ).toArray();
    return rows
      .flatMap((row) => row.ids.map((id) => ({ type: row.type, id })))
      .sort((a, b) =>
        a.type !== b.type ? (a.type < b.type ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
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
    await this.writeEntries(patientId, [], { deletions: refs, fetchedAt: this.now() });
  }

  /** Removes the patient's resources, checkpoints and entry. Never touches the outbox. */
  async purgePatient(patientId: string): Promise<number> {
    const { db } = this;
    return db.transaction('rw', [db.packs, db.checkpoints, db.patients], async () => {
      let n = 0;
      await this.patientPacks(patientId).each((row) => (n += row.ids.length));
      await this.patientPacks(patientId).delete();
      await this.patients.remove(patientId);
      return n;
    });
  }

  /**
   * Re-seals rows of schema v1/v2 (one resource per row) of this scope into packs, patient
   * by patient, then deletes them. Runs when the scope opens (the schema upgrade has no key).
   * Idempotent: interrupted, it simply continues next time. Rows that cannot be decrypted
   * are dropped (they were unreadable already; the next full sync fetches them again).
   * Returns the number of legacy rows migrated.
   */
  async migrateLegacyRows(): Promise<number> {
    const { db, scope } = this;
    const patientKeys = (await db.resources
      .where('[serverId+userKey+patientId]')
      .between([scope.serverId, scope.userKey, ''], [scope.serverId, scope.userKey, '\uffff'])
      .uniqueKeys()) as unknown as [string, string, string][];
    let migrated = 0;
    for (const [, , patientId] of patientKeys) {
      const legacy = db.resources
        .where('[serverId+userKey+patientId]')
        .equals([scope.serverId, scope.userKey, patientId]);
      const rows: ResourceRow[] = await legacy.toArray();
      const opened = await Promise.all(
        rows.map((row) =>
          unseal(this.keyring, row.key, row).then(
            (payload) => ({ row, payload: payload as { resource: FhirResource; source: string } }),
            () => undefined,
          ),
        ),
      );
      const entries = opened.flatMap((o): Entry[] =>
        o
          ? [
              {
                resource: o.payload.resource,
                id: parseRowKey(o.row.key).id,
                fetchedAt: o.row.fetchedAt,
                source: o.payload.source,
              },
            ]
          : [],
      );
      await this.writeEntries(patientId, entries, { fetchedAt: this.now() });
      await db.resources.bulkDelete(rows.map((r) => r.key));
      migrated += entries.length;
    }
    return migrated;
  }

  /**
   * Emits the decrypted patient view now and whenever the patient's packs change (Dexie
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
    const subscription = liveQuery(() => this.patientPacks(patientId).toArray()).subscribe({
      next: (rows) => {
        const mine = ++seq;
        this.decryptPacks(rows).then(
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
