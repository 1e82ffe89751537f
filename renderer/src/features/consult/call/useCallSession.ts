import { startTransition, useEffect, useState } from 'react';
import type { CallSession, CallSnapshot } from './call-session';

/**
 * The call's current state; re-renders when it changes.
 *
 * Updates render as a transition, not synchronously (`useSyncExternalStore` would): the
 * screen switching from the lobby to the call takes ~70 ms of React work on a slow machine,
 * and a synchronous render holds the page's only thread while the WebRTC offer, answer and
 * candidates of that very call wait behind it. A transition renders in slices, so they are
 * handled in between. The snapshot is immutable and read at one place per screen, so a
 * screen never shows two different states at once.
 */
export function useCallSession(
  session: Pick<CallSession, 'subscribe' | 'getSnapshot'>,
): CallSnapshot {
  const [snapshot, setSnapshot] = useState(session.getSnapshot);
  useEffect(() => {
    const sync = (): void => {
      startTransition(() => setSnapshot(session.getSnapshot()));
    };
    sync();
    return session.subscribe(sync);
  }, [session]);
  return snapshot;
}
