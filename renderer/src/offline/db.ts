/**
 * The offline cache database: one Dexie database per origin ('cw-cache'), shared by every
 * server and user; every row carries its scope (serverId + userKey) and every body is
 * encrypted with that scope's key (see crypto.ts, keys.ts).
 *
 * Plaintext is limited to what indexes need (ARCHITECTURE.md data flow 3): server, user,
 * patient id, resource type, clinical date, HMACs of codes, timestamps and states. Names,
 * identifiers, values, note texts and labels are only inside `ciphertext`.
 *
 * Schema versions are append-only: never edit a released `version(n)`; add `version(n+1)`
 * with its `.upgrade()` and a test that opens a database written by the previous version.
 * @see https://dexie.org/docs/Tutorial/Design#database-versioning
 */
import { Dexie, type EntityTable, type DexieOptions } from 'dexie';
import type { OutboxState } from './contracts';

export const CACHE_DB_NAME = 'cw-cache';

/** AES-GCM output as stored: the 96-bit IV and the ciphertext with its tag. */
export interface SealedFields {
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

/**
 * A schema v1/v2 row: one resource per ciphertext. Since v3 resources live in packs; these
 * rows are only read once, by RecordStore.migrateLegacyRows, and then deleted.
 */
export interface ResourceRow extends SealedFields {
  /** `${serverId}|${userKey}|${patientId}|${type}|${id}`; also the AES-GCM AAD (see rowKey). */
  key: string;
  serverId: string;
  userKey: string;
  patientId: string;
  type: string;
  /** Clinical date (ISO string) for sorting; absent when the resource has none. */
  date?: string;
  /** HMAC-SHA256(system|code), base64url, truncated to 128 bits. */
  codeHmacs: string[];
  fetchedAt: number;
}

/**
 * Up to PACK_SIZE resources of one patient and type sealed together (schema v3). Reading a
 * chart is then a few dozen rows and decryptions instead of one per resource (12,000 for a
 * large record), which is what made the cache slower than plaintext IndexedDB. Each resource
 * is in exactly one pack; a write re-seals only the packs it touches.
 */
export interface PackRow extends SealedFields {
  /** `${serverId}|${userKey}|${patientId}|${type}|~${random}`; also the AES-GCM AAD. */
  key: string;
  serverId: string;
  userKey: string;
  patientId: string;
  type: string;
  /** Resource ids in the pack (ids are plaintext anyway: they were row keys before v3). */
  ids: string[];
  /** HMAC tokens of every indexed coding in the pack (see record-crypto codeToken). */
  codeHmacs: string[];
  /** Earliest and latest clinical date in the pack (resources are packed in date order). */
  dateFrom?: string;
  dateTo?: string;
  /** Latest `fetchedAt` of the pack's resources (epoch ms). */
  fetchedAt: number;
}

export interface CheckpointRow {
  serverId: string;
  userKey: string;
  patientId: string;
  type: string;
  /** `meta.lastUpdated` to ask for with `_lastUpdated=gt…` next time. */
  lastUpdated: string;
  syncedAt: number;
}

export interface PatientRow {
  serverId: string;
  userKey: string;
  patientId: string;
  lastOpenedAt: number;
  syncedAt?: number;
  fullSyncedAt?: number;
  pinnedUntil?: number;
}

export interface OutboxRow extends SealedFields {
  id: string;
  serverId: string;
  userKey: string;
  patientId: string;
  resourceType: string;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  sentAt?: number;
  lastError?: string;
  /** Earliest time of the next automatic attempt (added in schema v2, for backoff). */
  nextAttemptAt: number;
  /** The ciphertext was written under a key that is gone; the body cannot be sent. */
  keyLost?: boolean;
}

/** Key material of one scope: CryptoKeys (browser) or a key check for a wrapped key. */
export type KeyRow =
  | { serverId: string; userKey: string; kind: 'browser'; aes: CryptoKey; hmac: CryptoKey }
  | { serverId: string; userKey: string; kind: 'wrapped'; check: SealedFields };

/** Version 1: the first released schema. */
const V1 = {
  resources:
    'key, [serverId+userKey], [serverId+userKey+patientId], [serverId+userKey+patientId+type], *codeHmacs',
  checkpoints:
    '[serverId+userKey+patientId+type], [serverId+userKey], [serverId+userKey+patientId]',
  patients: '[serverId+userKey+patientId], [serverId+userKey]',
  outbox: 'id, [serverId+userKey], [serverId+userKey+createdAt]',
  keys: '[serverId+userKey]',
};

/**
 * Version 2: eviction walks patients by `lastOpenedAt` (new compound index) and the outbox
 * gains `nextAttemptAt` for exponential backoff. The upgrade fills `nextAttemptAt` of
 * existing entries with their `createdAt`, so entries queued under v1 are due at once and
 * keep their order.
 */
const V2 = {
  ...V1,
  patients: '[serverId+userKey+patientId], [serverId+userKey], [serverId+userKey+lastOpenedAt]',
  outbox: 'id, [serverId+userKey], [serverId+userKey+createdAt], [serverId+userKey+nextAttemptAt]',
};

/**
 * Version 3: resources are sealed in packs (PackRow). The v2 `resources` table stays declared
 * so its rows can be re-sealed into packs once the scope's key is open (the upgrade itself
 * has no key): see RecordStore.migrateLegacyRows.
 */
const V3 = {
  ...V2,
  packs:
    'key, [serverId+userKey], [serverId+userKey+patientId], [serverId+userKey+patientId+type], *codeHmacs',
};

export const LATEST_VERSION = 3;

export class CacheDb extends Dexie {
  /** Legacy (v1/v2) per-resource rows, migrated into `packs` when a scope opens. */
  resources!: EntityTable<ResourceRow, 'key'>;
  packs!: EntityTable<PackRow, 'key'>;
  checkpoints!: Dexie.Table<CheckpointRow, [string, string, string, string]>;
  patients!: Dexie.Table<PatientRow, [string, string, string]>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  keys!: Dexie.Table<KeyRow, [string, string]>;

  /**
   * @param upTo highest schema version to declare; tests pass 1 to write a v1 database and
   *   reopen it with the latest version. Production code always uses the default.
   */
  constructor(name = CACHE_DB_NAME, options?: DexieOptions, upTo = LATEST_VERSION) {
    // 'immutable': live queries hand out the stored objects instead of deep clones. We never
    // mutate rows, it saves a copy of every ciphertext per emission, and a deep clone turns
    // binary fields from another realm (jsdom in DOM tests) into empty look-alikes.
    super(name, { cache: 'immutable', ...options });
    this.version(1).stores(V1);
    if (upTo >= 2) {
      this.version(2)
        .stores(V2)
        .upgrade(async (tx) => {
          await tx
            .table<Omit<OutboxRow, 'nextAttemptAt'> & { nextAttemptAt?: number }>('outbox')
            .toCollection()
            .modify((row) => {
              row.nextAttemptAt ??= row.createdAt;
            });
        });
    }
    if (upTo >= 3) this.version(3).stores(V3);
  }
}

/** Builds the row key; also the additional authenticated data of the row's ciphertext. */
export function rowKey(
  serverId: string,
  userKey: string,
  patientId: string,
  type: string,
  id: string,
): string {
  return `${serverId}|${userKey}|${patientId}|${type}|${id}`;
}

/** Key of a new pack: the scope, patient and type, then a random suffix (never reused). */
export function packKey(
  serverId: string,
  userKey: string,
  patientId: string,
  type: string,
): string {
  return `${serverId}|${userKey}|${patientId}|${type}|~${globalThis.crypto.randomUUID()}`;
}

/** Type and id back from a row key (FHIR ids and type names never contain '|'). */
export function parseRowKey(key: string): { type: string; id: string } {
  const parts = key.split('|');
  return { type: parts[parts.length - 2] ?? '', id: parts[parts.length - 1] ?? '' };
}

/** AAD of an outbox row: binds the ciphertext to its scope and id. */
export function outboxAad(serverId: string, userKey: string, id: string): string {
  return `outbox|${serverId}|${userKey}|${id}`;
}
