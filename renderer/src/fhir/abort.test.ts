import { describe, expect, it } from 'vitest';
import { isAbortError, raceAbort, throwIfAborted, withTimeout } from './abort';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['AbortSignal.any + AbortSignal.timeout', AbortSignal],
  ['fallback without AbortSignal.any', {}],
])('withTimeout (%s)', (_name, statics) => {
  it('aborts after the time limit and says it timed out', async () => {
    const limit = withTimeout(undefined, 20, statics);
    expect(limit.signal.aborted).toBe(false);
    await tick(60);
    expect(limit.signal.aborted).toBe(true);
    expect(limit.timedOut()).toBe(true);
    limit.dispose();
  });

  it('follows the caller’s abort, which is not a timeout', () => {
    const caller = new AbortController();
    const limit = withTimeout(caller.signal, 10_000, statics);
    caller.abort();
    expect(limit.signal.aborted).toBe(true);
    expect(limit.timedOut()).toBe(false);
    limit.dispose();
  });

  it('starts aborted when the caller already cancelled', () => {
    const caller = new AbortController();
    caller.abort();
    const limit = withTimeout(caller.signal, 10_000, statics);
    expect(limit.signal.aborted).toBe(true);
    expect(limit.timedOut()).toBe(false);
    limit.dispose();
  });

  it('does not fire after dispose (fallback) and stays quiet before the limit', async () => {
    const limit = withTimeout(undefined, 30, statics);
    await tick(5);
    expect(limit.timedOut()).toBe(false);
    limit.dispose();
  });
});

describe('raceAbort', () => {
  it('rejects with an AbortError as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = raceAbort(new Promise<never>(() => undefined), controller.signal);
    controller.abort();
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });

  it('rejects at once for an aborted signal and passes results through otherwise', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    controller.abort();
    const error: unknown = await raceAbort(Promise.resolve(1), controller.signal).catch(
      (e: unknown) => e,
    );
    expect(isAbortError(error)).toBe(true);
    expect(() => throwIfAborted(controller.signal)).toThrow('Cancelled');
  });
});
