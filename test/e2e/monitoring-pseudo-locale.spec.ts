/**
 * The remote-monitoring screens under the `qps` pseudo-locale: the triage list, and the
 * patient monitoring view with its alerts, snooze form, thresholds (with the add form and a
 * validation message), feedback composer, trends and readings. Visible text without the
 * ⟦ ⟧ markers bypassed i18n; names, values, devices, times and the feedback text (in the
 * patient's language) are data, marked data-i18n-ignore. Uses the global host, whose sandbox
 * moves the monitoring readings to today (SANDBOX_ANCHOR default), so alerts are on screen.
 */
import { expect, test } from '@playwright/test';
import { demoPatient, failOnPageErrors, signIn, untranslated } from './support';

test.describe.configure({ timeout: 120_000 });

test('triage and the patient monitoring view go through i18n', async ({ page }) => {
  failOnPageErrors(page);
  const patient = demoPatient('sandbox-heart-failure');
  await signIn(page, { patientName: patient.name, query: '?lng=qps' });

  await page.getByTestId('nav-monitoring').click();
  const row = page.locator(`[data-testid="triage-row"][data-patient-id="${patient.id}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('triage-as-of')).toBeVisible();
  expect(await untranslated(page), 'triage').toEqual([]);

  // A control: the check does find untranslated text on this screen.
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.id = 'untranslated-probe';
    probe.textContent = 'Plain English text';
    document.querySelector('[data-testid="triage-page"]')?.append(probe);
  });
  expect(await untranslated(page)).toContain('Plain English text');
  await page.evaluate(() => document.getElementById('untranslated-probe')?.remove());

  await row.getByRole('link').click();
  await expect(page.getByTestId('patient-monitoring')).toBeVisible();
  await expect(page.getByTestId('metric-section').first()).toBeVisible();
  await expect(page.getByTestId('threshold-editor')).toBeVisible();
  expect(await untranslated(page), 'patient monitoring view').toEqual([]);

  // The forms: snooze through a date, and a new threshold with a validation message.
  const alert = page.getByTestId('monitoring-alert').first();
  await expect(alert).toBeVisible();
  await alert.getByTestId('snooze-date').click();
  await expect(alert.getByTestId('snooze-until-date')).toBeVisible();
  const weight = page.locator('[data-testid="metric-thresholds"][data-metric="weight"]');
  await weight.getByTestId('threshold-add').click();
  await weight.getByTestId('threshold-kind').selectOption('rise');
  await weight.getByTestId('threshold-value').fill('0');
  await expect(weight.getByTestId('threshold-errors')).toBeVisible();
  expect(await untranslated(page), 'snooze and threshold forms').toEqual([]);

  // The same control on the patient view.
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.textContent = 'Plain English text';
    document.querySelector('[data-testid="patient-monitoring"]')?.append(probe);
  });
  expect(await untranslated(page)).toContain('Plain English text');
});
