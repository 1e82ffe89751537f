/**
 * Every string the workstation shows goes through i18n: with the `qps` pseudo-locale each
 * translated string is wrapped in ⟦…⟧, so visible text without the markers is a string that
 * bypassed i18n. Data (names, values, server messages) is marked `data-i18n-ignore`.
 * The sandbox's own sign-in pages are not part of the app and are not checked.
 */
import { expect, test } from '@playwright/test';
import { CHART_TABS } from '../../renderer/src/features/records/chart-tabs';
import { demoPatient, failOnPageErrors, signIn, untranslated } from './support';

test.beforeEach(({ page }) => failOnPageErrors(page));

test('no visible string bypasses i18n (pseudo-locale)', async ({ page }) => {
  await page.goto(`${process.env.E2E_APP_URL ?? ''}?lng=qps`);
  await expect(page.getByTestId('server-picker')).toBeVisible();
  expect(await untranslated(page), 'server picker').toEqual([]);

  // A control: the check does find untranslated text when there is some.
  await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.id = 'untranslated-probe';
    probe.textContent = 'Plain English text';
    document.body.append(probe);
  });
  expect(await untranslated(page)).toContain('Plain English text');
  await page.evaluate(() => document.getElementById('untranslated-probe')?.remove());

  await signIn(page, { patientName: demoPatient('sandbox-median').name, query: '?lng=qps' });
  await expect(page.getByTestId('patient-chart')).toBeVisible();
  expect(await untranslated(page), 'chart summary').toEqual([]);

  for (const tab of CHART_TABS.filter((t) => t !== 'summary')) {
    const handle = page.getByTestId(`tab-${tab}`);
    if ((await handle.count()) === 0) throw new Error(`no tab-${tab} in the chart`);
    await handle.click();
    await expect(handle).toHaveAttribute('aria-selected', 'true');
    expect(await untranslated(page), `chart tab ${tab}`).toEqual([]);
  }

  await page.goto(page.url().replace(/#.*$/, '#/search'));
  await page.getByTestId('patient-search').getByRole('textbox').first().fill('zz-nobody');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('no-patients')).toBeVisible();
  expect(await untranslated(page), 'search, no results').toEqual([]);
});
