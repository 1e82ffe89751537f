/**
 * Name-based UUIDs (RFC 9562 §5.5, version 5, SHA-1) so a document's `urn:uuid:` fullUrls are
 * the same on every start and every request: the home-country documents are deterministic,
 * and a `$summary` gives the same stored resource the same fullUrl each time.
 */
import { createHash } from 'node:crypto';

/** The RFC 9562 URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8). */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `urn:uuid:` + nameUuid(name). */
export function nameUrn(name: string): string {
  return `urn:uuid:${nameUuid(name)}`;
}
