/**
 * Shared steps for E2E tests: every test drives the real UI in Chromium against the browser
 * host + sandbox started by global setup (test/support/global-setup.ts).
 */
import { expect, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PATIENTS } from '../../server/sandbox/index';

export function appUrl(query = ''): string {
  const url = process.env.E2E_APP_URL;
  if (!url) throw new Error('E2E_APP_URL not set: global setup did not start the web host');
  return `${url}${query}`;
}

export function fhirBaseUrl(): string {
  const url = process.env.E2E_FHIR_BASE_URL;
  if (!url) throw new Error('E2E_FHIR_BASE_URL not set: global setup did not start the sandbox');
  return url;
}

export const weber = (() => {
  const account = DEMO_ACCOUNTS.find((a) => a.username === 'dr.weber');
  if (!account) throw new Error('demo account dr.weber missing');
  return account;
})();

export function demoPatient(id: string): (typeof DEMO_PATIENTS)[number] {
  const patient = DEMO_PATIENTS.find((p) => p.id === id);
  if (!patient) throw new Error(`no demo patient ${id}`);
  return patient;
}

/** Fails the test on any uncaught page error (a crashed view is a bug, not noise). */
export function failOnPageErrors(page: Page): void {
  page.on('pageerror', (error) => {
    throw new Error(`uncaught error in the page: ${error.message}`);
  });
}

/**
 * Signs in through the sandbox's real SMART flow (standalone launch): server picker →
 * authorize page → credentials → patient picker. Returns when the app shows that patient.
 */
export async function signIn(
  page: Page,
  options: {
    patientName: string;
    query?: string;
    username?: string;
    password?: string;
    /** Another browser host than the global one (specs that start their own). */
    baseUrl?: string;
  },
): Promise<void> {
  await page.goto(`${options.baseUrl ?? appUrl()}${options.query ?? ''}`);
  await expect(page.getByTestId('server-picker')).toBeVisible();
  await page.getByTestId('sign-in').click();
  await expect(page.getByRole('heading', { name: 'Sign in to the SMART sandbox' })).toBeVisible();
  await page.getByLabel('Username').fill(options.username ?? weber.username);
  await page.getByLabel('Password').fill(options.password ?? weber.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a patient' })).toBeVisible();
  await page.getByRole('button', { name: options.patientName, exact: true }).click();
  await expect(page.getByTestId('patient-banner')).toBeVisible();
}

const FIND_UNTRANSLATED = `(() => {
  const offenders = [];
  const ignored = (el) => !el ||
    el.closest('[data-i18n-ignore], script, style, [hidden], [aria-hidden="true"], ' +
      '[class*="recharts-cartesian-axis-tick"], video') !== null ||
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

/**
 * Visible text and labels without the pseudo-locale markers ⟦ ⟧ (strings that bypassed i18n);
 * elements marked `data-i18n-ignore` (data), hidden ones and videos are skipped.
 */
export async function untranslated(page: Page): Promise<string[]> {
  const result: unknown = await page.evaluate(FIND_UNTRANSLATED);
  if (!Array.isArray(result)) throw new Error('in-page check returned no list');
  return result.map(String);
}

/** Patient page: device check → name and consent → waiting room (the knock happened on open). */
export async function completeSteps(page: Page, name: string): Promise<void> {
  await expect(page.getByText('Camera works.')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Your clinician has been told you are here.')).toBeVisible();
}
