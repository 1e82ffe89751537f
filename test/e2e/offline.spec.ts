/**
 * Offline-first records (issue 3): a chart opened online stays readable when the FHIR server
 * is down and the browser is offline, with the outage and the age of the data said; a note
 * written offline reaches the server exactly once when it is back. The sandbox runs as its own
 * process here (with a state folder) so it can be killed and restarted by PID.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Bundle, DocumentReference } from 'fhir/r4';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { freePort, startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { demoPatient, failOnPageErrors, signIn } from './support';

let stateDir: string;
let sandbox: SandboxProcess;
let web: WebHostProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'cw-offline-'));
  const webPort = await freePort();
  sandbox = await startSandboxProcess({
    stateDir,
    appLaunchUrl: `http://127.0.0.1:${webPort}/`,
  });
  web = await startWebHostProcess([
    '--port',
    String(webPort),
    '--sandbox-url',
    sandbox.fhirBaseUrl,
  ]);
});

test.afterAll(async () => {
  await web.stop();
  await sandbox.stop();
  await rm(stateDir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => failOnPageErrors(page));

/** Notes on the server whose text contains `marker`, read with a fresh token. */
async function notesOnServer(patientId: string, marker: string): Promise<number> {
  const { access_token: token } = await getSandboxToken(sandbox, {
    username: 'dr.weber',
    scope: 'openid fhirUser user/*.rs',
  });
  const response = await fetch(
    `${sandbox.fhirBaseUrl}/DocumentReference?patient=${patientId}&_count=500`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? [])
    .map((e) => e.resource as DocumentReference)
    .filter((doc) => {
      const data = doc.content[0]?.attachment.data;
      return data !== undefined && Buffer.from(data, 'base64').toString('utf8').includes(marker);
    }).length;
}

test('a cached chart stays readable offline, and a note written offline arrives once', async ({
  page,
  context,
}) => {
  test.slow();
  const patient = demoPatient('sandbox-hypertension');
  await signIn(page, { patientName: patient.name, baseUrl: web.url });
  await expect(page.getByTestId('patient-chart')).toBeVisible();
  await expect(page.getByTestId('chart-as-of')).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // The outage: the FHIR server dies and the network goes.
  await sandbox.stop('SIGKILL');
  await context.setOffline(true);
  await page.reload();

  await expect(page.getByTestId('patient-name')).toContainText(patient.name);
  await expect(page.getByTestId('summary-problems')).toContainText(
    patient.knownValues.condition ?? 'missing known value',
  );
  await expect(page.locator('[data-banner-id="offline"]')).toContainText('Offline');
  await expect(page.getByTestId('chart-as-of')).toContainText('As of');
  await expect(page.getByTestId('summary-problems').getByTestId('card-as-of')).toContainText(
    'As of',
  );

  const marker = `offline-note-${Date.now()}`;
  await page.getByTestId('tab-notes').click();
  await page.getByLabel('New note').fill(`Patient called; BP diary reviewed. ${marker}`);
  await page.getByTestId('save-note').click();
  const row = page.getByTestId('note-row').filter({ hasText: marker });
  await expect(row).toHaveAttribute('data-state', 'pending');

  // Still pending across a reload during the outage.
  await page.reload();
  await page.getByTestId('tab-notes').click();
  await expect(page.getByTestId('note-row').filter({ hasText: marker })).toHaveAttribute(
    'data-state',
    'pending',
  );

  // The server comes back.
  await sandbox.restart();
  await context.setOffline(false);
  await expect(page.getByTestId('note-row').filter({ hasText: marker })).toHaveAttribute(
    'data-state',
    'sent',
    { timeout: 45_000 },
  );
  expect(await notesOnServer(patient.id, marker)).toBe(1);
});

test('when only the server was down, the outage banner goes by itself once it is back', async ({
  page,
}) => {
  test.slow();
  const patient = demoPatient('sandbox-diabetes');
  await signIn(page, { patientName: patient.name, baseUrl: web.url });
  await expect(page.getByTestId('chart-as-of')).toBeVisible();

  await sandbox.stop('SIGKILL');
  // Any request now fails: opening a chart that is not cached yet.
  await page.goto(page.url().replace(/#.*$/, '#/patient/sandbox-copd'));
  await expect(page.getByTestId('chart-error')).toHaveAttribute('data-kind', 'unreachable');
  await expect(page.locator('[data-banner-id="offline"]')).toBeVisible();

  // The browser never went offline, so only the periodic health check can notice the return.
  await sandbox.restart();
  await expect(page.locator('[data-banner-id="offline"]')).toHaveCount(0, { timeout: 40_000 });
});
