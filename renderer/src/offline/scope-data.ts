/**
 * Removing a scope's cached data: after a lost key (discardUnreadableScope) and on sign-out
 * (wipeScope). Both keep what the clinician wrote and the server has not received yet: unsent
 * outbox entries are never deleted silently.
 */
import type { CacheScope } from './contracts';
import type { CacheDb } from './db';

/** Reason given to outbox entries whose ciphertext was written under a key that is gone. */
export const KEY_LOST_REASON = 'cache key lost — write again';

function scopeKey(scope: CacheScope): [string, string] {
  return [scope.serverId, scope.userKey];
}

/** True when anything of this scope is stored (rows that a missing key would orphan). */
export async function scopeHasData(db: CacheDb, scope: CacheScope): Promise<boolean> {
  const key = scopeKey(scope);
  const counts = await Promise.all([
    db.packs.where('[serverId+userKey]').equals(key).count(),
    db.resources.where('[serverId+userKey]').equals(key).count(),
    db.checkpoints.where('[serverId+userKey]').equals(key).count(),
    db.outbox.where('[serverId+userKey]').equals(key).count(),
  ]);
  return counts.some((n) => n > 0);
}

/**
 * Deletes every cached resource of the scope (packs and not yet migrated v2 rows) and
 * returns how many resources that was. Call inside a transaction over both tables.
 */
async function deleteScopeResources(db: CacheDb, key: [string, string]): Promise<number> {
  const packs = db.packs.where('[serverId+userKey]').equals(key);
  let count = 0;
  await packs.each((row) => (count += row.ids.length));
  await packs.delete();
  return count + (await db.resources.where('[serverId+userKey]').equals(key).delete());
}

/**
 * The part both removals share: cached resources, checkpoints, patient entries and sent
 * outbox entries (history) go; returns the count and the scope's remaining outbox (unsent).
 * Call inside a transaction over those tables.
 */
async function clearScopeCache(db: CacheDb, key: [string, string]) {
  const removedResources = await deleteScopeResources(db, key);
  await db.checkpoints.where('[serverId+userKey]').equals(key).delete();
  await db.patients.where('[serverId+userKey]').equals(key).delete();
  const outbox = () => db.outbox.where('[serverId+userKey]').equals(key);
  await outbox()
    .filter((row) => row.state === 'sent')
    .delete();
  return { removedResources, outbox };
}

/**
 * Drops the resources, checkpoints and patient entries of a scope whose key is lost, and
 * marks its unsent outbox entries failed with {@link KEY_LOST_REASON}: they cannot be sent
 * (the body is unreadable) but the clinician must see that a note did not arrive. Sent
 * entries are history and are removed. One transaction: never half-discarded.
 */
export async function discardUnreadableScope(
  db: CacheDb,
  scope: CacheScope,
): Promise<{ removedResources: number; outboxMarkedFailed: number }> {
  const key = scopeKey(scope);
  return db.transaction(
    'rw',
    [db.packs, db.resources, db.checkpoints, db.patients, db.outbox],
    async () => {
      const { removedResources, outbox } = await clearScopeCache(db, key);
      const outboxMarkedFailed = await outbox()
        .filter((row) => row.state !== 'sent')
        .modify({ state: 'failed', lastError: KEY_LOST_REASON, keyLost: true });
      return { removedResources, outboxMarkedFailed };
    },
  );
}

export interface WipeOptions {
  /**
   * Also delete unsent outbox entries. The UI must warn first ("2 notes have not been sent
   * and will be lost") and pass the count it showed. Audit records are never deleted: they
   * stay (with the key) until they have reached the server.
   */
  includeOutbox?: boolean;
}

/**
 * Outbox entries a clinician may choose to discard: their own writes (notes, feedback, …).
 * The security audit trail (AuditEvent) is not theirs to discard and is not counted.
 */
export function isDiscardable(row: { resourceType: string }): boolean {
  return row.resourceType !== 'AuditEvent';
}

export interface WipeResult {
  removedResources: number;
  /** Unsent entries deleted (only with includeOutbox). */
  outboxRemoved: number;
  /** Unsent entries kept; the scope's key is kept too so they can still be sent. */
  outboxKept: number;
  /** Whether the scope's key material was removed. */
  keyRemoved: boolean;
}

/**
 * Sign-out wipe (config option "wipe cache on sign-out"): removes resources, checkpoints,
 * patient entries and, when nothing unsent remains, the key. Unsent outbox entries are kept
 * unless `includeOutbox`; while any are kept the key stays as well, otherwise they could
 * never be decrypted and sent after the same user signs in again.
 * @param removeKey removes the key material outside the database (e.g. the wrapped key in
 *   host.secrets); the `keys` row is removed here.
 */
export async function wipeScope(
  db: CacheDb,
  scope: CacheScope,
  removeKey: () => Promise<void>,
  options: WipeOptions = {},
): Promise<WipeResult> {
  const key = scopeKey(scope);
  const result = await db.transaction(
    'rw',
    [db.packs, db.resources, db.checkpoints, db.patients, db.outbox, db.keys],
    async () => {
      const { removedResources, outbox } = await clearScopeCache(db, key);
      const unsent = outbox().filter((row) => row.state !== 'sent');
      let outboxRemoved = 0;
      let outboxKept = 0;
      if (options.includeOutbox) outboxRemoved = await unsent.filter(isDiscardable).delete();
      outboxKept = await outbox()
        .filter((row) => row.state !== 'sent')
        .count();
      const keyRemoved = outboxKept === 0;
      if (keyRemoved) await db.keys.delete(key);
      return { removedResources, outboxRemoved, outboxKept, keyRemoved };
    },
  );
  if (result.keyRemoved) await removeKey();
  return result;
}
