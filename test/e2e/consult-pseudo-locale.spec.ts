/**
 * The consult screens under the `qps` pseudo-locale: the clinician's dock with its lobby card,
 * invitation link and QR code, and the patient page's device check. Visible text without the
 * ⟦ ⟧ markers bypassed i18n (names, links and times are data, marked data-i18n-ignore).
 */
import { expect, test } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';
import { demoPatient, failOnPageErrors, signIn, untranslated } from './support';

test.use({
  launchOptions: {
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
  permissions: ['camera', 'microphone'],
});

test('consult dock, lobby card and the patient page go through i18n', async ({ page, browser }) => {
  failOnPageErrors(page);
  await signIn(page, { patientName: demoPatient('sandbox-median').name, query: '?lng=qps' });
  await page.getByTestId('consult-start').click();
  const link = await page.getByTestId('invite-link').first().inputValue();
  await expect(page.getByRole('img').first()).toBeVisible();
  expect(await untranslated(page), 'consult dock with the invitation').toEqual([]);

  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const patient = await context.newPage();
  failOnPageErrors(patient);
  await patient.goto(link.replace('#', '?lng=qps#'));
  await expect(page.getByTestId('lobby-entry')).toBeVisible();
  await expect(page.getByTestId('lobby-readiness')).not.toContainText('⟦Checking');
  await expect(patient.locator('video').first()).toBeVisible();
  expect(await untranslated(patient), 'patient page: device check').toEqual([]);
  expect(await untranslated(page), 'clinician: lobby card').toEqual([]);
  // A control on the patient page: the check finds plain text there too.
  await patient.evaluate(() => {
    const probe = document.createElement('p');
    probe.textContent = 'Plain English text';
    document.body.append(probe);
  });
  expect(await untranslated(patient)).toContain('Plain English text');
  await context.close();
});
