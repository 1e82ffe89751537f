/**
 * The Content-Security-Policy sent with every HTML page served from `app://`.
 * Pure so it can be tested and reviewed as data.
 * Spec: https://www.w3.org/TR/CSP3/
 */

export interface CspOptions {
  /**
   * Origins the renderer may fetch from besides itself: the configured FHIR servers and their
   * authorization servers. Each must be an http(s) or ws(s) origin, optionally with a `:*`
   * port wildcard (the embedded sandbox listens on a random 127.0.0.1 port), or the bare
   * scheme `https:` (main passes it so a server added at run time and token endpoints on
   * another origin than the FHIR base stay reachable; scripts stay locked to 'self').
   */
  connectOrigins?: readonly string[];
}

/** `http://127.0.0.1:*` and its WebSocket twin: what the embedded services listen on. */
export const EMBEDDED_CONNECT_ORIGINS = ['http://127.0.0.1:*', 'ws://127.0.0.1:*'] as const;

const sourceExpression = /^(https?|wss?):\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;

/**
 * Normalize one connect source: a full URL is reduced to its origin; anything that is not an
 * http(s)/ws(s) origin is rejected so a config value can never inject `'unsafe-eval'` or `;`.
 */
export function toConnectSource(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === 'https:' || trimmed === 'wss:') return trimmed;
  if (sourceExpression.test(trimmed)) return trimmed.toLowerCase();
  try {
    const url = new URL(trimmed);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Build the policy.
 * - `style-src 'unsafe-inline'`: Mantine writes inline `style` attributes and style tags.
 * - `frame-src blob: data:` and `'self'`: the narrative jail renders sandboxed iframes with
 *   `srcdoc` (about:srcdoc inherits this policy) and blob-backed attachment previews.
 * - `media-src mediastream:`: local and remote video in consultations.
 * - No script exceptions at all: no inline script, no eval.
 */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = new Set<string>(["'self'"]);
  for (const origin of options.connectOrigins ?? []) {
    const source = toConnectSource(origin);
    if (source) connect.add(source);
  }
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['media-src', "'self'", 'blob:', 'mediastream:'],
    ['connect-src', ...connect],
    ['frame-src', "'self'", 'blob:', 'data:'],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/**
 * The policy renderer/index.html carries in a `<meta http-equiv="Content-Security-Policy">`,
 * so the page locks scripts even where no header is sent (a file opened directly, a clinic web
 * server without headers, `vite preview`). Both policies apply; a page obeys the stricter of
 * the two, so the meta only names what it can state without knowing the configuration:
 * scripts and workers from the app itself (`blob:` workers as the browser host's header
 * allows), no plugins, no `<base>`. connect-src, frame-ancestors and the rest come from the
 * header (frame-ancestors is ignored in a meta policy anyway).
 * https://www.w3.org/TR/CSP3/#meta-element
 */
export const META_CONTENT_SECURITY_POLICY =
  "script-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";
