/**
 * Unlocking by SMART re-authentication: a fresh authorization at the session's server, with
 * OpenID Connect `prompt=login` so a server that remembers the browser still asks for the
 * credentials (OIDC Core §3.1.2.1; a server that does not know the parameter must ignore it,
 * RFC 6749 §3.1). fhirclient has no option for extra authorize parameters, so the authorize
 * URL is taken with `noRedirect` and the parameter added before the browser goes there.
 *
 * Who signed in is checked against the locked user (`SessionUser.key`: fhirUser, else sub):
 * - Electron (loopback): the new client's id_token is compared at once; its tokens are
 *   dropped — the locked session keeps its own. Another user → the session is signed out.
 * - Browser host: the page leaves for the authorization server and comes back through the
 *   normal sign-in (useAuthFlow), which installs the new tokens. A re-authentication intent
 *   (lock-record.ts) lets the lock decide on return: same user → unlocked, else sign-out.
 *   The reload ends a running call; the lock screen says so beforehand.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../fhir/abort';
import { useSession } from '../../fhir/FhirProvider';
import { userFromClient } from '../../fhir/session';
import {
  signInWithLoopback,
  signInWithRedirect,
  type SignInOptions,
  type SmartAuthEnv,
} from '../../fhir/smart-auth';
import type { SmartLib } from '../../fhir/smart-lib';
import { useHost } from '../../host/HostProvider';
import { discardAuthorization, writeReauthIntent, type LockOwner } from './lock-record';

/** The authorize URL with `prompt=login`. */
export function withPromptLogin(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('prompt', 'login');
  return parsed.href;
}

/**
 * fhirclient whose `authorize` adds `prompt=login`. With `page`, it also navigates there
 * itself (after `remember` has noted the `state`); without, it returns the URL for the
 * loopback flow to open in the system browser.
 */
export function reauthLib(
  lib: SmartLib,
  page?: { navigate: (url: string) => void; remember: (stateKey: string) => void },
): SmartLib {
  return {
    ...lib,
    authorize: async (params) => {
      const url = await lib.authorize({ ...params, noRedirect: true });
      if (url === undefined) throw new Error('fhirclient returned no authorize URL');
      const target = withPromptLogin(url);
      if (!page) return target;
      if (!params.stateKey) throw new Error('re-authentication needs a state key');
      page.remember(params.stateKey);
      page.navigate(target);
      return undefined;
    },
  };
}

export interface ReauthOptions {
  loadLib: () => Promise<SmartLib>;
  fetch?: typeof fetch;
  /** Browser host: how to go to the authorization server (tests record it). */
  navigate?: (url: string) => void;
  /** Loopback result: the same user signed in, or someone else. */
  onResult: (result: 'same-user' | 'other-user') => void;
}

export interface ReauthState {
  /** Waiting for the system browser (loopback) or the server check. */
  busy: boolean;
  error?: unknown;
}

export function useReauth(options: ReauthOptions) {
  const host = useHost();
  const session = useSession();
  const [state, setState] = useState<ReauthState>({ busy: false });
  const attempt = useRef<AbortController | null>(null);
  const { loadLib, fetch: fetchImpl, navigate, onResult } = options;

  useEffect(() => () => attempt.current?.abort(), []);

  const cancel = useCallback(() => {
    attempt.current?.abort();
    attempt.current = null;
    setState({ busy: false });
  }, []);

  const start = useCallback(() => {
    attempt.current?.abort();
    const controller = new AbortController();
    attempt.current = controller;
    setState({ busy: true });
    const storage = window.sessionStorage;
    const owner: LockOwner = { serverId: session.server.id, userKey: session.user.key };
    const pageRedirect = host.smartRedirect.kind === 'page-redirect';
    const page = pageRedirect
      ? {
          navigate: navigate ?? ((url: string) => window.location.assign(url)),
          remember: (stateKey: string) => writeReauthIntent(storage, { ...owner, stateKey }),
        }
      : undefined;
    const env: SmartAuthEnv = {
      host,
      loadLib: async () => reauthLib(await loadLib(), page),
      location: window.location,
      replaceUrl: (url) => window.history.replaceState(null, '', url),
      sessionStorage: storage,
      randomUUID: () => crypto.randomUUID(),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    };
    const opts: SignInOptions = { kind: 'standalone', returnTo: window.location.hash };
    const run = async () => {
      if (pageRedirect) {
        await signInWithRedirect(env, session.server, opts, controller.signal);
        return; // the page is leaving
      }
      const signedIn = await signInWithLoopback(env, session.server, opts, controller.signal);
      if (controller.signal.aborted) return;
      if (signedIn.client.state.key) discardAuthorization(storage, signedIn.client.state.key);
      attempt.current = null;
      setState({ busy: false });
      onResult(userFromClient(signedIn.client).key === owner.userKey ? 'same-user' : 'other-user');
    };
    run().catch((error: unknown) => {
      if (controller.signal.aborted || attempt.current !== controller) return;
      attempt.current = null;
      setState(isAbortError(error) ? { busy: false } : { busy: false, error });
    });
  }, [host, session, loadLib, fetchImpl, navigate, onResult]);

  return { ...state, start, cancel, reloadsPage: host.smartRedirect.kind === 'page-redirect' };
}
