// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import { findUntranslated, render, testHost, testServer } from '../../../../test/support/render';
import { parseRoute, routeHref } from '../../app/router';
import { SettingsPage } from './SettingsPage';
import { USER_SETTINGS_KEY, withUserSettings } from './user-settings';

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
    expect(screen.getByTestId('setting-security.callOnLock')).toHaveTextContent('is paused');
    expect(screen.getByTestId('setting-updates.enabled')).toHaveTextContent('Off');
    expect(screen.getByTestId('setting-languages')).toHaveTextContent('Deutsch, English');
    expect(screen.getAllByTestId('locked-note')).toHaveLength(4);
  });

  it('shows TURN relays without their credential', async () => {
    renderPage(CLINIC_CONFIG);
    const turn = await screen.findByTestId('setting-turnServers');
    expect(turn).toHaveTextContent('turns:turn.clinic.example:443 (with credentials)');
    expect(document.body.textContent).not.toContain('top-secret');
  });

  it('lets the clinician set the idle-lock time when the clinic has not', async () => {
    const { user } = renderPage({ servers: [] });
    const input = await screen.findByLabelText('Minutes');
    expect(input).toHaveValue('10');
    await user.clear(input);
    await user.type(input, '25');
    await user.click(screen.getByTestId('idle-minutes-save'));
    expect(await screen.findByText(/Saved\. The new time applies/)).toBeVisible();
    expect(localStorage.getItem(USER_SETTINGS_KEY)).toBe('{"idleLockMinutes":25}');
    // The page reloads the effective settings, which now carry the user's choice.
    expect(await screen.findByLabelText('Minutes')).toHaveValue('25');
  });

  it('refuses an idle-lock time outside 1–240 and saves nothing', async () => {
    const { user } = renderPage({ servers: [] });
    const input = await screen.findByLabelText('Minutes');
    await user.clear(input);
    await user.type(input, '500');
    await user.click(screen.getByTestId('idle-minutes-save'));
    expect(await screen.findByText('Enter a whole number from 1 to 240.')).toBeVisible();
    expect(localStorage.getItem(USER_SETTINGS_KEY)).toBeNull();
  });

  it('offers only the clinic languages in the language choice', async () => {
    renderPage(CLINIC_CONFIG);
    const select = await screen.findByTestId('settings-language-select');
    const options = within(select)
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(options).toEqual(['de', 'en']);
  });

  it('shows every text through i18n (pseudo-locale)', async () => {
    renderPage({ ...CLINIC_CONFIG, servers: [testServer] }, 'qps');
    await screen.findByTestId('settings-page');
    expect(findUntranslated(document.body)).toEqual([]);
  });

  it('speaks German', async () => {
    renderPage(CLINIC_CONFIG, 'de');
    const servers = await screen.findByTestId('setting-servers');
    expect(servers).toHaveTextContent(`Von Ihrer Klinik festgelegt (${MACHINE})`);
  });
});
