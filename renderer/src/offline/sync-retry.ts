/**
 * Request helpers of the sync engine and the outbox: retry with exponential backoff on
 * 429/5xx, the classification of failures that skip one resource type instead of stopping a
 * sync, and the outbox's versioned update (`If-Match`) with how a 412 is settled.
 * `Retry-After` is not honoured yet: FhirRequestError carries the status, not the headers
 * (the lead may add `retryAfterMs` to its details; `retrying` would then prefer it).
 */
import type { FhirResource } from 'fhir/r4';
import { FhirRequestError, type WriteResult } from '../fhir/FhirApi';
import type { FhirWriter } from './contracts';

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  /** Must reject when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new FhirRequestError('aborted', 'Sync cancelled', { serverUrl: '' }));
    });
  });
}

function isRetryable(e: unknown): boolean {
  const status = e instanceof FhirRequestError ? e.details.status : undefined;
  return status === 429 || (status !== undefined && status >= 500 && status !== 501);
}

/** A type-level failure that must not stop the rest of the sync. */
export function isTypeFailure(e: unknown): boolean {
  return (
    e instanceof FhirRequestError &&
    (e.kind === 'forbidden' ||
      e.kind === 'not-found' ||
      e.kind === 'server-error' ||
      e.kind === 'invalid-response')
  );
}

/** Runs a request, retrying 429/5xx with delays baseMs, 2·baseMs, 4·baseMs… */
export async function retrying<T>(
  policy: RetryPolicy,
  request: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (e) {
      if (attempt >= policy.maxRetries || !isRetryable(e) || signal?.aborted) throw e;
      await policy.sleep(policy.baseMs * 2 ** attempt, signal);
    }
  }
}

/** Newest `meta.lastUpdated` among resources of `type`. */
export function maxLastUpdated(
  resources: readonly FhirResource[],
  type: string,
): string | undefined {
  let max: string | undefined;
  for (const r of resources) {
    const lu = r.resourceType === type ? r.meta?.lastUpdated : undefined;
    if (lu && (!max || Date.parse(lu) > Date.parse(max))) max = lu;
  }
  return max;
}

/**
 * What a versioned update needs beyond {@link FhirWriter}. Both are optional in the type
 * because the writer the outbox is given is typed as this module's FhirWriter: the app's
 * (createFhirApi) has both at run time; a writer without `putIfMatch` gets it emulated.
 */
export interface VersionedWriter {
  /**
   * `PUT [base]/<type>/<id>` with `If-Match: W/"<versionId>"`: 200 when the server was still at
   * that version, 412 when it was not. Resolves for every HTTP answer, rejects only when none came.
   */
  putIfMatch?(
    type: string,
    id: string,
    body: FhirResource,
    versionId: string,
    signal?: AbortSignal,
  ): Promise<WriteResult>;
  /** `GET [base]/<type>/<id>` (FhirApi.read): throws FhirRequestError, `not-found` on 404. */
  read?(
    type: FhirResource['resourceType'],
    id: string,
    signal?: AbortSignal,
  ): Promise<FhirResource>;
}

/** The writer the outbox flushes through. */
export type OutboxWriter = FhirWriter & VersionedWriter;

/** JSON with object keys sorted, so equal content compares equal whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/**
 * Whether two versions of a resource say the same thing: the `fields` given (top-level names),
 * or every field but `meta` and `text` (the server rewrites meta; some regenerate narrative).
 */
export function sameContent(a: FhirResource, b: FhirResource, fields?: readonly string[]): boolean {
  const pick = (r: FhirResource): Record<string, unknown> => {
    const all = r as unknown as Record<string, unknown>;
    const names = fields ?? Object.keys(all).filter((k) => k !== 'meta' && k !== 'text');
    return Object.fromEntries(names.map((k) => [k, all[k]]));
  };
  if (fields === undefined) {
    const keys = (r: FhirResource) => Object.keys(pick(r)).sort().join(',');
    if (keys(a) !== keys(b)) return false;
  }
  return canonical(pick(a)) === canonical(pick(b));
}

type Current =
  | { kind: 'found'; resource: FhirResource }
  | { kind: 'gone' }
  /** The read itself got no usable answer: settle the write later (or fail it on 4xx). */
  | { kind: 'answer'; status?: number; outcome: string }
  /** This writer cannot read, so a 412 cannot be settled at all. */
  | { kind: 'unsupported'; reason: string };

async function readCurrent(
  writer: OutboxWriter,
  type: string,
  id: string,
  signal: AbortSignal | undefined,
): Promise<Current> {
  if (!writer.read) {
    return { kind: 'unsupported', reason: 'Not sent: this connection cannot check versions.' };
  }
  try {
    return {
      kind: 'found',
      resource: await writer.read(type as FhirResource['resourceType'], id, signal),
    };
  } catch (e) {
    if (!(e instanceof FhirRequestError)) throw e;
    const status = e.details.status;
    if (e.kind === 'not-found' || status === 404 || status === 410) return { kind: 'gone' };
    if (e.kind === 'unreachable' || e.kind === 'aborted') throw e;
    return { kind: 'answer', ...(status === undefined ? {} : { status }), outcome: e.message };
  }
}

/** The answer to one If-Match PUT; `current` when the emulation already read the resource. */
type IfMatchAnswer =
  | { kind: 'http'; status: number; outcome?: string; current?: Current }
  | { kind: 'read-failed'; current: Extract<Current, { kind: 'answer' | 'unsupported' }> };

/**
 * One `If-Match` PUT. A writer without `putIfMatch` gets it emulated: read the version, and PUT
 * only when it is still the expected one. That leaves a window of one round trip in which
 * another write can slip in (the real header leaves none); the app's FHIR client sends the
 * header (createFhirApi `putIfMatch`).
 */
async function sendIfMatch(
  writer: OutboxWriter,
  req: { type: string; id: string; body: FhirResource },
  version: string,
  signal: AbortSignal | undefined,
): Promise<IfMatchAnswer> {
  if (writer.putIfMatch) {
    return {
      kind: 'http',
      ...(await writer.putIfMatch(req.type, req.id, req.body, version, signal)),
    };
  }
  const current = await readCurrent(writer, req.type, req.id, signal);
  if (current.kind === 'answer' || current.kind === 'unsupported') {
    return { kind: 'read-failed', current };
  }
  if (current.kind === 'found' && current.resource.meta?.versionId === version) {
    return { kind: 'http', ...(await writer.put(req.type, req.id, req.body, signal)) };
  }
  return { kind: 'http', status: 412, current };
}

/** How a versioned update ended. `answer` is classified like any other write's answer. */
export type VersionedOutcome =
  | { kind: 'sent' }
  | { kind: 'answer'; status?: number; outcome?: string }
  | { kind: 'unsupported'; reason: string }
  /** Someone else changed (or deleted: no `server`) the resource: ours was not applied. */
  | { kind: 'conflict'; server?: FhirResource };

/**
 * A versioned update (`If-Match`), settled after a 412 by reading the resource
 * (https://hl7.org/fhir/R4/http.html#concurrency):
 * - the server already holds what we sent (`compare` fields): our own earlier attempt landed
 *   and only its answer was lost, so this write is delivered;
 * - the server holds what `predecessor` wrote — an earlier outbox write of ours that this one
 *   was built on, which has landed since it was queued — so the version moved because of us:
 *   the PUT is repeated once against that version;
 * - anything else (or the resource is gone) is a conflict: someone else changed it.
 * Network failures reject, like the plain writes; the outbox retries them.
 */
export async function putIfMatchSettled(
  writer: OutboxWriter,
  req: {
    type: string;
    id: string;
    body: FhirResource;
    ifMatch: string;
    compare?: readonly string[] | undefined;
    predecessor?: FhirResource | undefined;
  },
  signal?: AbortSignal,
): Promise<VersionedOutcome> {
  let version = req.ifMatch;
  for (let round = 0; ; round++) {
    const answer = await sendIfMatch(writer, req, version, signal);
    if (answer.kind === 'read-failed') return answer.current;
    if (answer.status !== 412) {
      return {
        kind: 'answer',
        status: answer.status,
        ...(answer.outcome === undefined ? {} : { outcome: answer.outcome }),
      };
    }
    const current = answer.current ?? (await readCurrent(writer, req.type, req.id, signal));
    if (current.kind === 'answer' || current.kind === 'unsupported') return current;
    if (current.kind === 'gone') return { kind: 'conflict' };
    const server = current.resource;
    if (sameContent(server, req.body, req.compare)) return { kind: 'sent' };
    const moved = server.meta?.versionId;
    if (
      round === 0 &&
      req.predecessor &&
      moved !== undefined &&
      moved !== version &&
      sameContent(server, req.predecessor, req.compare)
    ) {
      version = moved;
      continue;
    }
    return { kind: 'conflict', server };
  }
}
