/**
 * Time limits and cancellation for network steps. A server that accepts the connection but
 * never answers must not leave a spinner running forever, and the user's Cancel must stop
 * whatever step is running (not only the next one).
 */

/** How long one FHIR read, search page or write may take. */
export const FHIR_TIMEOUT_MS = 30_000;
/** How long the SMART discovery document may take. */
export const DISCOVERY_TIMEOUT_MS = 15_000;

export interface TimedSignal {
  /** Aborts when the caller's signal aborts or the time is up. */
  readonly signal: AbortSignal;
  /** True when the time limit (not the caller) aborted the signal. */
  timedOut(): boolean;
  /** Stops the timer (the fallback path keeps a real timer). */
  dispose(): void;
}

/** The parts of the `AbortSignal` constructor used here; tests pass one without `any`. */
export interface AbortSignalStatics {
  any?: (signals: AbortSignal[]) => AbortSignal;
  timeout?: (ms: number) => AbortSignal;
}

/**
 * The caller's `signal` combined with a `ms` time limit. Uses `AbortSignal.any` +
 * `AbortSignal.timeout` (Chromium, Node 20) and falls back to a controller and a timer
 * where those are missing.
 */
export function withTimeout(
  signal: AbortSignal | undefined,
  ms: number,
  statics: AbortSignalStatics = AbortSignal,
): TimedSignal {
  const byCaller = () => signal?.aborted === true;
  if (typeof statics.any === 'function' && typeof statics.timeout === 'function') {
    const timer = statics.timeout(ms);
    const combined = signal ? statics.any([signal, timer]) : timer;
    return {
      signal: combined,
      timedOut: () => timer.aborted && !byCaller(),
      dispose: () => undefined,
    };
  }
  const controller = new AbortController();
  let fired = false;
  const onAbort = () => controller.abort(signal?.reason);
  const handle = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired && !byCaller(),
    dispose: () => {
      clearTimeout(handle);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** The error a cancelled step rejects with (what `fetch` uses, so one check fits both). */
export function abortError(): DOMException {
  return new DOMException('Cancelled', 'AbortError');
}

/** By name: jsdom, Node and the browser each have their own DOMException class. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError'
  );
}

/** Throws an AbortError when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/**
 * `promise`, unless `signal` aborts first: then an AbortError. Lets Cancel interrupt steps
 * that take no signal of their own (IPC calls, fhirclient).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort),
  );
}
