/**
 * Bad input gets a clear answer and nothing is lost: unreachable and non-SMART servers in the
 * connection check, an OperationOutcome shown readably, and a 401 in the middle of a session
 * recovered by a token refresh against the real sandbox without losing the open view.
 */
import { expect, test } from '@playwright/test';
import { appUrl, demoPatient, failOnPageErrors, fhirBaseUrl, signIn } from './support';

test.beforeEach(({ page }) => failOnPageErrors(page));

test('the connection check says in plain words why a server cannot be used', async ({ page }) => {
  await page.goto(appUrl());
  await page.getByTestId('add-server').click();
  const form = page.getByTestId('add-server-form');
  await form.getByLabel('Name').fill('Closed port');
  // Port 9 (discard) on loopback: nothing listens there.
  await form.getByLabel('FHIR base URL').fill('http://127.0.0.1:9/fhir');
  await form.getByLabel('Client ID').fill('clinician-workstation');
  await page.getByTestId('check-connection').click();
  const result = page.getByTestId('connection-check');
  await expect(result).toContainText('could not be reached');
  await expect(result).toHaveAttribute('data-usable', 'false');
  await expect(page.getByTestId('save-server')).toBeDisabled();

  // The browser host itself is a web server but not a SMART server.
  await form.getByLabel('FHIR base URL').fill(`${appUrl()}not-fhir`);
  await page.getByTestId('check-connection').click();
  await expect(result).toContainText('no SMART sign-in information');
  await expect(result).toHaveAttribute('data-usable', 'false');

  // The real sandbox passes.
  await form.getByLabel('FHIR base URL').fill(fhirBaseUrl());
  await page.getByTestId('check-connection').click();
  await expect(result).toHaveAttribute('data-usable', 'true');
  await expect(result).toContainText('supports sign-in');
});

test("a server's OperationOutcome is shown readably, with retry", async ({ page }) => {
  await signIn(page, { patientName: demoPatient('sandbox-empty').name });
  await page.goto(page.url().replace(/#.*$/, '#/patient/no-such-patient'));
  const error = page.getByTestId('chart-error');
  await expect(error).toBeVisible();
  await expect(error.getByTestId('operation-outcome')).toContainText('no-such-patient');
  await expect(error.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(error).toContainText(fhirBaseUrl());
});

test('a 401 mid-session is recovered by a refresh without losing the view', async ({ page }) => {
  const patient = demoPatient('sandbox-copd');
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('patient-chart')).toBeVisible();

  // The next FHIR read is answered as if the access token had been revoked; the app must
  // refresh it at the real token endpoint and retry.
  let rejected = 0;
  let refreshed = 0;
  await page.route(`${fhirBaseUrl()}/Patient?**`, async (route) => {
    if (rejected === 0) {
      rejected++;
      await route.fulfill({
        status: 401,
        headers: {
          'Content-Type': 'application/fhir+json',
          'WWW-Authenticate': 'Bearer error="invalid_token"',
          'Access-Control-Allow-Origin': new URL(appUrl()).origin,
          'Access-Control-Expose-Headers': 'WWW-Authenticate',
        },
        body: JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'login', diagnostics: 'token revoked' }],
        }),
      });
      return;
    }
    await route.continue();
  });
  page.on('request', (request) => {
    if (request.url().endsWith('/auth/token') && request.method() === 'POST') refreshed++;
  });

  await page.goto(page.url().replace(/#.*$/, '#/search'));
  await page.getByTestId('patient-search').getByLabel('Name').fill('walsh');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('patient-row')).toContainText('Patricia Walsh');
  expect(rejected).toBe(1);
  expect(refreshed).toBe(1);
  await expect(page.getByTestId('sign-in-prompt')).toHaveCount(0);
});

test('offline: a reload still opens the app; an uncached chart names the unreachable server', async ({
  page,
  context,
}) => {
  const patient = demoPatient('sandbox-child-asthma');
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('patient-chart')).toBeVisible();
  // The service worker that keeps the app shell must be in control before the outage.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('app-header')).toBeVisible();
  // The chart opened before comes from the encrypted cache, and the outage is said.
  await expect(page.getByTestId('patient-name')).toContainText(patient.name);
  await expect(page.locator('[data-banner-id="offline"]')).toContainText('Offline');

  // A chart never opened before cannot come from anywhere: the server is named, with Retry.
  const other = demoPatient('sandbox-atrial-fibrillation');
  await page.goto(page.url().replace(/#.*$/, `#/patient/${other.id}`));
  const error = page.getByTestId('chart-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-kind', 'unreachable');
  await expect(error).toContainText(fhirBaseUrl());

  await context.setOffline(false);
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('patient-chart')).toBeVisible();
  await expect(page.getByTestId('patient-name')).toContainText(other.name);
  await expect(page.locator('[data-banner-id="offline"]')).toHaveCount(0);
});
