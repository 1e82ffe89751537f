// @vitest-environment jsdom
import { act, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig, FhirServerConfig } from '../../../../shared/config/app-config';
import { render, testHost, testServer } from '../../../../test/support/render';
import type { EhrLaunch, Host } from '../../host/Host';
import type { SmartLib } from '../../fhir/smart-lib';
import { saveSessionState } from '../../fhir/session-store';
import { AuthGate } from './AuthGate';
import { addCustomServer, CUSTOM_SERVERS_KEY, readCustomServers } from './custom-servers';

const ownInput = {
  name: 'Own research server',
  fhirBaseUrl: 'https://research.example/fhir',
  clientId: 'cw',
};

function config(lockedFields: string[]): AppConfig {
  return {
    servers: [testServer],
    defaultServerId: testServer.id,
    managed: { path: '/etc/clinician-workstation/config.json', lockedFields },
  };
}

/** fhirclient stand-in: nothing here should reach it; `client` is what a restore would call. */
function fakeLib() {
  const lib: SmartLib = {
    authorize: vi.fn(() => new Promise<undefined>(() => undefined)),
    ready: vi.fn(() => Promise.reject(new Error('no sign-in response expected'))),
    client: vi.fn(() => {
      throw new Error('a session was restored');
    }),
  };
  return lib;
}

function hostWith(cfg: AppConfig, overrides: Parameters<typeof testHost>[0] = {}) {
  return testHost({ getConfig: () => Promise.resolve(cfg), ...overrides });
}

function renderGate(host: Host) {
  const lib = fakeLib();
  const result = render(
    <AuthGate loadLib={() => Promise.resolve(lib)}>
      <p>signed in</p>
    </AuthGate>,
    { host },
  );
  return { ...result, lib };
}

describe('AuthGate with a server list the clinic fixes', () => {
  let own: FhirServerConfig;
  beforeEach(() => {
    localStorage.clear();
    own = addCustomServer(ownInput, [testServer]);
  });

  it('lists the clinic servers only, offers no "Add a server", and keeps the own server stored', async () => {
    renderGate(hostWith(config(['servers'])));
    expect(await screen.findByTestId('servers-locked')).toBeVisible();
    expect(screen.getAllByRole('radio')).toHaveLength(1);
    expect(screen.getByRole('radio', { name: /Embedded sandbox/ })).toBeChecked();
    expect(screen.queryByText('Own research server')).toBeNull();
    expect(screen.queryByTestId('add-server')).toBeNull();
    // The clinician's data stays: the stored list is untouched.
    expect(readCustomServers()).toEqual([own]);
    expect(localStorage.getItem(CUSTOM_SERVERS_KEY)).toContain('research.example');
  });

  it('lists the own server beside the clinic ones when only other settings are fixed', async () => {
    renderGate(hostWith(config(['security.idleLockMinutes'])));
    expect(await screen.findByText('Own research server')).toBeVisible();
    expect(screen.getAllByRole('radio')).toHaveLength(2);
    expect(screen.getByTestId('add-server')).toBeVisible();
    expect(screen.queryByTestId('servers-locked')).toBeNull();
  });

  it('does not restore a saved session on an own server, and keeps its tokens', async () => {
    const host = hostWith(config(['servers']));
    await saveSessionState(host.secrets, own.id, {
      serverUrl: own.fhirBaseUrl,
      tokenResponse: { access_token: 'token-for-own-server' },
    });
    const { lib } = renderGate(host);
    expect(await screen.findByTestId('servers-locked')).toBeVisible();
    expect(lib.client).not.toHaveBeenCalled();
    expect(await host.secrets.get(`smart.session.${own.id}`)).toContain('token-for-own-server');
  });

  it('refuses an EHR launch for an own server as a server that is not configured', async () => {
    let deliver: (launch: EhrLaunch) => void = () => undefined;
    renderGate(
      hostWith(config(['servers']), {
        onEhrLaunch: (listener) => {
          deliver = listener;
          return () => undefined;
        },
      }),
    );
    expect(await screen.findByTestId('servers-locked')).toBeVisible();
    act(() => deliver({ iss: own.fhirBaseUrl, launch: 'launch-123' }));
    const error = await screen.findByTestId('sign-in-error');
    expect(error).toHaveTextContent(
      `The workstation was launched for a server that is not configured: ${own.fhirBaseUrl}`,
    );
  });
});
