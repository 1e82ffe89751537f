/**
 * Secrets (refresh tokens, the offline cache's data key) encrypted with Electron's
 * `safeStorage` and kept in one JSON file in userData.
 *
 * On Linux, `safeStorage` silently falls back to a hard-coded password (`basic_text`) when
 * no keyring is reachable; "encrypted" secrets would then be readable by anyone with the
 * file. The vault refuses to persist in that case (and when encryption is unavailable at
 * all): secrets live in memory for this session and every `set` reports why.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import { z } from 'zod';
import type { JsonFileStore } from './json-file-store';

/** The slice of Electron's `safeStorage` the vault uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only (Electron throws elsewhere), and only after `app` is ready. */
  getSelectedStorageBackend(): string;
}

export interface VaultDeps {
  safeStorage: SafeStorageLike;
  store: JsonFileStore;
  platform: NodeJS.Platform;
  log?: (line: string) => void;
}

const vaultFileSchema = z.object({
  version: z.literal(1),
  /** key → base64 of the safeStorage ciphertext */
  entries: z.record(z.string(), z.string()),
});

/** Backends that would store secrets in the clear (or that Electron cannot name). */
const unsafeLinuxBackends = new Set(['basic_text', 'unknown']);

/** The message every refused `set` carries; the renderer shows it as is. */
export function secretsUnavailableMessage(reason: string): string {
  return `Secure storage unavailable (${reason}) — secrets kept for this session only`;
}

/**
 * Why secrets cannot be persisted on this machine, or `undefined` when they can.
 */
export function unsafeStorageReason(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return 'encryption unavailable';
  if (platform !== 'linux') return undefined;
  const backend = safeStorage.getSelectedStorageBackend();
  return unsafeLinuxBackends.has(backend) ? backend : undefined;
}

export class SecretVault {
  private readonly memory = new Map<string, string>();
  private readonly encrypted = new Map<string, string>();

  private constructor(
    private readonly deps: VaultDeps,
    /** Set when secrets are memory-only; the reason shown to the user. */
    readonly unavailableReason: string | undefined,
  ) {}

  /** Probe safeStorage and load the vault file (when persisting is safe). */
  static async open(deps: VaultDeps): Promise<SecretVault> {
    const log = deps.log ?? (() => undefined);
    const reason = unsafeStorageReason(deps.safeStorage, deps.platform);
    const vault = new SecretVault(deps, reason);
    if (reason !== undefined) {
      log(`[vault] ${secretsUnavailableMessage(reason)}`);
      return vault;
    }
    try {
      const parsed = vaultFileSchema.safeParse((await deps.store.read()) ?? emptyFile());
      if (parsed.success) {
        for (const [key, value] of Object.entries(parsed.data.entries)) {
          vault.encrypted.set(key, value);
        }
      } else {
        log('[vault] vault file has an unexpected shape; starting empty');
      }
    } catch (error) {
      log(`[vault] could not read the vault file; starting empty: ${String(error)}`);
    }
    return vault;
  }

  /** True when `set` writes to disk (reported by app:info as `secretsPersistent`). */
  get persistent(): boolean {
    return this.unavailableReason === undefined;
  }

  get(key: string): string | null {
    if (!this.persistent) return this.memory.get(key) ?? null;
    const value = this.encrypted.get(key);
    if (value === undefined) return null;
    try {
      return this.deps.safeStorage.decryptString(Buffer.from(value, 'base64'));
    } catch (error) {
      // The OS keyring changed (new login keychain, other user): the secret is gone.
      this.deps.log?.(`[vault] could not decrypt ${key}: ${String(error)}`);
      return null;
    }
  }

  /**
   * Store a secret. When persisting is unsafe the value is still kept in memory for this
   * session, and the call rejects with {@link secretsUnavailableMessage} so the renderer
   * knows it will not survive a restart.
   */
  async set(key: string, value: string): Promise<void> {
    if (this.unavailableReason !== undefined) {
      this.memory.set(key, value);
      throw new Error(secretsUnavailableMessage(this.unavailableReason));
    }
    const ciphertext = this.deps.safeStorage.encryptString(value).toString('base64');
    const previous = this.encrypted.get(key);
    this.encrypted.set(key, ciphertext);
    try {
      await this.flush();
    } catch (error) {
      if (previous === undefined) this.encrypted.delete(key);
      else this.encrypted.set(key, previous);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    if (!this.persistent || !this.encrypted.has(key)) return;
    this.encrypted.delete(key);
    await this.flush();
  }

  private flush(): Promise<void> {
    return this.deps.store.write({ version: 1, entries: Object.fromEntries(this.encrypted) });
  }
}

function emptyFile(): z.input<typeof vaultFileSchema> {
  return { version: 1, entries: {} };
}
