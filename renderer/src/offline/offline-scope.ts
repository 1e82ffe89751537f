/**
 * One call to open the offline layer for a signed-in user: database, key (with the lost-key
 * report), record store, outbox, crash recovery, pin expiry and retention (charts and imported
 * summaries). The lead's React provider calls {@link openOfflineScope} after sign-in and
 * `wipe()` / `close()` on sign-out / lock.
 */
import type { Host } from '../host/Host';
import type { CacheScope, KeyringReport } from './contracts';
import { CacheDb } from './db';
import { purgeBeyondRetention, purgeExpiredPins } from './eviction';
import { IpsCache } from './ips-cache';
import { purgeImportsBeyondRetention, type PurgedImport } from './ips-cache-retention';
import { BrowserKeyStorage, openKeyring, WrappedKeyStorage, type KeyStorage } from './keys';
import { Outbox, type OutboxOptions } from './outbox';
import { RecordStore, requestPersistentStorage } from './record-store';
import { wipeScope, type WipeOptions, type WipeResult } from './scope-data';

/**
 * Electron keeps the key wrapped by safeStorage (host.secrets); the browser host keeps a
 * non-extractable CryptoKey in IndexedDB (its secrets are session-only, which would drop the
 * cache at every start).
 */
export function keyStorageFor(host: Pick<Host, 'kind' | 'secrets'>): KeyStorage {
  return host.kind === 'electron' ? new WrappedKeyStorage(host.secrets) : new BrowserKeyStorage();
}

/**
 * What retention removed when the scope opened. Not written to the audit trail: the trail
 * records what a clinician did (shared/audit), and like pin expiry this is the cache's own
 * housekeeping; it is returned so a caller can show or log it.
 */
export interface RetentionReport {
  /** Patients whose cached charts were removed. */
  readonly charts: readonly string[];
  /** Imported summaries removed, oldest import first. */
  readonly importedSummaries: readonly PurgedImport[];
}

export interface OfflineScope {
  readonly scope: CacheScope;
  readonly db: CacheDb;
  readonly store: RecordStore;
  readonly outbox: Outbox;
  /** Show once when `report.discarded` ("The offline cache was reset: …"). */
  readonly report: KeyringReport;
  /** Whether the browser agreed to keep the storage persistent. */
  readonly persisted: boolean;
  /** Outbox entries left in 'sending' by a crash, now pending again. */
  readonly recoveredOutbox: number;
  /** Removed by `retentionDays` at open (empty without a retention setting). */
  readonly retention: RetentionReport;
  /** Sign-out wipe; see {@link wipeScope} (unsent outbox entries kept unless told). */
  wipe(options?: WipeOptions): Promise<WipeResult>;
  /** Lock / sign-out without wipe: the data stays encrypted at rest. */
  close(): void;
}

export interface OpenOfflineOptions {
  db?: CacheDb;
  now?: () => number;
  outbox?: OutboxOptions;
  /**
   * Clinic setting `cache.retentionDays`: charts unused this long, and summaries imported this
   * long ago, are removed at open.
   */
  retentionDays?: number;
}

export async function openOfflineScope(
  scope: CacheScope,
  keyStorage: KeyStorage,
  options: OpenOfflineOptions = {},
): Promise<OfflineScope> {
  const db = options.db ?? new CacheDb();
  const now = options.now ?? Date.now;
  const persisted = await requestPersistentStorage();
  const { keyring, report } = await openKeyring(db, scope, keyStorage);
  const store = new RecordStore(db, scope, keyring, now);
  await store.migrateLegacyRows();
  const outbox = new Outbox(db, scope, keyring, { now, ...options.outbox });
  const recoveredOutbox = await outbox.recoverInterrupted();
  await purgeExpiredPins(store, now());
  const retention: RetentionReport =
    options.retentionDays === undefined
      ? { charts: [], importedSummaries: [] }
      : {
          charts: await purgeBeyondRetention(store, now(), options.retentionDays),
          importedSummaries: await purgeImportsBeyondRetention(
            new IpsCache(store, now),
            now(),
            options.retentionDays,
          ),
        };
  return {
    scope,
    db,
    store,
    outbox,
    report,
    persisted,
    recoveredOutbox,
    retention,
    wipe: (wipeOptions) => wipeScope(db, scope, () => keyStorage.remove(db, scope), wipeOptions),
    close: () => db.close(),
  };
}
