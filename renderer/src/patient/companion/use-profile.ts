/**
 * Loads `/companion/me` once (the patient's name, languages and plan do not change while the
 * page is open), with a manual retry after a failure. A refused link is reported through
 * `onExpired`, which replaces the whole page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompanionApi, CompanionError } from './companion-api';
import type { CompanionProfile } from './companion-schemas';

export type ProfileState =
  | { status: 'loading' }
  | { status: 'ok'; profile: CompanionProfile }
  | { status: 'error'; error: CompanionError };

export function useProfile(
  api: CompanionApi,
  onExpired: () => void,
): { state: ProfileState; retry: () => void } {
  const [state, setState] = useState<ProfileState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const expired = useRef(onExpired);
  useEffect(() => {
    expired.current = onExpired;
  });

  useEffect(() => {
    let alive = true;
    void api.fetchProfile().then((result) => {
      if (!alive) return;
      if (result.ok) setState({ status: 'ok', profile: result.value });
      else {
        if (result.error.kind === 'expired') expired.current();
        setState({ status: 'error', error: result.error });
      }
    });
    return () => {
      alive = false;
    };
  }, [api, attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { state, retry };
}
