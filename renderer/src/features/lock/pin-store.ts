/**
 * The local unlock PIN of one signed-in user, where the clinic allows it
 * (`security.pinUnlock`).
 *
 * - Kept in the tab's sessionStorage only, as a PBKDF2 hash (pin-hash.ts): it dies with the
 *   tab or the app, never reaches disk in the browser, and survives the page reload that a
 *   browser-host re-authentication causes.
 * - Bound to the server and user it was set for; another user's record is ignored.
 * - Attempts are rate limited and counted in the same record, so reloading the page neither
 *   resets the count nor the wait: after the n-th wrong PIN the next attempt waits
 *   2^(n-1) s; the {@link MAX_PIN_FAILURES}th wrong PIN deletes the PIN and the caller signs
 *   the user out.
 * - An attempt is counted *before* the (slow) hash is compared and refunded when it was
 *   right, so attempts fired in parallel cannot slip past the limit.
 */
import { z } from 'zod';
import type { LockOwner } from './lock-record';
import { hashPin, verifyPin, type PinHashOptions } from './pin-hash';

export const PIN_STORAGE_KEY = 'cw.lock.pin';
export const MAX_PIN_FAILURES = 5;

const pinRecordSchema = z.object({
  v: z.literal(1),
  serverId: z.string(),
  userKey: z.string(),
  salt: z.string().min(1),
  hash: z.string().min(1),
  iterations: z.number().int().positive(),
  failures: z.number().int().min(0),
  /** Epoch ms before which no attempt is accepted. */
  notBefore: z.number(),
});
type PinRecord = z.output<typeof pinRecordSchema>;

export type PinAttempt =
  | { ok: true }
  | { ok: false; reason: 'no-pin' }
  /** Too soon after a wrong PIN: try again at `retryAt` (epoch ms). */
  | { ok: false; reason: 'wait'; retryAt: number }
  | { ok: false; reason: 'wrong'; attemptsLeft: number; retryAt: number }
  /** The last allowed attempt was wrong: the PIN is gone, sign the user out. */
  | { ok: false; reason: 'exhausted' };

/** Wait after `failures` wrong PINs: 0, 1 s, 2 s, 4 s, 8 s. */
export function pinDelayMs(failures: number): number {
  return failures <= 0 ? 0 : 1000 * 2 ** (failures - 1);
}

export interface PinStoreOptions extends Pick<PinHashOptions, 'iterations' | 'subtle'> {
  now?: () => number;
}

export class PinStore {
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    private readonly owner: LockOwner,
    private readonly options: PinStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private read(): PinRecord | null {
    let raw: string | null;
    try {
      raw = this.storage.getItem(PIN_STORAGE_KEY);
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const parsed = pinRecordSchema.safeParse(JSON.parse(raw));
      if (
        parsed.success &&
        parsed.data.serverId === this.owner.serverId &&
        parsed.data.userKey === this.owner.userKey
      ) {
        return parsed.data;
      }
    } catch {
      // unreadable: treated as no PIN
    }
    return null;
  }

  private write(record: PinRecord): void {
    this.storage.setItem(PIN_STORAGE_KEY, JSON.stringify(record));
  }

  /** Whether this user has a PIN set in this tab. */
  has(): boolean {
    return this.read() !== null;
  }

  /** Epoch ms before which an attempt would be refused (0 when none is pending). */
  retryAt(): number {
    return this.read()?.notBefore ?? 0;
  }

  /** Sets (or replaces) the PIN; the attempt count starts again. */
  async set(pin: string): Promise<void> {
    const hashed = await hashPin(pin, {
      ...(this.options.iterations !== undefined ? { iterations: this.options.iterations } : {}),
      ...(this.options.subtle ? { subtle: this.options.subtle } : {}),
    });
    this.write({ v: 1, ...this.owner, ...hashed, failures: 0, notBefore: 0 });
  }

  clear(): void {
    try {
      this.storage.removeItem(PIN_STORAGE_KEY);
    } catch {
      // storage gone: nothing to remove
    }
  }

  async attempt(pin: string): Promise<PinAttempt> {
    const record = this.read();
    if (!record) return { ok: false, reason: 'no-pin' };
    const now = this.now();
    if (now < record.notBefore) return { ok: false, reason: 'wait', retryAt: record.notBefore };
    // Count first (see the module comment), refund when the PIN was right.
    const failures = record.failures + 1;
    const retryAt = now + pinDelayMs(failures);
    this.write({ ...record, failures, notBefore: retryAt });
    const right = await verifyPin(
      pin,
      record,
      this.options.subtle ? { subtle: this.options.subtle } : {},
    );
    const current = this.read();
    if (right) {
      if (current) this.write({ ...current, failures: 0, notBefore: 0 });
      return { ok: true };
    }
    if (failures >= MAX_PIN_FAILURES) {
      this.clear();
      return { ok: false, reason: 'exhausted' };
    }
    return { ok: false, reason: 'wrong', attemptsLeft: MAX_PIN_FAILURES - failures, retryAt };
  }
}
