/**
 * The sign-in state machine behind {@link AuthGate}: boot (config, redirect completion, EHR
 * launch, saved tokens) → server picker → redirect / waiting for the browser → signed in,
 * plus the re-sign-in prompt and sign-out.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBanners } from '../../app/banners';
import type { AppConfig, FhirServerConfig } from '../../../../shared/config/app-config';
import { navigate } from '../../app/router';
import type { EhrLaunch } from '../../host/Host';
import { useHost } from '../../host/HostProvider';
import type { LaunchKind } from '../../fhir/scopes';
import { isAbortError } from '../../fhir/abort';
import { createSession, restoreSignedIn, type Session } from '../../fhir/session';
import { clearSession, saveSessionState } from '../../fhir/session-store';
import {
  completePageRedirect,
  ehrLaunchFromUrl,
  loadSmartLib,
  serverForLaunch,
  signInWithLoopback,
  signInWithRedirect,
  type SignedIn,
  type SmartAuthEnv,
} from '../../fhir/smart-auth';
import type { SmartLib } from '../../fhir/smart-lib';
import { clearRecentPatients, recentPatientsKey } from '../search/recent-patients';
import { readCustomServers } from './custom-servers';
import { serverListFor, type ServerList } from './server-list';

export type Phase =
  | { k: 'loading' }
  | { k: 'config-error'; error: unknown }
  /** `server`: where the failed sign-in went (the error names it; "Try again" retries it). */
  | { k: 'picker'; error?: unknown; server?: FhirServerConfig }
  | { k: 'redirecting'; server: FhirServerConfig; cancel: () => void }
  | { k: 'waiting'; server: FhirServerConfig; cancel: () => void }
  | { k: 'signed-in'; session: Session };

export interface AuthFlowOptions {
  loadLib: () => Promise<SmartLib>;
  fetch?: typeof fetch;
}

export function useAuthFlow(options: AuthFlowOptions) {
  const host = useHost();
  const [phase, setPhase] = useState<Phase>({ k: 'loading' });
  const [config, setConfig] = useState<AppConfig | null>(null);
  /** Set once start-up (config, redirect completion, restore) has settled. */
  const [bootDone, setBootDone] = useState(false);
  const banners = useBanners();
  const { t } = useTranslation('auth');
  const [customServers, setCustomServers] = useState(() => readCustomServers());
  const [prompt, setPrompt] = useState<{ open: boolean; busy: boolean; error?: unknown }>({
    open: false,
    busy: false,
  });
  const sessionRef = useRef<Session | null>(null);
  const booted = useRef(false);
  /** The sign-in in progress; a newer one (or Cancel) makes an older one's outcome moot. */
  const attemptRef = useRef<AbortController | null>(null);
  /** The re-sign-in from the prompt, aborted by sign-out. */
  const promptAttemptRef = useRef<AbortController | null>(null);

  const serverList: ServerList = useMemo(
    () =>
      config
        ? serverListFor(config, customServers)
        : { servers: [], customIds: new Set(), locked: false },
    [config, customServers],
  );
  const { servers } = serverList;

  const env: SmartAuthEnv = useMemo(
    () => ({
      host,
      loadLib: options.loadLib,
      location: window.location,
      replaceUrl: (url) => window.history.replaceState(null, '', url),
      sessionStorage: window.sessionStorage,
      randomUUID: () => crypto.randomUUID(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    [host, options.loadLib, options.fetch],
  );

  const signInNeeded = useCallback(() => setPrompt({ open: true, busy: false }), []);

  const enter = useCallback(
    async (signedIn: SignedIn, openLaunchPatient = true) => {
      await saveSessionState(host.secrets, signedIn.server.id, signedIn.client.state);
      // Electron refuses to store tokens when the OS offers no real encryption (safeStorage
      // falling back to basic_text): say so, since the clinician must sign in after a restart.
      if (host.kind === 'electron' && !host.secrets.persistent) {
        banners.show({
          id: 'secrets-not-persistent',
          color: 'yellow',
          title: t('notice.secrets-title'),
          body: t('notice.secrets-body'),
          dismissible: true,
        });
      }
      sessionRef.current?.keeper.dispose();
      const session = createSession(host, signedIn.server, signedIn.client, signedIn.kind, {
        onSignInNeeded: signInNeeded,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      sessionRef.current = session;
      setPhase({ k: 'signed-in', session });
      // A view the clinician had open (re-sign-in) wins; otherwise the patient the launch
      // chose (EHR context, or the standalone patient picker) opens straight away.
      const returnToPatient = signedIn.returnTo?.startsWith('#/patient/') === true;
      if (signedIn.kind !== 'ehr' && returnToPatient && signedIn.returnTo) {
        window.location.hash = signedIn.returnTo;
      } else if (openLaunchPatient && session.patientId) {
        navigate({ name: 'patient', patientId: session.patientId });
      } else if (signedIn.returnTo) {
        window.location.hash = signedIn.returnTo;
      }
    },
    [host, signInNeeded, options.fetch, banners, t],
  );

  const signIn = useCallback(
    (server: FhirServerConfig, kind: LaunchKind = 'standalone', launch?: string) => {
      attemptRef.current?.abort();
      const controller = new AbortController();
      attemptRef.current = controller;
      // Cancel returns to the picker at once; the abandoned steps stop on the signal.
      const cancel = () => {
        controller.abort();
        setPhase({ k: 'picker' });
      };
      const opts = { kind, ...(launch ? { launch } : {}) };
      const run = async () => {
        if (host.smartRedirect.kind === 'page-redirect') {
          setPhase({ k: 'redirecting', server, cancel });
          await signInWithRedirect(env, server, opts, controller.signal);
          return;
        }
        setPhase({ k: 'waiting', server, cancel });
        const signedIn = await signInWithLoopback(env, server, opts, controller.signal);
        if (!controller.signal.aborted) await enter(signedIn);
      };
      run().catch((error: unknown) => {
        if (controller.signal.aborted || attemptRef.current !== controller) return;
        setPhase(isAbortError(error) ? { k: 'picker' } : { k: 'picker', error, server });
      });
    },
    [env, host, enter],
  );

  const ehrLaunch = useCallback(
    (launch: EhrLaunch, known: readonly FhirServerConfig[]) => {
      try {
        signIn(serverForLaunch(launch, known), 'ehr', launch.launch);
      } catch (error) {
        setPhase({ k: 'picker', error });
      }
    },
    [signIn],
  );

  const bootSteps = useCallback(async () => {
    setPhase({ k: 'loading' });
    let cfg: AppConfig;
    try {
      cfg = await host.getConfig();
    } catch (error) {
      setPhase({ k: 'config-error', error });
      return;
    }
    setConfig(cfg);
    // A locked server list also keeps a saved session or a launch away from own servers.
    const known = serverListFor(cfg, readCustomServers()).servers;
    if (host.smartRedirect.kind === 'page-redirect') {
      try {
        const signedIn = await completePageRedirect(env, known);
        if (signedIn) {
          await enter(signedIn);
          return;
        }
      } catch (error) {
        setPhase({ k: 'picker', error });
        return;
      }
      const launch = ehrLaunchFromUrl(window.location.search);
      if (launch) {
        ehrLaunch(launch, known);
        return;
      }
    }
    const lib = await loadSmartLib(options);
    const restored = await restoreSignedIn(host, known, lib, Date.now() / 1000).catch(() => null);
    if (restored) {
      // A reload keeps whatever view the URL names.
      await enter({ ...restored, kind: 'standalone' }, false);
      return;
    }
    setPhase({ k: 'picker' });
  }, [host, env, enter, ehrLaunch, options]);

  /** Start-up; never rejects: whatever fails ends on a screen that says so. */
  const boot = useCallback(async () => {
    try {
      await bootSteps();
    } catch (error) {
      // e.g. fhirclient's chunk failed to load (offline): the picker explains and can retry.
      setPhase({ k: 'picker', error });
    }
  }, [bootSteps]);

  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    void boot().finally(() => setBootDone(true));
  }, [boot]);

  // Electron deep-link EHR launches (including one that started the app, held by main until
  // asked). Subscribing only after start-up settles keeps the launch's "waiting for the
  // browser" screen from being replaced by the picker or a restored session.
  useEffect(() => {
    if (!config || !bootDone) return;
    return host.onEhrLaunch((launch) => ehrLaunch(launch, servers));
  }, [host, config, bootDone, servers, ehrLaunch]);

  const signOut = useCallback(async () => {
    const session = sessionRef.current;
    sessionRef.current = null;
    promptAttemptRef.current?.abort();
    setPrompt({ open: false, busy: false });
    if (session) {
      session.keeper.dispose();
      // The recent list names patients this user opened: it goes with the session.
      clearRecentPatients(recentPatientsKey(session.server.id, session.user.key));
      await clearSession(
        host.secrets,
        session.server.id,
        session.keeper.state.key,
        window.sessionStorage,
      );
    }
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    setPhase({ k: 'picker' });
  }, [host]);

  /** Re-sign-in from the prompt: the browser comes back to the same route; Electron keeps the view. */
  const signInAgain = useCallback(() => {
    const session = sessionRef.current;
    if (!session) return;
    promptAttemptRef.current?.abort();
    const controller = new AbortController();
    promptAttemptRef.current = controller;
    setPrompt({ open: true, busy: true });
    const opts = { kind: 'standalone' as const, returnTo: window.location.hash };
    const run = async () => {
      if (host.smartRedirect.kind === 'page-redirect') {
        await signInWithRedirect(env, session.server, opts, controller.signal);
        return;
      }
      const signedIn = await signInWithLoopback(env, session.server, opts, controller.signal);
      if (controller.signal.aborted) return;
      await saveSessionState(host.secrets, session.server.id, signedIn.client.state);
      session.keeper.replaceClient(signedIn.client);
      setPrompt({ open: false, busy: false });
    };
    run().catch((error: unknown) => {
      if (!controller.signal.aborted) setPrompt({ open: true, busy: false, error });
    });
  }, [env, host]);

  return {
    phase,
    config,
    servers,
    customIds: serverList.customIds,
    /** The clinic fixes the server list: the picker offers no "Add a server" and says why. */
    serversLocked: serverList.locked,
    prompt,
    signIn,
    signOut,
    signInAgain,
    retryBoot: () => void boot(),
    serversChanged: () => setCustomServers(readCustomServers()),
  };
}
