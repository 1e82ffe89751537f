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
import { createSession, restoreSignedIn, type Session } from '../../fhir/session';
import { clearSession, saveSessionState } from '../../fhir/session-store';
import {
  completePageRedirect,
  ehrLaunchFromUrl,
  serverForLaunch,
  signInWithLoopback,
  signInWithRedirect,
  type SignedIn,
  type SmartAuthEnv,
} from '../../fhir/smart-auth';
import type { SmartLib } from '../../fhir/smart-lib';
import { readCustomServers } from './custom-servers';

export type Phase =
  | { k: 'loading' }
  | { k: 'config-error'; error: unknown }
  | { k: 'picker'; error?: unknown }
  | { k: 'redirecting'; server: FhirServerConfig }
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

  const servers = useMemo(
    () => [
      ...(config?.servers ?? []),
      ...customServers.filter((c) => !config?.servers.some((s) => s.id === c.id)),
    ],
    [config, customServers],
  );

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

  const startSignIn = useCallback(
    async (server: FhirServerConfig, kind: LaunchKind, launch?: string) => {
      const opts = { kind, ...(launch ? { launch } : {}) };
      if (host.smartRedirect.kind === 'page-redirect') {
        setPhase({ k: 'redirecting', server });
        await signInWithRedirect(env, server, opts);
        return;
      }
      const controller = new AbortController();
      setPhase({ k: 'waiting', server, cancel: () => controller.abort() });
      await enter(await signInWithLoopback(env, server, opts, controller.signal));
    },
    [env, host, enter],
  );

  const signIn = useCallback(
    (server: FhirServerConfig, kind: LaunchKind = 'standalone', launch?: string) => {
      startSignIn(server, kind, launch).catch((error: unknown) => {
        const cancelled = error instanceof DOMException && error.name === 'AbortError';
        setPhase(cancelled ? { k: 'picker' } : { k: 'picker', error });
      });
    },
    [startSignIn],
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

  const boot = useCallback(async () => {
    setPhase({ k: 'loading' });
    let cfg: AppConfig;
    try {
      cfg = await host.getConfig();
    } catch (error) {
      setPhase({ k: 'config-error', error });
      return;
    }
    setConfig(cfg);
    const known = [...cfg.servers, ...readCustomServers()];
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
    const lib = await options.loadLib();
    const restored = await restoreSignedIn(host, known, lib, Date.now() / 1000).catch(() => null);
    if (restored) {
      // A reload keeps whatever view the URL names.
      await enter({ ...restored, kind: 'standalone' }, false);
      return;
    }
    setPhase({ k: 'picker' });
  }, [host, env, enter, ehrLaunch, options]);

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
    setPrompt({ open: false, busy: false });
    if (session) {
      session.keeper.dispose();
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
    setPrompt({ open: true, busy: true });
    const opts = { kind: 'standalone' as const, returnTo: window.location.hash };
    const run = async () => {
      if (host.smartRedirect.kind === 'page-redirect') {
        await signInWithRedirect(env, session.server, opts);
        return;
      }
      const signedIn = await signInWithLoopback(env, session.server, opts);
      await saveSessionState(host.secrets, session.server.id, signedIn.client.state);
      session.keeper.replaceClient(signedIn.client);
      setPrompt({ open: false, busy: false });
    };
    run().catch((error: unknown) => setPrompt({ open: true, busy: false, error }));
  }, [env, host]);

  return {
    phase,
    config,
    servers,
    customIds: new Set(customServers.map((s) => s.id)),
    prompt,
    signIn,
    signOut,
    signInAgain,
    retryBoot: () => void boot(),
    serversChanged: () => setCustomServers(readCustomServers()),
  };
}
