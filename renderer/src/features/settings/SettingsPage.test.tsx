// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import { findUntranslated, render, testHost, testServer } from '../../../../test/support/render';
import { parseRoute, routeHref } from '../../app/router';
import { SettingsPage } from './SettingsPage';
import { withUserSettings } from './user-settings';

const MACHINE = '/etc/clinician-workstation/config.json';

const CLINIC_CONFIG: AppConfig = {
  servers: [
    {
      id: 'clinic',
      name: 'Clinic EHR',
      fhirBaseUrl: 'https://ehr.clinic.example/fhir',
      clientId: 'workstation',
      scope: 'openid fhirUser user/*.rs',
      embedded: false,
    },
  ],
  defaultServerId: 'clinic',
  consult: { signalingUrl: 'https://signal.clinic.example' },
  turnServers: [
    { urls: ['turns:turn.clinic.example:443'], username: 'ws', credential: 'top-secret' },
  ],
  security: { idleLockMinutes: 5, pinUnlock: true, callOnLock: 'pause' },
  cache: { pinDays: 7, wipeOnSignOut: true, retentionDays: 14 },
  languages: ['de', 'en'],
  updates: { enabled: false },
  managed: {
    path: MACHINE,
    lockedFields: ['servers', 'security.idleLockMinutes', 'cache.wipeOnSignOut', 'languages'],
  },
};

function storage() {
  return window.localStorage;
}

function renderPage(config: AppConfig, lng = 'en') {
  const host = withUserSettings(testHost({ getConfig: () => Promise.resolve(config) }), storage());
  return render(<SettingsPage storage={storage()} />, { host, lng });
}

beforeEach(() => localStorage.clear());

describe('SettingsPage', () => {
  it('is the #/settings route', () => {
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(routeHref({ name: 'settings' })).toBe('#/settings');
  });

  it('shows clinic-set settings locked, with the file, and offers no input for them', async () => {
    renderPage(CLINIC_CONFIG);
    await screen.findByTestId('settings-page');
    expect(screen.getByTestId('managed-intro')).toHaveTextContent(MACHINE);

    const servers = screen.getByTestId('setting-servers');
    expect(servers).toHaveAttribute('data-locked', 'true');
    expect(servers).toHaveTextContent(`Set by your clinic (${MACHINE})`);
    expect(servers).toHaveTextContent('Clinic EHR');
    expect(servers).toHaveTextContent('https://ehr.clinic.example/fhir');
    expect(servers).toHaveTextContent('openid fhirUser user/*.rs');
    expect(servers).toHaveTextContent('Preselected at sign-in');

    const idle = screen.getByTestId('setting-security.idleLockMinutes');
    expect(idle).toHaveAttribute('data-locked', 'true');
    expect(idle).toHaveTextContent('5');
    expect(screen.queryByTestId('idle-minutes-input')).toBeNull();

    expect(screen.getByTestId('setting-cache.wipeOnSignOut')).toHaveTextContent(
      `YesSet by your clinic (${MACHINE})`,
    );
    // Not in lockedFields: shown, but without the lock.
    const retention = screen.getByTestId('setting-cache.retentionDays');
    expect(retention).toHaveAttribute('data-locked', 'false');
    expect(retention).toHaveTextContent('14');
    expect(within(retention).queryByTestId('locked-note')).toBeNull();
    // Unlocked but "stricter only", and already the strictest: shown, not editable.
    const callOnLock = screen.getByTestId('setting-security.callOnLock');
    expect(callOnLock).toHaveTextContent('is paused');
    expect(callOnLock).toHaveTextContent('Only your clinic can relax this setting.');
    expect(screen.getByTestId('setting-languages')).toHaveTextContent('Deutsch, English');
    expect(screen.getAllByTestId('locked-note')).toHaveLength(4);
    // The browser host has no updates to offer, only who updates it.
    expect(screen.getByTestId('update-browser')).toHaveTextContent('web deployment');
    expect(screen.queryByTestId('setting-updates.enabled')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Restart and install now' })).toBeNull();
  });

  it('offers no Save in a section where nothing can be edited', async () => {
    renderPage({
      ...CLINIC_CONFIG,
      managed: {
        path: MACHINE,
        lockedFields: ['servers', 'cache.retentionDays', 'cache.pinDays', 'cache.wipeOnSignOut'],
      },
    });
    await screen.findByTestId('settings-page');
    expect(screen.queryByTestId('settings-cache-save')).toBeNull();
    expect(screen.getByTestId('settings-security-save')).toBeVisible();
  });

  it('says where the own settings are kept, and that servers of one’s own go at sign-in', async () => {
    renderPage({ servers: [testServer] });
    expect(await screen.findByTestId('settings-storage')).toHaveTextContent(
      'Your own settings are saved in this browser profile.',
    );
    expect(screen.getByTestId('setting-servers')).toHaveTextContent(
      'Servers of your own can be added on the sign-in screen.',
    );
  });

  it('shows TURN relays without their credential', async () => {
    renderPage(CLINIC_CONFIG);
    const turn = await screen.findByTestId('setting-turnServers');
    expect(turn).toHaveTextContent('turns:turn.clinic.example:443 (with credentials)');
    expect(document.body.textContent).not.toContain('top-secret');
  });

  it('offers only the clinic languages in the language choice', async () => {
    renderPage(CLINIC_CONFIG);
    const select = await screen.findByTestId('settings-language-select');
    const options = within(select)
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(options).toEqual(['de', 'en']);
  });

  it('shows every text through i18n (pseudo-locale), locked and editable alike', async () => {
    renderPage({ ...CLINIC_CONFIG, servers: [testServer] }, 'qps');
    await screen.findByTestId('settings-page');
    expect(findUntranslated(document.body)).toEqual([]);
    cleanup();
    renderPage({ servers: [] }, 'qps');
    await screen.findByTestId('settings-page');
    expect(findUntranslated(document.body)).toEqual([]);
  });

  it('speaks German', async () => {
    renderPage(CLINIC_CONFIG, 'de');
    const servers = await screen.findByTestId('setting-servers');
    expect(servers).toHaveTextContent(`Von Ihrer Klinik festgelegt (${MACHINE})`);
  });
});

describe('SettingsPage in the desktop app', () => {
  it('shows the update section: updates stay on, the install panel, the clinic feed', async () => {
    const updates = {
      setCallActive: () => Promise.resolve(),
      status: () => Promise.resolve({ state: 'idle' as const, callActive: false }),
      onStatus: () => () => undefined,
      installNow: () => Promise.resolve('nothing-to-install' as const),
    };
    const host = withUserSettings(
      testHost({
        kind: 'electron',
        updates,
        getConfig: () =>
          Promise.resolve({
            servers: [],
            updates: { enabled: true, url: 'https://updates.clinic.example/cw' },
            managed: { path: MACHINE, lockedFields: ['updates.url'] },
          }),
      }),
      window.localStorage,
    );
    render(<SettingsPage storage={window.localStorage} />, { host });
    const enabled = await screen.findByTestId('setting-updates.enabled');
    expect(enabled).toHaveTextContent('OnOnly your clinic can relax this setting.');
    expect(within(enabled).queryByRole('checkbox')).toBeNull();
    expect(screen.getByTestId('setting-updates.url')).toHaveTextContent(
      `https://updates.clinic.example/cwSet by your clinic (${MACHINE})`,
    );
    expect(await screen.findByTestId('update-status')).toHaveTextContent(
      'No update is waiting to be installed.',
    );
    // Nothing in the section is editable: no Save.
    expect(screen.queryByTestId('settings-updates-save')).toBeNull();
  });
});
