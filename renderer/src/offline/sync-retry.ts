/**
 * Request helpers of the sync engine: retry with exponential backoff on 429/5xx, and the
 * classification of failures that skip one resource type instead of stopping a sync.
 * `Retry-After` is not honoured yet: FhirRequestError carries the status, not the headers
 * (the lead may add `retryAfterMs` to its details; `retrying` would then prefer it).
 */
import type { FhirResource } from 'fhir/r4';
import { FhirRequestError } from '../fhir/FhirApi';

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
