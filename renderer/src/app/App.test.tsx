// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testHost, testServer } from '../../../test/support/render';
import { recentPatientsKey } from '../features/search/recent-patients';
import { PENDING_LAUNCH_KEY } from '../fhir/smart-auth';
import { ACTIVE_SERVER_SECRET, sessionSecretKey } from '../fhir/session-store';
import { fakeClient, fakeLib } from '../fhir/test-fakes';
import { mount, serverFetch } from './app-test-support';

describe('App', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('shows a clear screen when the configuration cannot be loaded', async () => {
    const host = testHost({
      getConfig: () => Promise.reject(new Error('http://x/config.json: HTTP 500')),
    });
    mount(host);
    const screenEl = await screen.findByTestId('config-error');
    expect(screenEl).toHaveTextContent('could not load its configuration');
    expect(screenEl).toHaveTextContent('HTTP 500');
  });

  it('browser host: picker → redirect → back with a code → search → sign out', async () => {
    const host = testHost();
    const client = fakeClient({
      tokenResponse: { access_token: 'at-1', refresh_token: 'rt', scope: 'offline_access' },
    });
    const lib = fakeLib(client);
    const first = mount(host, lib);
    await first.user.click(await screen.findByTestId('sign-in'));
    await screen.findByTestId('redirecting');
    expect(lib.authorizeCalls[0]).toMatchObject({
      pkceMode: 'required',
      redirectUri: 'http://localhost:3000/',
    });
    const stateKey = lib.authorizeCalls[0]?.stateKey ?? '';
    expect(stateKey).toMatch(/^[0-9a-f-]{36}$/);
    first.unmount();

    // The authorization server sends the browser back to the app page.
    window.history.replaceState(null, '', `/?code=abc&state=${stateKey}`);
    const { fetch: fetchImpl, auths } = serverFetch();
    const second = mount(host, lib, fetchImpl);
    const header = await screen.findByTestId('app-header');
    expect(within(header).getByTestId('current-server')).toHaveTextContent(testServer.name);
    expect(window.location.search).toBe('');
    expect(sessionStorage.getItem(PENDING_LAUNCH_KEY)).toBeNull();
    expect(await host.secrets.get(sessionSecretKey('sandbox'))).toContain('at-1');

    await second.user.type(screen.getByLabelText('Name'), 'lind');
    await second.user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByTestId('patient-row')).toHaveTextContent('Eva Lind');
    expect(auths).toContain('Bearer at-1');
    await second.user.click(screen.getByRole('link', { name: 'Eva Lind' }));
    // The fake client has no id_token: the user key is "anonymous".
    const recentKey = recentPatientsKey('sandbox', 'anonymous');
    expect(localStorage.getItem(recentKey)).toContain('"p1"');

    await second.user.click(screen.getByTestId('sign-out'));
    await screen.findByTestId('server-picker');
    expect(localStorage.getItem(recentKey)).toBeNull();
    expect(await host.secrets.get(sessionSecretKey('sandbox'))).toBeNull();
    expect(await host.secrets.get(ACTIVE_SERVER_SECRET)).toBeNull();
  });

  it('header: offers only the clinic’s languages, and locks the workstation on request', async () => {
    const base = testHost();
    const config = await base.getConfig();
    const host = testHost({
      getConfig: () => Promise.resolve({ ...config, languages: ['de', 'en'] }),
    });
    const client = fakeClient({
      tokenResponse: { access_token: 'at-1', refresh_token: 'rt', scope: 'offline_access' },
    });
    const lib = fakeLib(client);
    const first = mount(host, lib);
    await first.user.click(await screen.findByTestId('sign-in'));
    await screen.findByTestId('redirecting');
    const stateKey = lib.authorizeCalls[0]?.stateKey ?? '';
    first.unmount();
    window.history.replaceState(null, '', `/?code=abc&state=${stateKey}`);
    const { fetch: fetchImpl } = serverFetch();
    const second = mount(host, lib, fetchImpl);
    const header = await screen.findByTestId('app-header');
    const select = within(header).getByTestId('language-select');
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Deutsch', 'English']),
    );
    await second.user.click(within(header).getByTestId('lock-now'));
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.queryByTestId('app-header')).not.toBeInTheDocument();
  });

  it('browser host: an EHR launch URL starts authorization with launch', async () => {
    window.history.replaceState(
      null,
      '',
      `/?iss=${encodeURIComponent(testServer.fhirBaseUrl)}&launch=L-1`,
    );
    const { lib } = mount(testHost());
    await screen.findByTestId('redirecting');
    expect(lib.authorizeCalls[0]).toMatchObject({ launch: 'L-1', iss: testServer.fhirBaseUrl });
    expect(lib.authorizeCalls[0]?.scope?.split(' ')[0]).toBe('launch');
  });

  it('refuses an EHR launch for an unknown server', async () => {
    window.history.replaceState(null, '', '/?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=L-1');
    const { lib } = mount(testHost());
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent(
      'https://evil.example/fhir',
    );
    expect(lib.authorize).not.toHaveBeenCalled();
  });

  it('restores a saved session after a reload', async () => {
    const host = testHost();
    await host.secrets.set(ACTIVE_SERVER_SECRET, 'sandbox');
    await host.secrets.set(
      sessionSecretKey('sandbox'),
      JSON.stringify({
        serverUrl: testServer.fhirBaseUrl,
        tokenResponse: { access_token: 'saved' },
      }),
    );
    const { lib } = mount(host);
    await screen.findByTestId('app-header');
    expect(lib.client).toHaveBeenCalledWith(
      expect.objectContaining({ serverUrl: testServer.fhirBaseUrl }),
    );
  });

  it('Electron host: waits for the system browser and can be cancelled', async () => {
    const opened: string[] = [];
    const host = testHost({
      kind: 'electron',
      smartRedirect: {
        kind: 'loopback',
        start: () =>
          Promise.resolve({
            redirectUri: 'http://127.0.0.1:5555/callback',
            result: () => new Promise(() => undefined),
          }),
      },
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    });
    const { user, lib } = mount(host);
    await user.click(await screen.findByTestId('sign-in'));
    const waiting = await screen.findByTestId('waiting-for-browser');
    await waitFor(() => expect(opened).toHaveLength(1));
    expect(lib.authorizeCalls[0]).toMatchObject({
      noRedirect: true,
      redirectUri: 'http://127.0.0.1:5555/callback',
    });
    await user.click(within(waiting).getByRole('button', { name: 'Cancel' }));
    await screen.findByTestId('server-picker');
    expect(screen.queryByTestId('sign-in-error')).toBeNull();
  });
});
