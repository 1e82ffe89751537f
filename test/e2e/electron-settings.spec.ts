/**
 * Settings and updates in the desktop app, through the fake preload bridge (which runs main's
 * own UserSettingsFile, configuration and Updater; test/support/fake-bridge.ts): a stricter
 * idle-lock time saved to the user's `config.json` and shown again after a reload, a value
 * beyond what is allowed refused at the field with nothing written, and a downloaded update
 * announced in the header with "Restart and install now", refused while a call runs.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  installFakeBridge,
  signInThroughSystemBrowser,
  type FakeBridge,
  type FakeBridgeOptions,
} from '../support/fake-bridge';
import { appUrl, demoPatient, failOnPageErrors, fhirBaseUrl, weber } from './support';

const IDLE_LABEL = 'Lock after this many minutes without input';

/** Opens the app on the fake bridge, signs in as dr. Weber and opens Settings. */
async function openSettings(
  page: Page,
  context: BrowserContext,
  options: Partial<FakeBridgeOptions> = {},
): Promise<FakeBridge> {
  failOnPageErrors(page);
  const bridge = await installFakeBridge(page, { fhirBaseUrl: fhirBaseUrl(), ...options });
  await page.goto(appUrl());
  await page.getByTestId('sign-in').click();
  await signInThroughSystemBrowser(
    page,
    context,
    bridge,
    weber,
    demoPatient('sandbox-hypertension').name,
  );
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  return bridge;
}

/** The user's config.json as main wrote it, or `undefined` while there is none. */
async function userConfigFile(bridge: FakeBridge): Promise<unknown> {
  try {
    return JSON.parse(await readFile(bridge.userConfigPath, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const saves = (bridge: FakeBridge) => bridge.calls.filter((c) => c.channel === 'settings:save');

test('a stricter idle-lock time is saved to the user config.json and shown after a reload', async ({
  page,
  context,
}) => {
  const bridge = await openSettings(page, context);
  await expect(page.getByTestId('settings-storage')).toHaveText(
    `Your own settings are saved in ${bridge.userConfigPath}.`,
  );
  const minutes = page.getByLabel(IDLE_LABEL);
  // Nothing configured: the default of 10 minutes is the longest allowed.
  await expect(minutes).toHaveValue('10');
  await expect(page.getByTestId('settings-security')).toContainText('Minutes, from 1 to 10.');

  await minutes.fill('5');
  await page.getByTestId('settings-security-save').click();
  await expect(page.getByTestId('settings-security-status')).toHaveText(
    'Saved. The changes apply from your next sign-in.',
  );
  expect(saves(bridge).map((c) => c.request)).toEqual([{ 'security.idleLockMinutes': 5 }]);
  // main rewrote only the edited field (a new file also needs `servers` to validate).
  expect(await userConfigFile(bridge)).toEqual({
    servers: [],
    security: { idleLockMinutes: 5 },
  });

  // A restart of the window: the vault restores the session, main answers the new value.
  await page.reload();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(page.getByLabel(IDLE_LABEL)).toHaveValue('5');
  expect(bridge.violations).toEqual([]);
});

test('an idle-lock time longer than allowed is refused at the field and nothing is saved', async ({
  page,
  context,
}) => {
  const bridge = await openSettings(page, context);
  const minutes = page.getByLabel(IDLE_LABEL);
  await minutes.fill('30');
  await page.getByTestId('settings-security-save').click();

  await expect(page.getByTestId('settings-security-status')).toHaveText(
    'Not saved: please correct the marked settings. Your previous settings are kept.',
  );
  await expect(minutes).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('settings-security')).toContainText(
    'Enter a whole number from 1 to 10.',
  );
  // What was typed stays for correcting; main was never asked and no file was written.
  await expect(minutes).toHaveValue('30');
  expect(saves(bridge)).toEqual([]);
  expect(await userConfigFile(bridge)).toBeUndefined();

  // Leaving without saving and coming back shows the setting as it is.
  await page.reload();
  await expect(page.getByLabel(IDLE_LABEL)).toHaveValue('10');
  expect(bridge.violations).toEqual([]);
});

test('a downloaded update is announced; "Restart and install now" waits for the call to end', async ({
  page,
  context,
}) => {
  const bridge = await openSettings(page, context);
  const status = page.getByTestId('update-status');
  await expect(status).toHaveText('No update is waiting to be installed.');
  await expect(page.getByTestId('update-install')).toHaveCount(0);
  await expect(page.getByTestId('update-notice')).toHaveText('');

  // electron-updater finished a download: main's Updater announces it to the window.
  bridge.autoUpdater.emit('update-downloaded', { version: '2.4.0' });
  const notice = page
    .getByTestId('update-notice')
    .getByRole('link', { name: 'Update 2.4.0 ready' });
  await expect(notice).toBeVisible();
  await expect(status).toHaveText('Version 2.4.0 has been downloaded and is ready to install.');
  const install = page.getByRole('button', { name: 'Restart and install now' });
  await expect(install).toBeVisible();

  // The notice leads to Settings from anywhere.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('settings-page')).toHaveCount(0);
  await notice.click();
  await expect(page.getByTestId('settings-page')).toBeVisible();

  // A call starts, reported the way the consultation dock reports it (ConsultDock.tsx).
  await page.evaluate(`window.workstation.invoke('updates:set-call-active', { active: true })`);
  await expect(status).toContainText(
    'A call is running: the workstation will not restart during it.',
  );
  await install.click();
  await expect(page.getByTestId('update-deferred')).toHaveText(
    'Not restarted: a call is running. The update installs when the app quits after the call.',
  );
  expect(bridge.autoUpdater.installs).toBe(0);

  // The call ends: now main quits and installs.
  await page.evaluate(`window.workstation.invoke('updates:set-call-active', { active: false })`);
  await expect(status).toHaveText('Version 2.4.0 has been downloaded and is ready to install.');
  await install.click();
  await expect(page.getByTestId('update-attempt')).toHaveText('Restarting to install the update…');
  expect(bridge.autoUpdater.installs).toBe(1);
  expect(bridge.violations).toEqual([]);
});
