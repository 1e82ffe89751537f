// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  completePageRedirect,
  ehrLaunchFromUrl,
  PENDING_LAUNCH_KEY,
  serverForLaunch,
  signInWithLoopback,
  signInWithRedirect,
  SignInError,
  type SmartAuthEnv,
} from './smart-auth';
import { STANDALONE_SCOPE } from './scopes';
import {
  discoveryFetch,
  fakeClient,
  fakeHost,
  fakeLib,
  sandboxServer,
  smartConfigDoc,
} from './test-fakes';
import type { Host } from '../host/Host';
import type { SmartLib } from './smart-lib';

function env(host: Host, lib: SmartLib, search = '', fetchImpl = discoveryFetch()) {
  const replaced: string[] = [];
  const e: SmartAuthEnv = {
    host,
    loadLib: () => Promise.resolve(lib),
    location: { origin: 'http://127.0.0.1:3000', pathname: '/', search, hash: '#/search' },
    replaceUrl: (url) => replaced.push(url),
    sessionStorage: window.sessionStorage,
    randomUUID: () => '6f1c2b9e-3c1d-4d7e-9b7a-0c3f0a1b2c3d',
    fetch: fetchImpl,
  };
  return { env: e, replaced };
}

const STATE = '6f1c2b9e-3c1d-4d7e-9b7a-0c3f0a1b2c3d';

describe('browser redirect flow', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('authorizes with PKCE required, a UUID state and the app page as redirect', async () => {
    const lib = fakeLib();
    const { env: e } = env(fakeHost('browser').host, lib);
    await signInWithRedirect(e, sandboxServer, { kind: 'standalone', returnTo: '#/patient/p1' });
    expect(lib.authorizeCalls[0]).toEqual({
      iss: sandboxServer.fhirBaseUrl,
      clientId: 'clinician-workstation',
      scope: STANDALONE_SCOPE,
      pkceMode: 'required',
      stateKey: STATE,
      redirectUri: 'http://127.0.0.1:3000/',
    });
    expect(JSON.parse(window.sessionStorage.getItem(PENDING_LAUNCH_KEY) ?? '')).toEqual({
      serverId: 'sandbox',
      stateKey: STATE,
      kind: 'standalone',
      returnTo: '#/patient/p1',
    });
  });

  it('refuses a server without S256 before leaving the page', async () => {
    const lib = fakeLib();
    const doc = { ...smartConfigDoc, code_challenge_methods_supported: [] };
    const { env: e } = env(fakeHost('browser').host, lib, '', discoveryFetch(doc));
    const error = await signInWithRedirect(e, sandboxServer, { kind: 'standalone' }).catch(
      (x: unknown) => x,
    );
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).reason).toMatchObject({ code: 'server-check' });
    expect(lib.authorize).not.toHaveBeenCalled();
  });

  it('completes the redirect, cleans the URL and returns to the saved route', async () => {
    const client = fakeClient();
    const lib = fakeLib(client);
    const first = env(fakeHost('browser').host, lib);
    await signInWithRedirect(first.env, sandboxServer, {
      kind: 'ehr',
      launch: 'L',
      returnTo: '#/patient/p1',
    });
    const back = env(fakeHost('browser').host, lib, `?code=c1&state=${STATE}`);
    const signedIn = await completePageRedirect(back.env, [sandboxServer]);
    expect(signedIn).toMatchObject({
      server: sandboxServer,
      client,
      kind: 'ehr',
      returnTo: '#/patient/p1',
    });
    expect(back.replaced).toEqual(['http://127.0.0.1:3000/#/patient/p1']);
    expect(window.sessionStorage.getItem(PENDING_LAUNCH_KEY)).toBeNull();
  });

  it('rejects a response whose state is not ours', async () => {
    const lib = fakeLib();
    await signInWithRedirect(env(fakeHost('browser').host, lib).env, sandboxServer, {
      kind: 'standalone',
    });
    const back = env(fakeHost('browser').host, lib, '?code=c1&state=forged');
    const error = await completePageRedirect(back.env, [sandboxServer]).catch((x: unknown) => x);
    expect((error as SignInError).reason).toEqual({ code: 'state-mismatch' });
    expect(lib.ready).not.toHaveBeenCalled();
  });

  it('reports a denied authorization in the server’s words', async () => {
    const lib = fakeLib();
    await signInWithRedirect(env(fakeHost('browser').host, lib).env, sandboxServer, {
      kind: 'standalone',
    });
    const back = env(
      fakeHost('browser').host,
      lib,
      `?error=access_denied&error_description=No+thanks&state=${STATE}`,
    );
    const error = await completePageRedirect(back.env, [sandboxServer]).catch((x: unknown) => x);
    expect((error as SignInError).reason).toEqual({
      code: 'denied',
      error: 'access_denied',
      description: 'No thanks',
    });
  });

  it('does nothing on a plain page load', async () => {
    await expect(
      completePageRedirect(env(fakeHost('browser').host, fakeLib()).env, [sandboxServer]),
    ).resolves.toBeNull();
  });
});

describe('Electron loopback flow', () => {
  it('opens the authorize URL externally and finishes with ready({ code, stateKey })', async () => {
    const client = fakeClient();
    const lib = fakeLib(client);
    const { host, opened } = fakeHost('electron', undefined, (state) =>
      Promise.resolve({ code: 'c1', state: state() ?? '' }),
    );
    const signedIn = await signInWithLoopback(env(host, lib).env, sandboxServer, {
      kind: 'standalone',
    });
    expect(signedIn.client).toBe(client);
    expect(lib.authorizeCalls[0]).toMatchObject({
      noRedirect: true,
      redirectUri: 'http://127.0.0.1:5555/callback',
      pkceMode: 'required',
      stateKey: STATE,
    });
    expect(opened[0]).toContain(`state=${STATE}`);
    expect(lib.ready).toHaveBeenCalledWith({ code: 'c1', stateKey: STATE });
  });

  it('rejects a callback with a different state', async () => {
    const lib = fakeLib();
    const { host } = fakeHost('electron', undefined, () =>
      Promise.resolve({ code: 'c1', state: 'other' }),
    );
    const error = await signInWithLoopback(env(host, lib).env, sandboxServer, {
      kind: 'standalone',
    }).catch((x: unknown) => x);
    expect((error as SignInError).reason).toEqual({ code: 'state-mismatch' });
    expect(lib.ready).not.toHaveBeenCalled();
  });

  it('can be cancelled while waiting for the browser', async () => {
    const { host } = fakeHost('electron');
    const controller = new AbortController();
    const pending = signInWithLoopback(
      env(host, fakeLib()).env,
      sandboxServer,
      { kind: 'standalone' },
      controller.signal,
    );
    await vi.waitFor(() => expect(controller.signal.aborted).toBe(false));
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  /** Discovery that answers only when aborted: a server that never responds. */
  const hangingFetch: typeof fetch = (_input, init) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError')),
      );
    });

  it('cancel during discovery stops before authorize and the system browser', async () => {
    const lib = fakeLib();
    const { host, opened } = fakeHost('electron');
    const controller = new AbortController();
    const pending = signInWithLoopback(
      env(host, lib, '', hangingFetch).env,
      sandboxServer,
      { kind: 'standalone' },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(lib.authorize).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  it('cancel during authorize (fhirclient ignores signals) still stops at once', async () => {
    const lib = fakeLib();
    lib.authorize = vi.fn(() => new Promise<string | undefined>(() => undefined));
    const { host, opened } = fakeHost('electron');
    const controller = new AbortController();
    const pending = signInWithLoopback(
      env(host, lib).env,
      sandboxServer,
      { kind: 'standalone' },
      controller.signal,
    );
    await vi.waitFor(() => expect(lib.authorize).toHaveBeenCalled());
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(opened).toEqual([]);
  });

  it('does not start at all with an already cancelled signal', async () => {
    const fetchMock = discoveryFetch();
    const controller = new AbortController();
    controller.abort();
    const pending = signInWithLoopback(
      env(fakeHost('electron').host, fakeLib(), '', fetchMock).env,
      sandboxServer,
      { kind: 'standalone' },
      controller.signal,
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('loading fhirclient', () => {
  it('reports a failed chunk load as lib-load', async () => {
    const { env: e } = env(fakeHost('browser').host, fakeLib());
    e.loadLib = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const error = await signInWithRedirect(e, sandboxServer, { kind: 'standalone' }).catch(
      (x: unknown) => x,
    );
    expect((error as SignInError).reason).toEqual({
      code: 'lib-load',
      detail: 'Failed to fetch dynamically imported module',
    });
    expect(window.sessionStorage.getItem(PENDING_LAUNCH_KEY)).toBeNull();
  });

  it('browser: cancel during discovery leaves no pending launch', async () => {
    window.sessionStorage.clear();
    const lib = fakeLib();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const controller = new AbortController();
    const pending = signInWithRedirect(
      env(fakeHost('browser').host, lib, '', hanging).env,
      sandboxServer,
      { kind: 'standalone' },
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(lib.authorize).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem(PENDING_LAUNCH_KEY)).toBeNull();
  });
});

describe('EHR launch', () => {
  it('reads iss and launch from the page URL', () => {
    expect(ehrLaunchFromUrl('?iss=http%3A%2F%2F127.0.0.1%3A9000%2Ffhir&launch=abc')).toEqual({
      iss: 'http://127.0.0.1:9000/fhir',
      launch: 'abc',
    });
    expect(ehrLaunchFromUrl('?iss=x')).toBeNull();
  });

  it('accepts only configured servers', () => {
    expect(
      serverForLaunch({ iss: 'http://127.0.0.1:9000/fhir/', launch: 'a' }, [sandboxServer]),
    ).toBe(sandboxServer);
    expect(() =>
      serverForLaunch({ iss: 'https://evil.example/fhir', launch: 'a' }, [sandboxServer]),
    ).toThrow(SignInError);
  });
});
