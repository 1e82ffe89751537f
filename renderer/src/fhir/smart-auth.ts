/**
 * The SMART App Launch sequence for both hosts, as plain functions over injected
 * dependencies (host, fhirclient, the page's location) so it is testable without a browser.
 *
 * - Standalone and EHR launch, PKCE S256 required, `state` from `crypto.randomUUID()`
 *   (SMART 2 asks for ≥122 bits; fhirclient's default has ~95).
 * - Browser: fhirclient's page redirect; the pending launch is remembered in sessionStorage
 *   and completed by {@link completePageRedirect} when the page comes back with `?code&state`.
 * - Electron: `authorize({ noRedirect })`, the system browser, the loopback listener in main,
 *   then `ready({ code, stateKey })` (RFC 8252).
 * @see https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import { z } from 'zod';
import type { FhirServerConfig } from '../../../shared/config/app-config';
import type { EhrLaunch, Host } from '../host/Host';
import { raceAbort, throwIfAborted } from './abort';
import { buildScope, type LaunchKind } from './scopes';
import { checkSmartServer, type SmartProblem } from './smart-configuration';
import type { SmartClient, SmartLib } from './smart-lib';

/** sessionStorage key of the launch waiting for the page redirect to come back. */
export const PENDING_LAUNCH_KEY = 'cw.smart.pending';
/** How long the loopback listener waits for the browser (10 minutes). */
export const LOOPBACK_TIMEOUT_MS = 10 * 60 * 1000;

const pendingSchema = z.object({
  serverId: z.string(),
  stateKey: z.string(),
  kind: z.enum(['standalone', 'ehr']),
  returnTo: z.string().optional(),
});
export type PendingLaunch = z.output<typeof pendingSchema>;

/** A sign-in failure with a reason the UI can put in plain words. */
export class SignInError extends Error {
  constructor(
    readonly reason:
      | { code: 'server-check'; problems: SmartProblem[] }
      | { code: 'denied'; error: string; description?: string }
      | { code: 'state-mismatch' }
      | { code: 'unknown-iss'; iss: string }
      /** The sign-in code (fhirclient chunk) could not be loaded, e.g. offline. */
      | { code: 'lib-load'; detail: string }
      | { code: 'failed'; detail: string },
  ) {
    super(
      reason.code === 'failed' || reason.code === 'lib-load'
        ? reason.detail
        : `SMART sign-in: ${reason.code}`,
    );
    this.name = 'SignInError';
  }
}

export interface SmartAuthEnv {
  host: Host;
  loadLib: () => Promise<SmartLib>;
  /** The page URL (browser host: where the redirect comes back to). */
  location: Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>;
  replaceUrl: (url: string) => void;
  sessionStorage: Storage;
  randomUUID: () => string;
  fetch?: typeof fetch;
}

export interface SignInOptions {
  kind: LaunchKind;
  launch?: string;
  /** Hash route to show after sign-in (re-sign-in keeps the open view). */
  returnTo?: string;
}

export interface SignedIn {
  server: FhirServerConfig;
  client: SmartClient;
  kind: LaunchKind;
  returnTo?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** fhirclient, or a {@link SignInError} `lib-load` when its code cannot be loaded. */
export async function loadSmartLib(env: Pick<SmartAuthEnv, 'loadLib'>): Promise<SmartLib> {
  try {
    return await env.loadLib();
  } catch (error) {
    throw new SignInError({ code: 'lib-load', detail: describe(error) });
  }
}

async function authorizeParams(
  env: SmartAuthEnv,
  server: FhirServerConfig,
  opts: SignInOptions,
  signal: AbortSignal | undefined,
) {
  const check = await checkSmartServer(server.fhirBaseUrl, env.fetch, signal ? { signal } : {});
  throwIfAborted(signal);
  if (!check.usable) throw new SignInError({ code: 'server-check', problems: check.problems });
  return {
    iss: server.fhirBaseUrl,
    clientId: server.clientId,
    scope: buildScope(opts.kind, check.configuration?.scopes_supported, server.scope),
    pkceMode: 'required' as const,
    stateKey: env.randomUUID(),
    ...(opts.launch ? { launch: opts.launch } : {}),
  };
}

/**
 * Browser host: remember the launch, then let fhirclient navigate to the authorization
 * server. The page comes back to itself (`origin + pathname`) with `?code&state`.
 * `signal` cancels until the navigation starts (discovery, loading fhirclient).
 */
export async function signInWithRedirect(
  env: SmartAuthEnv,
  server: FhirServerConfig,
  opts: SignInOptions,
  signal?: AbortSignal,
): Promise<void> {
  const params = await authorizeParams(env, server, opts, signal);
  const lib = await raceAbort(loadSmartLib(env), signal);
  const pending: PendingLaunch = {
    serverId: server.id,
    stateKey: params.stateKey,
    kind: opts.kind,
    ...(opts.returnTo ? { returnTo: opts.returnTo } : {}),
  };
  env.sessionStorage.setItem(PENDING_LAUNCH_KEY, JSON.stringify(pending));
  const redirectUri = server.redirectUri ?? `${env.location.origin}${env.location.pathname}`;
  try {
    await lib.authorize({ ...params, redirectUri });
  } catch (error) {
    env.sessionStorage.removeItem(PENDING_LAUNCH_KEY);
    throw new SignInError({ code: 'failed', detail: describe(error) });
  }
}

/**
 * Electron host: authorize without redirecting, open the URL in the system browser and
 * wait for the loopback listener. `signal` cancels every step, from discovery to the
 * token exchange (a started listener then times out in main).
 */
export async function signInWithLoopback(
  env: SmartAuthEnv,
  server: FhirServerConfig,
  opts: SignInOptions,
  signal?: AbortSignal,
): Promise<SignedIn> {
  const mode = env.host.smartRedirect;
  if (mode.kind !== 'loopback') throw new Error('signInWithLoopback needs a loopback host');
  throwIfAborted(signal);
  const params = await authorizeParams(env, server, opts, signal);
  const lib = await raceAbort(loadSmartLib(env), signal);
  const listener = await raceAbort(mode.start(), signal);
  let url: string | undefined;
  try {
    url = await raceAbort(
      lib.authorize({
        ...params,
        redirectUri: server.redirectUri ?? listener.redirectUri,
        noRedirect: true,
      }),
      signal,
    );
  } catch (error) {
    throwIfAborted(signal);
    throw new SignInError({ code: 'failed', detail: describe(error) });
  }
  if (typeof url !== 'string')
    throw new SignInError({ code: 'failed', detail: 'no authorize URL' });
  await raceAbort(env.host.openExternal(url), signal);
  const result = await raceAbort(listener.result(LOOPBACK_TIMEOUT_MS), signal);
  if (result.error) {
    throw new SignInError({
      code: 'denied',
      error: result.error,
      ...(result.errorDescription ? { description: result.errorDescription } : {}),
    });
  }
  if (result.state !== params.stateKey || !result.code) {
    throw new SignInError({ code: 'state-mismatch' });
  }
  try {
    const client = await raceAbort(
      lib.ready({ code: result.code, stateKey: params.stateKey }),
      signal,
    );
    return {
      server,
      client,
      kind: opts.kind,
      ...(opts.returnTo ? { returnTo: opts.returnTo } : {}),
    };
  } catch (error) {
    throwIfAborted(signal);
    throw new SignInError({ code: 'failed', detail: describe(error) });
  }
}

function readPending(storage: Storage): PendingLaunch | null {
  const raw = storage.getItem(PENDING_LAUNCH_KEY);
  if (raw === null) return null;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Browser host, on page load: when the URL carries an authorization response for the
 * launch we started, finish it with fhirclient's `ready()` and clean the URL.
 * Resolves null when there is nothing to complete.
 */
export async function completePageRedirect(
  env: SmartAuthEnv,
  servers: readonly FhirServerConfig[],
): Promise<SignedIn | null> {
  const params = new URLSearchParams(env.location.search);
  const state = params.get('state');
  const hasResponse = params.has('code') || params.has('error');
  if (!hasResponse) return null;
  const pending = readPending(env.sessionStorage);
  env.sessionStorage.removeItem(PENDING_LAUNCH_KEY);
  const clean = (hash: string) =>
    env.replaceUrl(`${env.location.origin}${env.location.pathname}${hash}`);
  const server = pending ? servers.find((s) => s.id === pending.serverId) : undefined;
  if (!pending || !server || state !== pending.stateKey) {
    clean(env.location.hash);
    throw new SignInError({ code: 'state-mismatch' });
  }
  const error = params.get('error');
  if (error) {
    clean(env.location.hash);
    const description = params.get('error_description');
    throw new SignInError({ code: 'denied', error, ...(description ? { description } : {}) });
  }
  const lib = await loadSmartLib(env);
  try {
    const client = await lib.ready();
    return {
      server,
      client,
      kind: pending.kind,
      ...(pending.returnTo ? { returnTo: pending.returnTo } : {}),
    };
  } catch (err) {
    throw new SignInError({ code: 'failed', detail: describe(err) });
  } finally {
    clean(pending.returnTo ?? '');
  }
}

/** Browser host: an EHR launch arrives as `?iss=…&launch=…` on the app page. */
export function ehrLaunchFromUrl(search: string): EhrLaunch | null {
  const params = new URLSearchParams(search);
  const iss = params.get('iss');
  const launch = params.get('launch');
  return iss && launch ? { iss, launch } : null;
}

const normalize = (url: string) => url.replace(/\/+$/, '').toLowerCase();

/**
 * The configured server an EHR launch names. Unknown `iss` values are refused: launching
 * into an arbitrary server would send the clinician's credentials wherever a link points.
 */
export function serverForLaunch(
  launch: EhrLaunch,
  servers: readonly FhirServerConfig[],
): FhirServerConfig {
  const server = servers.find((s) => normalize(s.fhirBaseUrl) === normalize(launch.iss));
  if (!server) throw new SignInError({ code: 'unknown-iss', iss: launch.iss });
  return server;
}
