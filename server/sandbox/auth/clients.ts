/**
 * Registered OAuth clients. One public client, the workstation, with loopback redirect URIs
 * on any port (RFC 8252 §7.3: https://datatracker.ietf.org/doc/html/rfc8252#section-7.3).
 */
import { SANDBOX_CLIENT_ID } from '../../../shared/config/app-config';

export function isKnownClient(clientId: string): boolean {
  return clientId === SANDBOX_CLIENT_ID;
}

/** http://127.0.0.1:<port>/<path> or http://localhost:<port>/<path>; nothing else. */
export function isAllowedRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    url.username === '' &&
    url.password === '' &&
    url.hash === ''
  );
}
