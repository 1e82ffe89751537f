/**
 * Idle lock in the browser host (issue 7 item 5), end to end in Chromium against the sandbox:
 * sign in with SMART, open a chart, let the clock run past the idle time → the chart is gone
 * from the DOM (not covered) and the lock screen names the clinician; a reload stays locked;
 * signing in again as the same clinician brings the chart back, as someone else signs out.
 *
 * Time: Playwright's clock (`page.clock`) is installed before the app loads, so the idle
 * timer (setTimeout + Date.now) runs on it and `fastForward` jumps past the default 10 idle
 * minutes — no test-only configuration or URL switch exists in the app for this.
 *
 * Run (Debian chromium installed, see ../shared/TOOLCHAIN.md):
 *   npx electron-vite build && npx playwright test test/e2e/idle-lock.spec.ts
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/sandbox/index';
import { demoPatient, failOnPageErrors, signIn, weber } from './support';

const patient = demoPatient('sandbox-hypertension');
const PATIENT_NAME = 'Margaret Thompson';
/** Past the default `security.idleLockMinutes` (10). */
const PAST_IDLE = '10:30';

test.beforeEach(async ({ page }) => {
  failOnPageErrors(page);
  await page.clock.install();
});

async function openChart(page: Page): Promise<string> {
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('patient-banner').getByTestId('patient-name')).toContainText(
    PATIENT_NAME,
  );
  return new URL(page.url()).hash;
}

/** The patient's name anywhere in the page's markup: text, attributes, hidden nodes. */
async function nameInMarkup(page: Page): Promise<boolean> {
  return (await page.content()).includes(PATIENT_NAME);
}

async function signInOnSandboxPage(page: Page, account: { username: string; password: string }) {
  await expect(page.getByRole('heading', { name: 'Sign in to the SMART sandbox' })).toBeVisible();
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a patient' })).toBeVisible();
  await page.getByRole('button', { name: patient.name, exact: true }).click();
}

test('idle → chart removed from the DOM, lock screen; same clinician signs in → chart back', async ({
  page,
}) => {
  const chartRoute = await openChart(page);

  // Nine minutes of nothing: still open.
  await page.clock.fastForward('09:00');
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);

  await page.clock.fastForward('01:30');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(page.getByTestId('lock-user-name')).toContainText('Lena Weber');
  await expect(page.getByTestId('lock-reason')).toContainText('10 minutes without activity');
  await expect(page.getByTestId('lock-announcer')).toHaveText(
    'Workstation locked. Patient data hidden.',
  );
  // Gone, not covered: no banner element, and the name nowhere in the markup.
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
  await expect(page.getByTestId('patient-route')).toHaveCount(0);
  expect(await nameInMarkup(page)).toBe(false);
  // …nor in what assistive technology is given.
  const tree = await page.locator('body').ariaSnapshot();
  expect(tree).not.toContain(PATIENT_NAME);
  await expect(page.getByRole('heading', { name: 'Workstation locked', level: 1 })).toBeFocused();

  // A reload restores the session's tokens, but not an unlocked chart.
  await page.reload();
  await expect(lock).toBeVisible();
  expect(await nameInMarkup(page)).toBe(false);

  // Unlock: a fresh SMART authorization (prompt=login) as the same clinician.
  const authorize = page.waitForRequest((r) => r.url().includes('/auth/authorize'));
  await page.getByTestId('lock-reauth').click();
  expect(new URL((await authorize).url()).searchParams.get('prompt')).toBe('login');
  await signInOnSandboxPage(page, weber);

  await expect(page.getByTestId('patient-banner').getByTestId('patient-name')).toContainText(
    PATIENT_NAME,
  );
  await expect(lock).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe(chartRoute);
  await expect(page.getByTestId('current-user')).toContainText('Lena Weber');
});

test('someone else signing in at the lock screen signs the session out', async ({ page }) => {
  const rossi = DEMO_ACCOUNTS.find((a) => a.username === 'dr.rossi');
  if (!rossi) throw new Error('demo account dr.rossi missing');
  await openChart(page);
  await page.clock.fastForward(PAST_IDLE);
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  await page.getByTestId('lock-reauth').click();
  await signInOnSandboxPage(page, rossi);

  // Back on the server picker: neither Weber's chart nor Rossi's session.
  await expect(page.getByTestId('server-picker')).toBeVisible();
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
  expect(await nameInMarkup(page)).toBe(false);
});
