import { useSyncExternalStore } from 'react';
import type { CallSession, CallSnapshot } from './call-session';

/** The call's current state; re-renders when it changes. */
export function useCallSession(
  session: Pick<CallSession, 'subscribe' | 'getSnapshot'>,
): CallSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
