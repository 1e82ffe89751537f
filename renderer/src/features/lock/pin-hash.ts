/**
 * Hashing the local unlock PIN with PBKDF2-HMAC-SHA-256 (WebCrypto, RFC 8018 §5.2).
 *
 * What this protects against, and what not: the PIN stops a walk-up user at a locked
 * workstation (together with the attempt limit in pin-store.ts). A 6–12 digit PIN has too
 * little entropy to resist an offline search by someone who can read the tab's storage — but
 * such a person can read the session's tokens there too, so the hash only has to keep the PIN
 * itself from sitting in storage in clear. The iteration count follows OWASP's 2023 password
 * storage guidance for PBKDF2-HMAC-SHA-256.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
 */

/** OWASP (2023) minimum for PBKDF2-HMAC-SHA-256. */
export const PIN_PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

/** A PIN is 6 to 12 digits (ASCII 0–9 only, so every keyboard layout types the same PIN). */
export const PIN_PATTERN = /^[0-9]{6,12}$/;

export function isValidPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

export interface PinHash {
  /** Base64 of the random salt. */
  salt: string;
  /** Base64 of the derived 256-bit key. */
  hash: string;
  iterations: number;
}

export interface PinHashOptions {
  iterations?: number;
  /** WebCrypto; the page's unless a test passes Node's. */
  subtle?: SubtleCrypto;
  /** Random bytes for the salt. */
  randomBytes?: (length: number) => Uint8Array<ArrayBuffer>;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(
  subtle: SubtleCrypto,
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** Hashes a PIN with a fresh random salt. Rejects a PIN that {@link isValidPin} refuses. */
export async function hashPin(pin: string, options: PinHashOptions = {}): Promise<PinHash> {
  if (!isValidPin(pin)) throw new Error('A PIN has 6 to 12 digits');
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const iterations = options.iterations ?? PIN_PBKDF2_ITERATIONS;
  const salt =
    options.randomBytes?.(SALT_BYTES) ??
    globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(subtle, pin, salt, iterations);
  return { salt: toBase64(salt), hash: toBase64(hash), iterations };
}

/** Same length and same bytes, compared without an early exit. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** True when `pin` hashes to `stored` (with the stored salt and iteration count). */
export async function verifyPin(
  pin: string,
  stored: PinHash,
  options: Pick<PinHashOptions, 'subtle'> = {},
): Promise<boolean> {
  if (!isValidPin(pin)) return false;
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const derived = await derive(subtle, pin, fromBase64(stored.salt), stored.iterations);
  return equalBytes(derived, fromBase64(stored.hash));
}
