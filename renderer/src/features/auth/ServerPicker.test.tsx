// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, testServer } from '../../../../test/support/render';
import { SignInError } from '../../fhir/smart-auth';
import { readCustomServers } from './custom-servers';
import { ServerPicker } from './ServerPicker';

const goodDoc = {
  authorization_endpoint: 'https://fhir.clinic.example/auth',
  token_endpoint: 'https://fhir.clinic.example/token',
  capabilities: ['launch-standalone', 'client-public', 'permission-offline'],
  code_challenge_methods_supported: ['S256'],
};

function setup(fetchImpl: typeof fetch) {
  const onSignIn = vi.fn();
  const onServersChanged = vi.fn();
  const result = render(
    <ServerPicker
      servers={[testServer]}
      customIds={new Set()}
      defaultServerId="sandbox"
      onSignIn={onSignIn}
      onServersChanged={onServersChanged}
      fetch={fetchImpl}
    />,
  );
  return { ...result, onSignIn, onServersChanged };
}

async function fillAndCheck(user: ReturnType<typeof setup>['user'], url: string) {
  await user.click(screen.getByTestId('add-server'));
  await user.type(screen.getByLabelText(/^Name/), 'Clinic');
  await user.type(screen.getByLabelText(/^FHIR base URL/), url);
  await user.click(screen.getByTestId('check-connection'));
  return screen.findByTestId('connection-check');
}

describe('ServerPicker', () => {
  beforeEach(() => localStorage.clear());

  it('preselects the default server and signs in to it', async () => {
    const { user, onSignIn } = setup(vi.fn());
    expect(screen.getByRole('radio', { name: /Embedded sandbox/ })).toBeChecked();
    await user.click(screen.getByTestId('sign-in'));
    expect(onSignIn).toHaveBeenCalledWith(testServer);
  });

  it('explains in plain words what a server lacks and refuses to add it', async () => {
    const doc = {
      ...goodDoc,
      capabilities: ['launch-standalone'],
      code_challenge_methods_supported: ['plain'],
    };
    const { user } = setup(() => Promise.resolve(Response.json(doc)));
    const check = await fillAndCheck(user, 'https://fhir.clinic.example/r4');
    expect(check).toHaveAttribute('data-usable', 'false');
    expect(check).toHaveTextContent('does not support secure sign-in codes (PKCE S256)');
    expect(check).toHaveTextContent('does not accept apps without a client secret');
    expect(check).toHaveTextContent('does not offer offline access');
    expect(check).toHaveTextContent('weak form of sign-in code (PKCE plain)');
    expect(screen.getByTestId('save-server')).toBeDisabled();
  });

  it('says when the server is unreachable', async () => {
    const { user } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    const check = await fillAndCheck(user, 'https://down.example/fhir');
    expect(check).toHaveTextContent('Clinic (https://down.example/fhir) could not be reached.');
  });

  it('names the server of a failed sign-in and tries it again', async () => {
    const onSignIn = vi.fn();
    const { user } = render(
      <ServerPicker
        servers={[testServer]}
        customIds={new Set()}
        error={
          new SignInError({
            code: 'server-check',
            problems: [{ code: 'timeout', severity: 'error', seconds: 15 }],
          })
        }
        errorServer={testServer}
        onSignIn={onSignIn}
        onServersChanged={vi.fn()}
      />,
      { lng: 'de' },
    );
    const error = screen.getByTestId('sign-in-error');
    expect(error).toHaveTextContent(`Server: Embedded sandbox (${testServer.fhirBaseUrl})`);
    expect(error).toHaveTextContent(
      `Embedded sandbox (${testServer.fhirBaseUrl}) hat nicht innerhalb von 15 Sekunden geantwortet.`,
    );
    await user.click(within(error).getByRole('button', { name: 'Erneut versuchen' }));
    expect(onSignIn).toHaveBeenCalledWith(testServer);
  });

  it('offers no "Try again" when the failed server is unknown', () => {
    render(
      <ServerPicker
        servers={[testServer]}
        customIds={new Set()}
        error={new SignInError({ code: 'state-mismatch' })}
        onSignIn={vi.fn()}
        onServersChanged={vi.fn()}
      />,
    );
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('did not belong');
    expect(screen.queryByTestId('sign-in-retry')).toBeNull();
  });

  it('adds a usable server and keeps it in localStorage', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(Response.json(goodDoc)));
    const { user, onServersChanged } = setup(fetchMock);
    const check = await fillAndCheck(user, 'https://fhir.clinic.example/r4');
    expect(check).toHaveAttribute('data-usable', 'true');
    expect(fetchMock).toHaveBeenCalledWith(
      'https://fhir.clinic.example/r4/.well-known/smart-configuration',
      expect.anything(),
    );
    await user.click(screen.getByTestId('save-server'));
    expect(onServersChanged).toHaveBeenCalled();
    expect(readCustomServers()).toMatchObject([
      { name: 'Clinic', fhirBaseUrl: 'https://fhir.clinic.example/r4' },
    ]);
    expect(within(screen.getByTestId('server-picker')).queryByTestId('add-server-form')).toBeNull();
  });

  describe('when the clinic fixes the server list', () => {
    const own = { ...testServer, id: 'custom-own', name: 'Own server', embedded: false };

    it('offers no "Add a server" and no "Remove", and says why in one line', () => {
      render(
        <ServerPicker
          servers={[testServer, own]}
          customIds={new Set([own.id])}
          serversLocked
          onSignIn={vi.fn()}
          onServersChanged={vi.fn()}
        />,
      );
      expect(screen.queryByTestId('add-server')).toBeNull();
      expect(screen.queryByRole('button', { name: /Remove server/ })).toBeNull();
      expect(screen.getByTestId('servers-locked')).toHaveTextContent(
        'Your clinic sets which servers you can use, so servers of your own cannot be added or used here.',
      );
    });

    it("says so in the clinician's language, and asks for the administrator when none is listed", () => {
      render(
        <ServerPicker
          servers={[]}
          customIds={new Set()}
          serversLocked
          onSignIn={vi.fn()}
          onServersChanged={vi.fn()}
        />,
        { lng: 'de' },
      );
      expect(screen.getByTestId('servers-locked')).toHaveTextContent(
        'Ihre Klinik legt fest, welche Server Sie verwenden können',
      );
      expect(screen.getByTestId('server-picker')).toHaveTextContent(
        'Die Konfiguration Ihrer Klinik enthält keinen Server.',
      );
      expect(screen.getByTestId('server-picker')).not.toHaveTextContent('Fügen Sie unten');
      expect(screen.getByTestId('sign-in')).toBeDisabled();
    });

    it('without the lock, own servers can be removed and new ones added', () => {
      render(
        <ServerPicker
          servers={[testServer, own]}
          customIds={new Set([own.id])}
          onSignIn={vi.fn()}
          onServersChanged={vi.fn()}
        />,
      );
      expect(screen.getByTestId('add-server')).toBeVisible();
      expect(screen.getByRole('button', { name: 'Remove server Own server' })).toBeVisible();
      expect(screen.queryByTestId('servers-locked')).toBeNull();
    });
  });
});
