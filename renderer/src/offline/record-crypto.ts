/**
 * Record encryption: AES-GCM 256 with a fresh random 96-bit IV per record and the row key as
 * additional authenticated data, so a ciphertext moved to another row (another patient, type
 * or id) fails authentication instead of showing the wrong record. Codes are indexed as
 * HMAC-SHA256 under a second, independent key: equal codes can be looked up without the
 * index revealing which code it is, and the HMAC key cannot decrypt anything.
 * @see https://www.w3.org/TR/WebCryptoAPI/#aes-gcm
 * @see https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf (IV length, §8.2.2)
 */
import type { SealedFields } from './db';

/** The two keys of one scope (server + user). Both non-extractable. */
export interface Keyring {
  readonly aes: CryptoKey;
  readonly hmac: CryptoKey;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/** Encrypts `value` (JSON) under `aad`. */
export async function seal(keyring: Keyring, aad: string, value: unknown): Promise<SealedFields> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(aad) },
    keyring.aes,
    encoder.encode(JSON.stringify(value)),
  );
  return { iv, ciphertext };
}

/**
 * A view in this realm over stored bytes, without copying. Buffers that come back from
 * IndexedDB through a live query can belong to another JS realm, which WebCrypto refuses.
 */
function view(bytes: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (ArrayBuffer.isView(bytes)) {
    return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }
  if (Object.prototype.toString.call(bytes) === '[object ArrayBuffer]')
    return new Uint8Array(bytes);
  // Dexie's live-query cache deep-clones results; a typed array from a foreign realm (jsdom in
  // tests) comes back as a plain indexed object.
  return Uint8Array.from(Object.values(bytes as unknown as Record<string, number>));
}

/** Decrypts and parses; throws when authentication fails (tampered, moved, wrong key). */
export async function unseal(
  keyring: Keyring,
  aad: string,
  sealed: SealedFields,
): Promise<unknown> {
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: view(sealed.iv), additionalData: encoder.encode(aad) },
    keyring.aes,
    view(sealed.ciphertext),
  );
  return JSON.parse(decoder.decode(plain)) as unknown;
}

/** Imports raw AES (32 bytes) and HMAC (32 bytes) material as non-extractable keys. */
export async function importKeyring(
  aesRaw: Uint8Array<ArrayBuffer>,
  hmacRaw: Uint8Array<ArrayBuffer>,
): Promise<Keyring> {
  const [aes, hmac] = await Promise.all([
    subtle().importKey('raw', aesRaw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']),
    subtle().importKey('raw', hmacRaw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  return { aes, hmac };
}

/** Generates a fresh non-extractable keyring (browser host). */
export async function generateKeyring(): Promise<Keyring> {
  const [aes, hmac] = await Promise.all([
    subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { aes, hmac };
}

/**
 * Tokens already computed per HMAC key. A record repeats a few dozen codes thousands of times
 * (12,000 observations of ~40 LOINC codes); each is signed once. Held only as long as the key.
 */
const tokenMemo = new WeakMap<CryptoKey, Map<string, Promise<string>>>();
const TOKEN_MEMO_LIMIT = 50_000;

/** Index token of a code: base64url(HMAC-SHA256(`system|code`)) truncated to 128 bits. */
export function codeToken(keyring: Keyring, system: string, code: string): Promise<string> {
  let memo = tokenMemo.get(keyring.hmac);
  if (!memo) {
    memo = new Map();
    tokenMemo.set(keyring.hmac, memo);
  }
  const input = `${system}|${code}`;
  const known = memo.get(input);
  if (known) return known;
  const token = subtle()
    .sign('HMAC', keyring.hmac, encoder.encode(input))
    .then((mac) => toBase64Url(new Uint8Array(mac, 0, 16)));
  if (memo.size >= TOKEN_MEMO_LIMIT) memo.clear();
  memo.set(input, token);
  // A failed signature is not remembered.
  void token.catch(() => memo.delete(input));
  return token;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
