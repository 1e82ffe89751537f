// @vitest-environment jsdom
/**
 * Sign-in edge cases end to end in the DOM: Cancel on every waiting screen, errors that name
 * the server with "Try again", a failed start-up, and the 401 → sign-in prompt → same route
 * sequence (browser redirect and Electron loopback).
 */
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testHost, testServer } from '../../../test/support/render';
import { PENDING_LAUNCH_KEY } from '../fhir/smart-auth';
import { ACTIVE_SERVER_SECRET, sessionSecretKey } from '../fhir/session-store';
import type { SmartClientState } from '../fhir/smart-lib';
import { fakeClient, fakeHost, fakeLib, smartConfigDoc } from '../fhir/test-fakes';
import type { Host } from '../host/Host';
import { mount } from './app-test-support';

const urlOf = (input: RequestInfo | URL) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/** Discovery never answers (until aborted); counts the attempts. */
function hangingDiscovery() {
  const calls: string[] = [];
  const impl = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(urlOf(input));
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError')),
      );
    });
  });
  return { fetch: impl as unknown as typeof fetch, calls };
}

/** A FHIR server that accepts only the tokens in `valid` (401 otherwise). */
function tokenServer(valid: Set<string>) {
  const seen: string[] = [];
  const impl = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input);
    if (url.endsWith('/.well-known/smart-configuration'))
      return Promise.resolve(Response.json(smartConfigDoc));
    const auth = (init?.headers as Record<string, string> | undefined)?.authorization ?? '';
    seen.push(`${auth} ${url}`);
    if (!valid.has(auth.replace(/^Bearer /, '')))
      return Promise.resolve(new Response('', { status: 401 }));
    if (url.includes('/Patient/p1'))
      return Promise.resolve(Response.json({ resourceType: 'Patient', id: 'p1' }));
    return Promise.resolve(Response.json({ resourceType: 'Bundle', type: 'searchset' }));
  };
  return { fetch: impl, seen };
}

/** A saved session whose refresh token the server no longer accepts. */
async function saveExpiringSession(host: Host) {
  await host.secrets.set(ACTIVE_SERVER_SECRET, 'sandbox');
  await host.secrets.set(
    sessionSecretKey('sandbox'),
    JSON.stringify({
      serverUrl: testServer.fhirBaseUrl,
      tokenResponse: { access_token: 'at-old', refresh_token: 'rt-revoked' },
    }),
  );
}

function libWithRevokedRefresh(newClientToken: string) {
  const lib = fakeLib(fakeClient({ tokenResponse: { access_token: newClientToken } }));
  lib.client = vi.fn((state: SmartClientState) =>
    fakeClient(state, () => Promise.reject(new Error('invalid_grant'))),
  );
  return lib;
}

describe('App sign-in edge cases', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('browser: Cancel on the redirecting screen returns to the picker', async () => {
    const server = hangingDiscovery();
    const lib = fakeLib();
    const { user } = mount(testHost(), lib, server.fetch);
    await user.click(await screen.findByTestId('sign-in'));
    const redirecting = await screen.findByTestId('redirecting');
    await user.click(within(redirecting).getByRole('button', { name: 'Cancel' }));
    await screen.findByTestId('server-picker');
    expect(screen.queryByTestId('sign-in-error')).toBeNull();
    expect(lib.authorize).not.toHaveBeenCalled();
    expect(sessionStorage.getItem(PENDING_LAUNCH_KEY)).toBeNull();
  });

  it('Electron: Cancel during discovery stops before the system browser opens', async () => {
    const { host, opened } = fakeHost('electron');
    const server = hangingDiscovery();
    const lib = fakeLib();
    const { user } = mount(host, lib, server.fetch);
    await user.click(await screen.findByTestId('sign-in'));
    const waiting = await screen.findByTestId('waiting-for-browser');
    await waitFor(() => expect(server.calls).toHaveLength(1));
    await user.click(within(waiting).getByRole('button', { name: 'Cancel' }));
    await screen.findByTestId('server-picker');
    expect(lib.authorize).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
    expect(screen.queryByTestId('sign-in-error')).toBeNull();
  });

  it('an unreachable server is named, and "Try again" signs in to it again', async () => {
    let up = false;
    const fetchImpl = vi.fn(() =>
      up
        ? Promise.resolve(Response.json(smartConfigDoc))
        : Promise.reject(new TypeError('Failed to fetch')),
    );
    const lib = fakeLib();
    const { user } = mount(testHost(), lib, fetchImpl);
    await user.click(await screen.findByTestId('sign-in'));
    const error = await screen.findByTestId('sign-in-error');
    expect(error).toHaveTextContent(
      `Embedded sandbox (${testServer.fhirBaseUrl}) could not be reached.`,
    );
    up = true;
    await user.click(within(error).getByTestId('sign-in-retry'));
    await screen.findByTestId('redirecting');
    await waitFor(() => expect(lib.authorize).toHaveBeenCalledOnce());
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('a sign-in code that fails to load ends on the picker, and start-up still settles', async () => {
    const listen = vi.fn(() => () => undefined);
    const host: Host = { ...fakeHost('electron').host, onEhrLaunch: listen };
    mount(host, fakeLib(), undefined, () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
    );
    const error = await screen.findByTestId('sign-in-error');
    expect(error).toHaveTextContent('sign-in component of the workstation could not be loaded');
    expect(error).toHaveTextContent('Failed to fetch dynamically imported module');
    expect(screen.getByTestId('server-picker')).toBeInTheDocument();
    // Deep-link EHR launches are listened for once start-up has settled.
    await waitFor(() => expect(listen).toHaveBeenCalledOnce());
  });

  it('browser: refresh fails → sign-in prompt → after re-sign-in the same route is shown', async () => {
    const host = testHost();
    await saveExpiringSession(host);
    window.history.replaceState(null, '', '/#/patient/p1');
    const lib = libWithRevokedRefresh('at-new');
    const first = mount(host, lib, tokenServer(new Set()).fetch);
    const prompt = await screen.findByTestId('sign-in-prompt');
    expect(prompt).toHaveTextContent(testServer.name);
    await first.user.click(within(prompt).getByTestId('sign-in-again'));
    await waitFor(() => expect(lib.authorize).toHaveBeenCalledOnce());
    const stateKey = lib.authorizeCalls[0]?.stateKey ?? '';
    expect(sessionStorage.getItem(PENDING_LAUNCH_KEY)).toContain('#/patient/p1');
    first.unmount();

    // The authorization server sends the browser back to the page, without the hash.
    window.history.replaceState(null, '', `/?code=c2&state=${stateKey}`);
    const server = tokenServer(new Set(['at-new']));
    mount(host, lib, server.fetch);
    const route = await screen.findByTestId('patient-route');
    expect(route).toHaveAttribute('data-patient-id', 'p1');
    expect(window.location.hash).toBe('#/patient/p1');
    expect(screen.queryByTestId('sign-in-prompt')).toBeNull();
    await waitFor(() =>
      expect(server.seen).toContain(`Bearer at-new ${testServer.fhirBaseUrl}/Patient/p1`),
    );
  });

  it('Electron: refresh fails → sign-in prompt → re-sign-in keeps the open view', async () => {
    const { host } = fakeHost('electron', undefined, (state) =>
      Promise.resolve({ code: 'c2', state: state() ?? '' }),
    );
    await saveExpiringSession(host);
    window.history.replaceState(null, '', '/#/patient/p1');
    const valid = new Set<string>();
    const lib = libWithRevokedRefresh('at-new');
    const { user } = mount(host, lib, tokenServer(valid).fetch);
    const prompt = await screen.findByTestId('sign-in-prompt');
    const route = screen.getByTestId('patient-route');
    valid.add('at-new');
    await user.click(within(prompt).getByTestId('sign-in-again'));
    await waitFor(() => expect(screen.queryByTestId('sign-in-prompt')).toBeNull());
    expect(lib.ready).toHaveBeenCalledWith({ code: 'c2', stateKey: expect.any(String) as string });
    // Same route, same mounted view: nothing the clinician had open was lost.
    expect(screen.getByTestId('patient-route')).toBe(route);
    expect(window.location.hash).toBe('#/patient/p1');
    expect(await host.secrets.get(sessionSecretKey('sandbox'))).toContain('at-new');
  });
});
