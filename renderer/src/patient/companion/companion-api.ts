/**
 * The patient page's client for its monitoring link (server/signaling/companion/README.md):
 * `GET /companion/me`, `GET /companion/feedback`, `POST /companion/readings`, same origin, the
 * link's ticket as a Bearer token. Every answer is checked with zod, and every failure comes
 * back as a value the page can explain — the link expired or was withdrawn (401), too many
 * requests (429, with how long to wait), no network, or the server's own message — never as
 * an exception or a blank screen.
 */
import type { z } from 'zod';
import {
  errorBodySchema,
  feedbackSchema,
  profileSchema,
  storedReadingSchema,
  type CompanionProfile,
  type FeedbackMessage,
  type ReadingBody,
  type StoredReading,
} from './companion-schemas';

/**
 * Why a call failed. `message` is the server's own text when it sent one (English, for the
 * record and for people who read it), else a short description; the page shows its own
 * translated sentence for each kind and keeps `message` as the detail.
 */
export type CompanionError =
  /** The request never got an answer (offline, DNS, timeout): nothing is known to be stored. */
  | { kind: 'network'; message: string }
  /** 401: the link expired, was withdrawn, or is not valid. Retrying cannot help. */
  | { kind: 'expired'; status: 401; message: string }
  /** 429: wait `retryAfterMs` (from `Retry-After`) before the next call. */
  | { kind: 'rate-limited'; status: 429; message: string; retryAfterMs: number }
  /** Any other error answer; `field` names the input to fix (400/409/422). */
  | { kind: 'http'; status: number; message: string; field?: string }
  /** A success status whose body is not what the contract promises. */
  | { kind: 'invalid-response'; status: number; message: string };

/** Errors are values at this boundary (Signal-Desktop's IPC shape). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: CompanionError };

export interface CompanionApi {
  fetchProfile(): Promise<ApiResult<CompanionProfile>>;
  fetchFeedback(): Promise<ApiResult<FeedbackMessage[]>>;
  /** Stores a reading exactly once per `body.id`: resend the same body to retry. */
  submitReading(body: ReadingBody): Promise<ApiResult<StoredReading>>;
}

export interface CompanionApiOptions {
  /** The link's ticket (a JWT from the `#companion=` fragment). */
  ticket: string;
  /** Origin that serves the page and the API, e.g. `https://visit.example`. */
  origin: string;
  fetch?: typeof fetch;
  /** A phone on a weak network may hang: give up after this long (default 20 s). */
  timeoutMs?: number;
}

/** Used when a 429 carries no usable `Retry-After`: the server refills one call per 5 s. */
const DEFAULT_RETRY_AFTER_MS = 5_000;
/** A longer wait than this is treated as this long: the patient can always try again by hand. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP-date.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  let ms: number | undefined;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (/[A-Za-z]/.test(value)) {
    const date = Date.parse(value);
    if (!Number.isNaN(date)) ms = Math.max(0, date - now);
  }
  return Math.min(ms ?? DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

async function errorOf(response: Response): Promise<CompanionError> {
  const parsed = errorBodySchema.safeParse(await readJson(response));
  const message = parsed.success ? parsed.data.error : `HTTP ${String(response.status)}`;
  if (response.status === 401) return { kind: 'expired', status: 401, message };
  if (response.status === 429)
    return {
      kind: 'rate-limited',
      status: 429,
      message,
      retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), Date.now()),
    };
  const field = parsed.success ? parsed.data.field : undefined;
  return { kind: 'http', status: response.status, message, ...(field ? { field } : {}) };
}

export function createCompanionApi(options: CompanionApiOptions): CompanionApi {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function call<T>(
    path: string,
    schema: z.ZodType<T>,
    okStatuses: readonly number[],
    body?: ReadingBody,
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.ticket}`,
      Accept: 'application/json',
    };
    if (body) headers['Content-Type'] = 'application/json';
    // AbortController + timer rather than AbortSignal.timeout(): older phone browsers lack it.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      try {
        response = await doFetch(`${options.origin}${path}`, {
          method: body ? 'POST' : 'GET',
          headers,
          ...(body ? { body: JSON.stringify(body) } : {}),
          cache: 'no-store',
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          signal: controller.signal,
        });
      } catch (e) {
        return { ok: false, error: { kind: 'network', message: (e as Error).message } };
      }
      if (!okStatuses.includes(response.status))
        return { ok: false, error: await errorOf(response) };
      const parsed = schema.safeParse(await readJson(response));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          ok: false,
          error: {
            kind: 'invalid-response',
            status: response.status,
            message: issue ? `${issue.path.join('.')}: ${issue.message}` : 'unexpected answer',
          },
        };
      }
      return { ok: true, value: parsed.data };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    fetchProfile: () => call('/companion/me', profileSchema, [200]),
    fetchFeedback: async () => {
      const result = await call('/companion/feedback', feedbackSchema, [200]);
      return result.ok ? { ok: true, value: result.value.messages } : result;
    },
    // 201 stored now, 200 stored before (the same reading again): both are success.
    submitReading: (body) => call('/companion/readings', storedReadingSchema, [200, 201], body),
  };
}
