// @vitest-environment jsdom
/** Editing the clinician's own settings: what may be saved, field errors, nothing lost. */
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import { userSettingValues } from '../../../../shared/config/user-settings';
import { render, testHost } from '../../../../test/support/render';
import type { UserSettingsStore } from '../../host/Host';
import { SettingsPage } from './SettingsPage';
import { USER_SETTINGS_KEY, withUserSettings } from './user-settings';

const IDLE = 'Lock after this many minutes without input';

function renderPage(config: AppConfig = { servers: [] }, lng = 'en') {
  const host = withUserSettings(
    testHost({ getConfig: () => Promise.resolve(config) }),
    window.localStorage,
  );
  return render(<SettingsPage storage={window.localStorage} />, { host, lng });
}

const stored = () => JSON.parse(localStorage.getItem(USER_SETTINGS_KEY) ?? 'null') as unknown;

beforeEach(() => localStorage.clear());

describe('SettingsPage: editing', () => {
  it('saves a shorter idle-lock time and says when it applies', async () => {
    const { user } = renderPage();
    const input = await screen.findByLabelText(IDLE);
    expect(input).toHaveValue('10');
    expect(input).toHaveAccessibleDescription('Minutes, from 1 to 10.');
    await user.clear(input);
    await user.type(input, '5');
    await user.click(screen.getByTestId('settings-security-save'));
    expect(await screen.findByTestId('settings-security-status')).toHaveTextContent(
      'Saved. The changes apply from your next sign-in.',
    );
    expect(stored()).toEqual({ security: { idleLockMinutes: 5 } });
    expect(screen.getByLabelText(IDLE)).toHaveValue('5');
  });

  it('refuses a longer time than the clinic default: field error, input kept, nothing saved', async () => {
    localStorage.setItem(USER_SETTINGS_KEY, '{"security":{"idleLockMinutes":7}}');
    const { user } = renderPage();
    const input = await screen.findByLabelText(IDLE);
    expect(input).toHaveValue('7');
    await user.clear(input);
    await user.type(input, '25');
    await user.click(screen.getByTestId('settings-security-save'));
    expect(await screen.findByText('Enter a whole number from 1 to 10.')).toBeVisible();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveFocus();
    expect(input).toHaveValue('25');
    expect(screen.getByTestId('settings-security-status')).toHaveTextContent(
      'Not saved: please correct the marked settings. Your previous settings are kept.',
    );
    expect(stored()).toEqual({ security: { idleLockMinutes: 7 } });
  });

  it('refuses an empty number and clears the error once the field is edited', async () => {
    const { user } = renderPage();
    const input = await screen.findByLabelText(IDLE);
    await user.clear(input);
    await user.click(screen.getByTestId('settings-security-save'));
    expect(await screen.findByText('Enter a whole number from 1 to 10.')).toBeVisible();
    await user.type(input, '3');
    expect(screen.queryByText('Enter a whole number from 1 to 10.')).toBeNull();
    expect(stored()).toBeNull();
  });

  it('marks every bad field of a section at once', async () => {
    const { user } = renderPage();
    const retention = await screen.findByLabelText('Days cached patient data is kept');
    const pin = screen.getByLabelText('Days "Keep available offline" lasts');
    await user.clear(retention);
    await user.type(retention, '400');
    await user.clear(pin);
    await user.type(pin, '0');
    await user.click(screen.getByTestId('settings-cache-save'));
    expect(await screen.findByText('Enter a whole number from 1 to 30.')).toBeVisible();
    expect(screen.getByText('Enter a whole number from 1 to 7.')).toBeVisible();
    expect(stored()).toBeNull();
  });

  it('offers only stricter choices: a pause on lock, a wipe on sign-out, never a PIN', async () => {
    const { user } = renderPage();
    const pin = await screen.findByTestId('setting-security.pinUnlock');
    expect(within(pin).queryByRole('checkbox')).toBeNull();
    expect(pin).toHaveTextContent('NoOnly your clinic can relax this setting.');

    await user.selectOptions(
      screen.getByLabelText('A running call while the workstation is locked'),
      'pause',
    );
    await user.click(screen.getByTestId('settings-security-save'));
    await screen.findByText('Saved. The changes apply from your next sign-in.');

    await user.click(screen.getByRole('checkbox', { name: 'Wipe the offline data on sign-out' }));
    await user.click(screen.getByTestId('settings-cache-save'));
    expect(await screen.findByTestId('settings-cache-status')).toHaveTextContent(
      'Saved. The changes take effect after the workstation restarts.',
    );
    expect(stored()).toEqual({
      security: { callOnLock: 'pause' },
      cache: { wipeOnSignOut: true },
    });
    // "Keeps its audio" is the baseline (the default here), so going back to it stays on offer.
    const select = screen.getByLabelText('A running call while the workstation is locked');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['keep-audio', 'pause']);
  });

  it('keeps unsaved edits of one section when another is saved', async () => {
    const { user } = renderPage();
    const retention = await screen.findByLabelText('Days cached patient data is kept');
    await user.clear(retention);
    await user.type(retention, '12');
    const idle = screen.getByLabelText(IDLE);
    await user.clear(idle);
    await user.type(idle, '4');
    await user.click(screen.getByTestId('settings-security-save'));
    await screen.findByText('Saved. The changes apply from your next sign-in.');
    expect(screen.getByLabelText('Days cached patient data is kept')).toHaveValue('12');
    expect(stored()).toEqual({ security: { idleLockMinutes: 4 } });
  });

  it('edits the languages offered; none is an error; the language in use follows', async () => {
    const { user, i18n } = renderPage();
    const group = await screen.findByRole('group', { name: 'Languages offered' });
    for (const name of ['English', 'Deutsch', 'Français', 'Italiano', 'Español']) {
      await user.click(within(group).getByRole('checkbox', { name }));
    }
    await user.click(screen.getByTestId('settings-languages-save'));
    expect(await screen.findByText('Choose at least one language.')).toBeVisible();
    expect(group).toHaveAttribute('aria-invalid', 'true');
    await user.click(within(group).getByRole('checkbox', { name: 'Italiano' }));
    await user.click(within(group).getByRole('checkbox', { name: 'Español' }));
    await user.click(screen.getByTestId('settings-languages-save'));
    await waitFor(() => expect(stored()).toEqual({ languages: ['it', 'es'] }));
    await waitFor(() => expect(i18n.language).toBe('it'));
    const choice = await screen.findByTestId('settings-language-select');
    await waitFor(() =>
      expect(
        within(choice)
          .getAllByRole('option')
          .map((o) => o.getAttribute('value')),
      ).toEqual(['it', 'es']),
    );
  });

  it('says "nothing to save" when nothing changed', async () => {
    const { user } = renderPage();
    await screen.findByLabelText(IDLE);
    await user.click(screen.getByTestId('settings-security-save'));
    expect(await screen.findByTestId('settings-security-status')).toHaveTextContent(
      'Nothing to save: no setting was changed.',
    );
  });
});

describe('SettingsPage: the host store', () => {
  function storeHost(store: UserSettingsStore) {
    return testHost({ kind: 'electron', userSettings: store });
  }
  const snapshot = {
    baseline: userSettingValues({ servers: [] }),
    storage: { kind: 'file' as const, path: '/home/a/.config/cw/config.json' },
  };

  it('saves through the host, and keeps the input when the host cannot store it', async () => {
    const save = vi
      .fn<UserSettingsStore['save']>()
      .mockRejectedValueOnce(new Error('Could not write config.json: EACCES'))
      .mockResolvedValueOnce({ saved: true });
    const host = storeHost({ load: () => Promise.resolve(snapshot), save });
    const { user } = render(<SettingsPage />, { host });
    expect(await screen.findByTestId('settings-storage')).toHaveTextContent(
      'Your own settings are saved in /home/a/.config/cw/config.json.',
    );
    const input = screen.getByLabelText(IDLE);
    await user.clear(input);
    await user.type(input, '6');
    await user.click(screen.getByTestId('settings-security-save'));
    const status = screen.getByTestId('settings-security-status');
    await waitFor(() =>
      expect(status).toHaveTextContent(
        'Not saved; your previous settings are kept. Could not write config.json: EACCES',
      ),
    );
    expect(input).toHaveValue('6');
    await user.click(screen.getByTestId('settings-security-save'));
    await waitFor(() => expect(status).toHaveTextContent('Saved.'));
    expect(save.mock.calls).toEqual([
      [{ 'security.idleLockMinutes': 6 }],
      [{ 'security.idleLockMinutes': 6 }],
    ]);
  });

  it('shows the host’s field errors (a field the clinic locked since the page loaded)', async () => {
    const save = vi.fn<UserSettingsStore['save']>().mockResolvedValue({
      saved: false,
      errors: [{ field: 'security.idleLockMinutes', code: 'locked', message: 'locked' }],
    });
    const { user } = render(<SettingsPage />, {
      host: storeHost({ load: () => Promise.resolve(snapshot), save }),
    });
    const input = await screen.findByLabelText(IDLE);
    await user.clear(input);
    await user.type(input, '2');
    await user.click(screen.getByTestId('settings-security-save'));
    expect(await screen.findByText('Your clinic sets this; it was not changed.')).toBeVisible();
  });

  it('is read-only, with the reason, when the host cannot save (a broken user file)', async () => {
    const host = storeHost({
      load: () =>
        Promise.resolve({
          ...snapshot,
          readOnlyReason: 'Your configuration file has a problem at servers.',
        }),
      save: () => Promise.reject(new Error('not expected')),
    });
    render(<SettingsPage />, { host });
    expect(await screen.findByTestId('settings-read-only')).toHaveTextContent(
      'Settings cannot be changed right now: Your configuration file has a problem at servers.',
    );
    expect(screen.queryByLabelText(IDLE)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByTestId('setting-security.idleLockMinutes')).toHaveTextContent('10');
  });

  it('stays usable read-only when the store cannot be asked at all', async () => {
    const host = storeHost({
      load: () => Promise.reject(new Error('no settings:get')),
      save: () => Promise.reject(new Error('not expected')),
    });
    render(<SettingsPage />, { host });
    expect(await screen.findByTestId('settings-read-only')).toHaveTextContent(
      'Settings cannot be changed right now; the values below are shown only.',
    );
    expect(screen.queryByLabelText(IDLE)).toBeNull();
  });
});
