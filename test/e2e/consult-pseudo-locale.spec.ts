/**
 * The consult screens under the `qps` pseudo-locale: the clinician's dock with its lobby card,
 * invitation link and QR code, and the patient page's device check. Visible text without the
 * ⟦ ⟧ markers bypassed i18n (names, links and times are data, marked data-i18n-ignore).
 */
import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';
import { demoPatient, failOnPageErrors, signIn } from './support';

test.use({
  launchOptions: {
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
  permissions: ['camera', 'microphone'],
});

/** Visible text and labels without the pseudo-locale markers (same rule as pseudo-locale.spec). */
const FIND_UNTRANSLATED = `(() => {
  const offenders = [];
  const ignored = (el) => !el ||
    el.closest('[data-i18n-ignore], script, style, [hidden], [aria-hidden="true"], video') !== null ||
    !el.checkVisibility();
  const marked = (text) => !/\\p{L}/u.test(text) || (text.includes('⟦') && text.includes('⟧'));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent || '').trim();
    if (text && !ignored(node.parentElement) && !marked(text)) offenders.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (ignored(el)) continue;
    for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && !marked(value)) offenders.push(attr + '="' + value + '"');
    }
  }
  return offenders;
})()`;

async function untranslated(page: Page): Promise<string[]> {
  const result: unknown = await page.evaluate(FIND_UNTRANSLATED);
  if (!Array.isArray(result)) throw new Error('in-page check returned no list');
  return result.map(String);
}

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
