/**
 * When the outbox is flushed (issue 3, "Outbox"): at start, whenever connectivity comes back
 * online (forced past backoff), right after an enqueue (the caller calls the returned function)
 * and on a timer while entries are pending. Runs never overlap: a request during a run queues
 * exactly one more run, so a note written mid-flush is still sent promptly. The writer is the
 * app's FhirApi: versioned updates use its `read` (and `putIfMatch` once it has one).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ConnectivityMonitor } from './connectivity';
import type { Outbox, OutboxWriter } from './outbox';

/** Serialises flushes; `force` of a queued run is kept when any request asked for it. */
export function serialFlusher(
  run: (force: boolean) => Promise<void>,
): (force?: boolean) => Promise<void> {
  let running: Promise<void> | null = null;
  let again: { force: boolean } | null = null;
  const start = (force: boolean): Promise<void> => {
    running = run(force)
      .catch((e: unknown) => console.warn('Outbox flush failed', e))
      .finally(() => {
        running = null;
        const next = again;
        again = null;
        if (next) void start(next.force);
      });
    return running;
  };
  return (force = false) => {
    if (running) {
      again = { force: force || (again?.force ?? false) };
      return running;
    }
    return start(force);
  };
}

export function useOutboxFlushing(
  outbox: Outbox,
  writer: OutboxWriter,
  connectivity: ConnectivityMonitor,
  everyMs = 10_000,
): () => Promise<void> {
  const pending = useRef(false);
  const flusher = useMemo(
    () =>
      serialFlusher(async (force) => {
        const report = await outbox.flush(writer, { force });
        if (report.sent.length || report.conflicts.length) connectivity.reportSuccess();
      }),
    [outbox, writer, connectivity],
  );
  const flushOutbox = useCallback(() => flusher(true), [flusher]);

  useEffect(() => {
    void flusher(true);
    let last = connectivity.current.state;
    const stopConnectivity = connectivity.subscribe((s) => {
      if (s.state === 'online' && last !== 'online') void flusher(true);
      last = s.state;
    });
    const stopWatch = outbox.watch((entries) => {
      pending.current = entries.some((e) => e.state === 'pending');
    });
    const timer = setInterval(() => {
      if (pending.current) void flusher(false);
    }, everyMs);
    return () => {
      stopConnectivity();
      stopWatch();
      clearInterval(timer);
    };
  }, [flusher, outbox, connectivity, everyMs]);
  return flushOutbox;
}
