/**
 * A signed-in session: the server, who is signed in, the launch context, the token keeper
 * and the FhirApi bound to it. Built after `ready()` or when restoring saved tokens.
 */
import type { FhirServerConfig } from '../../../shared/config/app-config';
import type { Host } from '../host/Host';
import { createFhirApi } from './createFhirApi';
import type { FhirApi } from './FhirApi';
import type { LaunchKind } from './scopes';
import {
  ACTIVE_SERVER_SECRET,
  clearSession,
  loadSessionState,
  saveSessionState,
} from './session-store';
import type { SmartClient, SmartLib } from './smart-lib';
import { TokenKeeper } from './token-keeper';

export interface SessionUser {
  /** Best available label: id_token `name`, `preferred_username`, then the fhirUser reference. */
  display: string;
  /** `Practitioner/123` style reference from the id_token, when granted. */
  fhirUser?: string;
  /** Stable per-server user key for per-user local data (fhirUser, else `sub`). */
  key: string;
}

/** The id_token claims we read; anything else is ignored. */
export function userFromClient(client: SmartClient): SessionUser {
  const token = client.getIdToken();
  const claim = (name: string): string | undefined => {
    const value: unknown = token?.[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const fhirUser = client.getFhirUser() ?? claim('fhirUser');
  const display = claim('name') ?? claim('preferred_username') ?? fhirUser ?? claim('sub') ?? '?';
  return {
    display,
    ...(fhirUser ? { fhirUser } : {}),
    key: fhirUser ?? claim('sub') ?? 'anonymous',
  };
}

export interface Session {
  server: FhirServerConfig;
  user: SessionUser;
  /** Patient in context from the launch (token response `patient`). */
  patientId?: string;
  launchKind: LaunchKind;
  api: FhirApi;
  keeper: TokenKeeper;
}

export interface SessionCallbacks {
  onSignInNeeded: () => void;
  fetch?: typeof fetch;
}

export function createSession(
  host: Host,
  server: FhirServerConfig,
  client: SmartClient,
  launchKind: LaunchKind,
  callbacks: SessionCallbacks,
): Session {
  const keeper = new TokenKeeper(client, {
    save: (state) => saveSessionState(host.secrets, server.id, state),
    onSignInNeeded: callbacks.onSignInNeeded,
  });
  const api = createFhirApi({
    serverUrl: client.state.serverUrl,
    serverName: server.name,
    getAccessToken: () => keeper.accessToken,
    refresh: () => keeper.refresh(),
    onUnauthorized: callbacks.onSignInNeeded,
    ...(callbacks.fetch ? { fetch: callbacks.fetch } : {}),
  });
  const patientId = client.state.tokenResponse?.patient;
  return {
    server,
    user: userFromClient(client),
    ...(patientId ? { patientId } : {}),
    launchKind,
    api,
    keeper,
  };
}

/** The session saved last time, when its server is still configured and tokens are usable. */
export async function restoreSignedIn(
  host: Host,
  servers: readonly FhirServerConfig[],
  lib: SmartLib,
  nowSeconds: number,
): Promise<{ server: FhirServerConfig; client: SmartClient } | null> {
  const serverId = await host.secrets.get(ACTIVE_SERVER_SECRET);
  const server = servers.find((s) => s.id === serverId);
  if (!server) return null;
  const state = await loadSessionState(host.secrets, server.id);
  if (!state) return null;
  const expired = state.expiresAt !== undefined && state.expiresAt <= nowSeconds;
  if (expired && !state.tokenResponse?.refresh_token) {
    await clearSession(host.secrets, server.id, state.key, undefined);
    return null;
  }
  return { server, client: lib.client(state) };
}
