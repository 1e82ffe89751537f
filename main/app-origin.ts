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

/** Longest URL handed to the operating system (the IPC contract caps requests the same way). */
export const MAX_EXTERNAL_URL_LENGTH = 8192;

/** RFC 6068 header fields a mailto link may carry; others (`attach`, …) are refused. */
const mailtoFields: ReadonlySet<string> = new Set(['to', 'cc', 'bcc', 'subject', 'body']);

export interface ExternalUrlPolicy {
  /**
   * Also allow `http:` to a loopback IP literal (127.0.0.0/8, [::1]): the embedded sandbox's
   * sign-in page, which SMART sign-in opens in the system browser (RFC 8252 §7.3: both ends
   * stay on this machine). Off for links in pages.
   */
  allowLoopbackHttp?: boolean;
}

/**
 * The one decision on what may leave the app through `shell.openExternal` (Electron security
 * checklist #15): the URL is re-parsed with the WHATWG parser and only `https:` (without
 * userinfo, so `https://trusted.example@evil.example` is refused) and `mailto:` (only RFC 6068
 * header fields that cannot attach files) pass. Returns the parser's serialization, which is
 * what the caller must open, so the OS never sees a string that parses differently from
 * what was checked; `undefined` when refused.
 */
export function toExternalUrl(value: string, policy: ExternalUrlPolicy = {}): string | undefined {
  if (value.length > MAX_EXTERNAL_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const hasUserinfo = url.username !== '' || url.password !== '';
  switch (url.protocol) {
    case 'https:':
      if (hasUserinfo) return undefined;
      break;
    case 'http:':
      if (!policy.allowLoopbackHttp || hasUserinfo || !isLoopbackHost(url.hostname)) {
        return undefined;
      }
      break;
    case 'mailto:':
      for (const field of url.searchParams.keys()) {
        if (!mailtoFields.has(field.toLowerCase())) return undefined;
      }
      break;
    default:
      return undefined;
  }
  return url.href.length > MAX_EXTERNAL_URL_LENGTH ? undefined : url.href;
}

/** The WHATWG parser has already normalized IPv4 forms (`2130706433` → `127.0.0.1`). */
function isLoopbackHost(hostname: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]';
}
