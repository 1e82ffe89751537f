/**
 * The care team's messages, kept fresh: loaded at once, again every `pollMs` while the page is
 * visible, and when the patient comes back to it (focus, tab shown again). One request at a
 * time; after a 429 nothing is asked until `Retry-After` has passed (the server allows one
 * page call per 5 s after a burst, so the default 10 s poll stays well inside it). A failed
 * refresh keeps the messages already shown and says how old they are.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompanionApi, CompanionError } from './companion-api';
import type { FeedbackMessage } from './companion-schemas';

export interface FeedbackState {
  /** Undefined until the first successful load. */
  messages: FeedbackMessage[] | undefined;
  /** When the shown messages were loaded (epoch ms). */
  updatedAt: number | undefined;
  /** The last refresh's failure; cleared by the next success. */
  error: CompanionError | undefined;
  /** Messages the last refresh brought that were not shown before (0 on the first load). */
  newCount: number;
}

export const DEFAULT_POLL_MS = 10_000;

export function useFeedback(
  api: CompanionApi,
  options: { pollMs?: number | undefined; onExpired: () => void; now: () => Date },
): { state: FeedbackState; refresh: () => void } {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const [state, setState] = useState<FeedbackState>({
    messages: undefined,
    updatedAt: undefined,
    error: undefined,
    newCount: 0,
  });
  const inFlight = useRef(false);
  const pausedUntil = useRef(0);
  const alive = useRef(true);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const load = useCallback(async () => {
    if (inFlight.current || Date.now() < pausedUntil.current) return;
    inFlight.current = true;
    const result = await api.fetchFeedback();
    inFlight.current = false;
    if (!alive.current) return;
    if (result.ok) {
      const updatedAt = latest.current.now().getTime();
      setState((prev) => {
        const shown = new Set(prev.messages?.map((m) => m.id));
        const newCount = prev.messages ? result.value.filter((m) => !shown.has(m.id)).length : 0;
        return { messages: result.value, updatedAt, error: undefined, newCount };
      });
      return;
    }
    const { error } = result;
    if (error.kind === 'expired') latest.current.onExpired();
    if (error.kind === 'rate-limited') pausedUntil.current = Date.now() + error.retryAfterMs;
    setState((prev) => ({ ...prev, error, newCount: 0 }));
  }, [api]);

  useEffect(() => {
    alive.current = true;
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void load();
    }, pollMs);
    const onFocus = () => void load();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      alive.current = false;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [load, pollMs]);

  // Still honours a Retry-After: an early press waits for the next poll.
  const refresh = useCallback(() => void load(), [load]);
  return { state, refresh };
}
