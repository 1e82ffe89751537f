/** Signs a bench page in through the sandbox's real SMART flow and opens a patient's chart. */
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../server/sandbox/index';

export async function signIn(page: Page, appUrl: string, patientName: string): Promise<void> {
  const account = DEMO_ACCOUNTS[0];
  if (!account) throw new Error('no demo account');
  await page.goto(appUrl);
  await page.getByTestId('sign-in').click();
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: patientName, exact: true }).click();
  await page.getByTestId('patient-chart').waitFor({ timeout: 120_000 });
}
