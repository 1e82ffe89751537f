/**
 * HTTP plumbing of the companion API: JSON answers that are never cached, bodies read with a
 * size cap and parsed with zod, Bearer tokens, and token buckets per key (rate-limit.ts) for
 * links and addresses. Errors are values the router turns into `{ error, field? }` answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { TokenBucket } from '../rate-limit';

export class CompanionHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'CompanionHttpError';
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(text);
}

/** Reads a JSON body of at most `limit` bytes; 415 unless it is declared as JSON. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/json(?:;|$)/.test(type))
    throw new CompanionHttpError(415, 'send the body as application/json');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new CompanionHttpError(413, `request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new CompanionHttpError(413, `request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new CompanionHttpError(400, 'body is not JSON');
  }
}

/** Parses with zod; a mismatch is a 400 naming the first field that is wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new CompanionHttpError(
    400,
    issue ? `${path ? `${path}: ` : ''}${issue.message}` : 'malformed body',
    path ? { field: path } : {},
  );
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Refill per second. */
  perSecond: number;
}

/**
 * Token buckets per key (a link id, a client address). A key idle long enough for its bucket to
 * be full again is forgotten, since a fresh bucket is the same thing: memory stays bounded by
 * the keys active in the last `burst / perSecond` seconds.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; last: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request's worth for `key`; false when it has to wait. */
  take(key: string): boolean {
    const now = this.now();
    if (this.buckets.size > 1000) this.sweep(now);
    let entry = this.buckets.get(key);
    if (!entry) {
      entry = {
        bucket: new TokenBucket(this.limit.burst, this.limit.perSecond, this.now),
        last: now,
      };
      this.buckets.set(key, entry);
    }
    entry.last = now;
    return entry.bucket.take();
  }

  /** Seconds until one request is allowed again (for Retry-After). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(1 / this.limit.perSecond));
  }

  private sweep(now: number): void {
    const idleMs = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, entry] of this.buckets)
      if (now - entry.last > idleMs) this.buckets.delete(key);
  }
}
