/**
 * The app's own origin. The renderer is served from the privileged `app://` scheme (see
 * app-protocol.ts) so its IndexedDB/localStorage origin is stable across updates and every
 * security check in main compares against this one value.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `urlOrOrigin` (a full URL or a bare origin such as Chromium's `requestingOrigin`)
 * belongs to the app origin.
 *
 * Node's WHATWG `URL` reports `origin === 'null'` for schemes it does not know as special, so
 * the comparison uses protocol and host instead of `URL.origin`. Userinfo and an explicit port
 * are refused: the app origin never has either.
 */
export function isAppOrigin(urlOrOrigin: string | null | undefined): boolean {
  if (!urlOrOrigin) return false;
  let url: URL;
  try {
    url = new URL(urlOrOrigin);
  } catch {
    return false;
  }
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** True for an absolute http: or https: URL (what may leave the app for the system browser). */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
