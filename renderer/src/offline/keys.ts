/**
 * Key lifecycle per scope (server + user). A scope's data key is random; how it is kept
 * depends on the host (ARCHITECTURE.md data flow 3):
 * - {@link BrowserKeyStorage}: non-extractable CryptoKeys, stored as objects in the `keys`
 *   table (IndexedDB structured-clones CryptoKeys; the raw bytes are never exposed to script).
 * - {@link WrappedKeyStorage}: raw bytes kept in host.secrets (Electron safeStorage) under
 *   `cache.key.<serverId>.<userKey>`, imported as non-extractable keys for use. A key check
 *   (a sealed constant) in the `keys` table detects a secret that no longer matches the rows.
 *
 * {@link openKeyring} never throws for a missing or wrong key: it discards the scope's cached
 * records (they are re-fetchable), keeps unsent outbox entries marked failed, creates a new
 * key and reports what happened so the UI can say so once.
 */
import type { SecretStore } from '../host/Host';
import type { CacheScope, KeyringReport } from './contracts';
import type { CacheDb } from './db';
import {
  fromBase64,
  generateKeyring,
  importKeyring,
  seal,
  toBase64,
  unseal,
  type Keyring,
} from './record-crypto';
import { discardUnreadableScope, scopeHasData } from './scope-data';

export type KeyLoad = { keyring: Keyring } | { missing: string };

export interface KeyStorage {
  /** False when keys cannot outlive this session (the cache is discarded at next start). */
  readonly persistent: boolean;
  /** The scope's keys, or why there are none usable. May throw; callers treat it as missing. */
  load(db: CacheDb, scope: CacheScope): Promise<KeyLoad>;
  /** Creates and stores new keys; returns the keys in use (another tab's, if it won a race). */
  create(db: CacheDb, scope: CacheScope): Promise<Keyring>;
  /** Removes the scope's key material. */
  remove(db: CacheDb, scope: CacheScope): Promise<void>;
}

/** Browser host: the CryptoKey objects themselves live in IndexedDB. */
export class BrowserKeyStorage implements KeyStorage {
  readonly persistent = true;

  async load(db: CacheDb, scope: CacheScope): Promise<KeyLoad> {
    const row = await db.keys.get([scope.serverId, scope.userKey]);
    if (row?.kind !== 'browser') return { missing: 'no key stored' };
    return { keyring: { aes: row.aes, hmac: row.hmac } };
  }

  async create(db: CacheDb, scope: CacheScope): Promise<Keyring> {
    // Generate outside the transaction: an IndexedDB transaction commits while awaiting WebCrypto.
    const fresh = await generateKeyring();
    return db.transaction('rw', db.keys, async () => {
      const existing = await db.keys.get([scope.serverId, scope.userKey]);
      if (existing?.kind === 'browser') return { aes: existing.aes, hmac: existing.hmac };
      await db.keys.put({ ...scope, kind: 'browser', aes: fresh.aes, hmac: fresh.hmac });
      return fresh;
    });
  }

  async remove(db: CacheDb, scope: CacheScope): Promise<void> {
    await db.keys.delete([scope.serverId, scope.userKey]);
  }
}

const KEY_BYTES = 32;

/** Name of the wrapped key in host.secrets. */
export function secretName(scope: CacheScope): string {
  return `cache.key.${scope.serverId}.${scope.userKey}`;
}

function checkAad(scope: CacheScope): string {
  return `keycheck|${scope.serverId}|${scope.userKey}`;
}

/**
 * Electron host: key bytes wrapped by safeStorage through host.secrets. When the secret store
 * is not persistent (no OS keyring), keys live for the session only; if storing the secret
 * fails, too (the key is then kept in memory and the cache is dropped at next start).
 */
export class WrappedKeyStorage implements KeyStorage {
  private sessionKeys = new Map<string, Keyring>();

  constructor(private readonly secrets: SecretStore) {}

  get persistent(): boolean {
    return this.secrets.persistent;
  }

  async load(db: CacheDb, scope: CacheScope): Promise<KeyLoad> {
    const memo = this.sessionKeys.get(secretName(scope));
    if (memo) return { keyring: memo };
    const stored = await this.secrets.get(secretName(scope));
    if (stored === null) return { missing: 'no key stored' };
    const bytes = fromBase64(stored);
    if (bytes.length !== 2 * KEY_BYTES) return { missing: 'stored key is malformed' };
    const keyring = await importKeyring(bytes.slice(0, KEY_BYTES), bytes.slice(KEY_BYTES));
    const row = await db.keys.get([scope.serverId, scope.userKey]);
    if (row?.kind === 'wrapped') {
      try {
        await unseal(keyring, checkAad(scope), row.check);
      } catch {
        return { missing: 'stored key does not match the cache' };
      }
    }
    return { keyring };
  }

  async create(db: CacheDb, scope: CacheScope): Promise<Keyring> {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(2 * KEY_BYTES));
    const keyring = await importKeyring(bytes.slice(0, KEY_BYTES), bytes.slice(KEY_BYTES));
    const check = await seal(keyring, checkAad(scope), 'ok');
    try {
      await this.secrets.set(secretName(scope), toBase64(bytes));
    } catch {
      // Secure storage refused: usable for this session only.
      this.sessionKeys.set(secretName(scope), keyring);
    }
    bytes.fill(0);
    await db.keys.put({ ...scope, kind: 'wrapped', check });
    return keyring;
  }

  async remove(db: CacheDb, scope: CacheScope): Promise<void> {
    this.sessionKeys.delete(secretName(scope));
    await this.secrets.delete(secretName(scope));
    await db.keys.delete([scope.serverId, scope.userKey]);
  }

  /** True when this scope's key could not be stored and lives in memory only. */
  isSessionOnly(scope: CacheScope): boolean {
    return !this.secrets.persistent || this.sessionKeys.has(secretName(scope));
  }
}

function discardReason(storage: KeyStorage, missing: string): string {
  if (!storage.persistent && missing === 'no key stored') {
    return 'Secure storage is not available on this workstation, so the offline cache of the previous session could not be kept.';
  }
  return `The offline cache key could not be unlocked (${missing}); cached records were removed and will be fetched again.`;
}

export interface OpenedKeyring {
  keyring: Keyring;
  report: KeyringReport;
}

/**
 * Opens (or creates) the scope's keyring. A key that is missing, malformed, cannot be
 * unwrapped or does not match → the scope's records, checkpoints and patient entries are
 * discarded, unsent outbox entries are kept and marked failed ('cache key lost — write
 * again'), a new key is created, and `report.discarded` says so. Never throws for those.
 */
export async function openKeyring(
  db: CacheDb,
  scope: CacheScope,
  storage: KeyStorage,
): Promise<OpenedKeyring> {
  let loaded: KeyLoad;
  try {
    loaded = await storage.load(db, scope);
  } catch (e) {
    loaded = {
      missing: `key could not be unwrapped: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const sessionOnly = (): boolean =>
    storage instanceof WrappedKeyStorage ? storage.isSessionOnly(scope) : !storage.persistent;
  if ('keyring' in loaded) {
    return {
      keyring: loaded.keyring,
      report: {
        discarded: false,
        removedResources: 0,
        outboxMarkedFailed: 0,
        sessionOnly: sessionOnly(),
      },
    };
  }
  let report: KeyringReport = {
    discarded: false,
    removedResources: 0,
    outboxMarkedFailed: 0,
    sessionOnly: false,
  };
  if (await scopeHasData(db, scope)) {
    const removed = await discardUnreadableScope(db, scope);
    report = {
      ...report,
      ...removed,
      discarded: true,
      reason: discardReason(storage, loaded.missing),
    };
  }
  const keyring = await storage.create(db, scope);
  return { keyring, report: { ...report, sessionOnly: sessionOnly() } };
}
