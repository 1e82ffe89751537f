// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, fakeHost, fakeLib, smartConfigDoc } from '../../fhir/test-fakes';
import { PENDING_LAUNCH_KEY } from '../../fhir/smart-auth';
import { lockRecordKey, REAUTH_INTENT_KEY } from './lock-record';
import { lockHost, patientInDom, renderLock } from './lock-test-support';
import { PIN_STORAGE_KEY } from './pin-store';

const owner = { serverId: 'sandbox', userKey: 'Practitioner/test' };
const rossi = { display: 'Dr. Rossi', key: 'Practitioner/rossi', fhirUser: 'Practitioner/rossi' };

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
  window.location.hash = '#/patient/p1';
});

/** fhirclient's storage once `ready()` exchanged the code of the authorization `key`. */
function completeAuthorization(key: string) {
  window.sessionStorage.setItem('SMART_KEY', JSON.stringify(key));
  window.sessionStorage.setItem(
    key,
    JSON.stringify({ key, tokenResponse: { access_token: 'at' } }),
  );
}

describe('unlock by SMART re-authentication, browser host', () => {
  async function lockAndSignInAgain() {
    const lh = lockHost();
    const lib = fakeLib();
    const rendered = renderLock({ lockHost: lh, lib });
    await screen.findByTestId('patient-banner');
    act(() => lh.systemLock('lock-screen'));
    await rendered.user.click(screen.getByTestId('lock-reauth'));
    await waitFor(() => expect(rendered.navigate).toHaveBeenCalledTimes(1));
    const url = new URL(String(vi.mocked(rendered.navigate).mock.calls[0]?.[0]));
    return { ...rendered, lib, lh, url, stateKey: url.searchParams.get('state') ?? '' };
  }

  it('goes to the authorization server with prompt=login and notes who must come back', async () => {
    const { url, stateKey, lib } = await lockAndSignInAgain();
    expect(`${url.origin}${url.pathname}`).toBe(smartConfigDoc.authorization_endpoint);
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(stateKey).not.toBe('');
    // fhirclient was asked for the URL only; the lock navigates itself.
    expect(lib.authorizeCalls).toMatchObject([{ noRedirect: true, stateKey }]);
    expect(JSON.parse(window.sessionStorage.getItem(REAUTH_INTENT_KEY) ?? 'null')).toEqual({
      ...owner,
      stateKey,
    });
    // The sign-in comes back to the open chart.
    expect(JSON.parse(window.sessionStorage.getItem(PENDING_LAUNCH_KEY) ?? '{}')).toMatchObject({
      returnTo: '#/patient/p1',
    });
  });

  it('back as the same user: unlocked, the chart shown, audited', async () => {
    const first = await lockAndSignInAgain();
    first.unmount();
    completeAuthorization(first.stateKey);

    renderLock({ lockHost: first.lh });
    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
    expect(screen.queryByTestId('lock-screen')).toBeNull();
    expect(window.sessionStorage.getItem(REAUTH_INTENT_KEY)).toBeNull();
    expect(window.localStorage.getItem(lockRecordKey(owner))).toBeNull();
    await waitFor(() =>
      expect(first.auditLog.entries.map((e) => [e.action, e.detail, e.outcome])).toEqual([
        ['locked', 'lock-screen', 'success'],
        ['unlocked', 'smart', 'success'],
      ]),
    );
  });

  it('back as the same user where PINs are allowed: offered a PIN first, chart still hidden', async () => {
    const first = await lockAndSignInAgain();
    first.unmount();
    completeAuthorization(first.stateKey);

    const { user } = renderLock({ lockHost: lockHost({ pinUnlock: true }) });
    expect(await screen.findByTestId('lock-set-pin')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);
    await user.click(screen.getByTestId('lock-set-pin-skip'));
    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
    expect(window.sessionStorage.getItem(PIN_STORAGE_KEY)).toBeNull();
  });

  it('back as someone else: signed out, nothing of the chart shown', async () => {
    const first = await lockAndSignInAgain();
    first.unmount();
    completeAuthorization(first.stateKey);

    const second = renderLock({ lockHost: first.lh, session: { user: rossi } });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);
    await waitFor(() => expect(second.signOut).toHaveBeenCalledTimes(1));
    await waitFor(() =>
      expect(first.auditLog.entries.at(-1)).toMatchObject({
        action: 'unlocked',
        outcome: 'failure',
        detail: 'other-user',
      }),
    );
  });

  it('Back from the login page without signing in: still locked', async () => {
    const first = await lockAndSignInAgain();
    first.unmount();
    // authorize() wrote its state without tokens; no code was exchanged.
    renderLock({ lockHost: first.lh });
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);
  });
});

describe('unlock by SMART re-authentication, Electron (loopback)', () => {
  function electron(fhirUser: string, pinUnlock = false) {
    const fh = fakeHost('electron', { servers: [] }, (state) =>
      Promise.resolve({ code: 'code-1', state: state() ?? '' }),
    );
    const lh = lockHost(
      { pinUnlock },
      {
        kind: 'electron',
        smartRedirect: fh.host.smartRedirect,
        openExternal: (url) => fh.host.openExternal(url),
      },
    );
    const client = fakeClient({ key: 'k-reauth' });
    client.getFhirUser = () => fhirUser;
    return { lh, opened: fh.opened, lib: fakeLib(client) };
  }

  it('same user: opens the system browser with prompt=login, then unlocks in place', async () => {
    const { lh, opened, lib } = electron('Practitioner/test');
    const { user } = renderLock({ lockHost: lh, lib });
    await screen.findByTestId('patient-banner');
    act(() => lh.systemLock('suspend'));
    await user.click(screen.getByTestId('lock-reauth'));
    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
    expect(new URL(opened[0] ?? 'http://x').searchParams.get('prompt')).toBe('login');
    const authorized = lib.authorizeCalls[0]?.stateKey;
    expect(authorized).toEqual(expect.any(String));
    expect(lib.ready).toHaveBeenCalledWith({ code: 'code-1', stateKey: authorized });
  });

  it('another user: the locked session is signed out', async () => {
    const { lh, lib } = electron('Practitioner/rossi');
    const { user, signOut } = renderLock({ lockHost: lh, lib });
    await screen.findByTestId('patient-banner');
    act(() => lh.systemLock('suspend'));
    await user.click(screen.getByTestId('lock-reauth'));
    await waitFor(() => expect(signOut).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('lock-screen')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);
  });

  it('where PINs are allowed, offers to set one before the chart shows again', async () => {
    const { lh, lib } = electron('Practitioner/test', true);
    const { user } = renderLock({ lockHost: lh, lib });
    await screen.findByTestId('patient-banner');
    act(() => lh.systemLock('lock-screen'));
    await user.click(screen.getByTestId('lock-reauth'));
    expect(await screen.findByTestId('lock-set-pin')).toBeInTheDocument();
    expect(patientInDom()).toBe(false);

    await user.type(screen.getByTestId('lock-set-pin-first'), '12345');
    await user.click(screen.getByTestId('lock-set-pin-save'));
    expect(screen.getByTestId('lock-set-pin-error')).toHaveTextContent('6 to 12 digits');
    await user.type(screen.getByTestId('lock-set-pin-first'), '6');
    await user.type(screen.getByTestId('lock-set-pin-repeat'), '123465');
    await user.click(screen.getByTestId('lock-set-pin-save'));
    expect(screen.getByTestId('lock-set-pin-error')).toHaveTextContent('differ');
    await user.clear(screen.getByTestId('lock-set-pin-repeat'));
    await user.type(screen.getByTestId('lock-set-pin-repeat'), '123456');
    await user.click(screen.getByTestId('lock-set-pin-save'));

    expect(await screen.findByTestId('patient-banner')).toBeInTheDocument();
    expect(window.sessionStorage.getItem(PIN_STORAGE_KEY)).not.toContain('123456');
    // Next lock: the PIN is offered.
    act(() => lh.systemLock('lock-screen'));
    expect(screen.getByTestId('lock-pin-form')).toBeInTheDocument();
  });
});
