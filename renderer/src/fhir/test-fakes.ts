/** Fakes for SMART tests: a fhirclient stand-in and a scriptable host. */
import { vi } from 'vitest';
import type { AppConfig, FhirServerConfig } from '../../../shared/config/app-config';
import type { Host, RedirectResult, SecretStore } from '../host/Host';
import { MemoryAuditLog } from '../host/memory-audit-log';
import type { AuthorizeParams, SmartClient, SmartClientState, SmartLib } from './smart-lib';

export const sandboxServer: FhirServerConfig = {
  id: 'sandbox',
  name: 'Embedded sandbox',
  fhirBaseUrl: 'http://127.0.0.1:9000/fhir',
  clientId: 'clinician-workstation',
  embedded: true,
};

export const smartConfigDoc = {
  authorization_endpoint: 'http://127.0.0.1:9000/auth/authorize',
  token_endpoint: 'http://127.0.0.1:9000/auth/token',
  capabilities: ['launch-standalone', 'launch-ehr', 'client-public', 'permission-offline'],
  code_challenge_methods_supported: ['S256'],
  scopes_supported: [
    'openid',
    'fhirUser',
    'launch',
    'launch/patient',
    'patient/*.rs',
    'user/*.rs',
    'user/*.cruds',
    'offline_access',
  ],
};

export function fakeClient(
  state: Partial<SmartClientState> = {},
  refresh?: () => Promise<unknown>,
): SmartClient {
  const client: SmartClient = {
    state: {
      serverUrl: sandboxServer.fhirBaseUrl,
      tokenUri: smartConfigDoc.token_endpoint,
      key: 'k1',
      tokenResponse: { access_token: 'at-1', refresh_token: 'rt-1', scope: 'offline_access' },
      ...state,
    },
    refresh:
      refresh ??
      (() => {
        client.state.tokenResponse = { ...client.state.tokenResponse, access_token: 'at-2' };
        return Promise.resolve(client.state);
      }),
    getIdToken: () => null,
    getFhirUser: () => null,
  };
  return client;
}

export function fakeLib(client: SmartClient = fakeClient()) {
  const authorizeCalls: AuthorizeParams[] = [];
  const lib: SmartLib & { authorizeCalls: AuthorizeParams[] } = {
    authorizeCalls,
    authorize: vi.fn((params: AuthorizeParams) => {
      authorizeCalls.push(params);
      return Promise.resolve(
        params.noRedirect
          ? `${smartConfigDoc.authorization_endpoint}?state=${params.stateKey ?? ''}`
          : undefined,
      );
    }),
    ready: vi.fn(() => Promise.resolve(client)),
    client: vi.fn((state: SmartClientState) => fakeClient(state)),
  };
  return lib;
}

export class MemorySecrets implements SecretStore {
  readonly persistent = false;
  readonly map = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.map.get(key) ?? null);
  }
  set(key: string, value: string) {
    this.map.set(key, value);
    return Promise.resolve();
  }
  delete(key: string) {
    this.map.delete(key);
    return Promise.resolve();
  }
}

export function fakeHost(
  kind: 'browser' | 'electron',
  config: AppConfig = { servers: [sandboxServer], defaultServerId: 'sandbox' },
  loopbackResult?: (stateKeyHint: () => string | undefined) => Promise<RedirectResult>,
) {
  const opened: string[] = [];
  const host: Host = {
    kind,
    secrets: new MemorySecrets(),
    getConfig: () => Promise.resolve(config),
    smartRedirect:
      kind === 'browser'
        ? { kind: 'page-redirect' }
        : {
            kind: 'loopback',
            start: () =>
              Promise.resolve({
                redirectUri: 'http://127.0.0.1:5555/callback',
                result: () =>
                  loopbackResult
                    ? loopbackResult(
                        () =>
                          new URL(opened.at(-1) ?? 'http://x').searchParams.get('state') ??
                          undefined,
                      )
                    : new Promise<RedirectResult>(() => undefined),
              }),
          },
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    onEhrLaunch: () => () => undefined,
    notify: () => Promise.resolve(false),
    auditLog: new MemoryAuditLog(),
    onSystemLock: () => () => undefined,
    printView: () => Promise.resolve('printed'),
  };
  return { host, opened };
}

/** fetch that answers the SMART discovery document (or `doc` when given). */
export function discoveryFetch(doc: unknown = smartConfigDoc): typeof fetch {
  return vi.fn(() => Promise.resolve(Response.json(doc)));
}
