/**
 * Small node:http helpers: body reading with a size cap, JSON/HTML/redirect responses, and the
 * CORS policy (loopback origins only, plus any origins the embedder adds).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors';

/** Largest request body accepted (a FHIR transaction of a big Synthea record fits easily). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, `Request body exceeds ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses an `application/x-www-form-urlencoded` body (forms and the OAuth token endpoint). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'Expected Content-Type application/x-www-form-urlencoded');
  }
  return new URLSearchParams(await readBody(req, 1024 * 1024));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * HTML pages are static forms: no scripts at all, so the CSP forbids them. `form-action` is not
 * set on purpose: Chromium applies it to the redirect after a form post, which would block the
 * redirect to the app's loopback URI.
 */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/;

/** True for loopback http origins (any port) and for origins the embedder allowed explicitly. */
export function isAllowedOrigin(origin: string, extra: readonly string[]): boolean {
  return LOOPBACK_ORIGIN.test(origin) || extra.includes(origin);
}

const ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, If-None-Match, If-Match, If-None-Exist, If-Modified-Since, Prefer';
const EXPOSED_HEADERS = 'Location, ETag, Last-Modified, Content-Location, WWW-Authenticate';

/**
 * Adds CORS headers when the request's Origin is allowed; other origins get none, so browsers
 * refuse to hand them the response. Returns true when the request was a preflight and has been
 * answered.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  extraOrigins: readonly string[],
): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && isAllowedOrigin(origin, extraOrigins);
  res.setHeader('Vary', 'Origin');
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
