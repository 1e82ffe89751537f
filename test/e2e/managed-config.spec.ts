/**
 * Managed clinic configuration (issue 7 item 2) in the browser host: a machine-wide file that
 * fixes the servers and the idle-lock time shows them locked in Settings, with the file named;
 * a broken machine-wide file makes the app start on an error screen naming the file and the
 * field, with no sign-in offered. Each test starts its own web host with its own file (once
 * through `CW_MANAGED_CONFIG`, once through `--managed-config`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SANDBOX_CLIENT_ID } from '../../shared/config/app-config';
import { freePort, startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { demoPatient, failOnPageErrors, signIn } from './support';

let dir: string;
const running: { stop(): Promise<void> }[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cw-managed-'));
});

test.afterEach(async () => {
  // Web host first, then the sandbox it points at.
  for (const proc of running.splice(0).reverse()) await proc.stop();
});

test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.beforeEach(({ page }) => failOnPageErrors(page));

test('settings shows the clinic-fixed servers and idle-lock time as locked', async ({ page }) => {
  test.slow();
  const webPort = await freePort();
  const sandbox: SandboxProcess = await startSandboxProcess({
    stateDir: join(dir, 'sandbox-state'),
    appLaunchUrl: `http://127.0.0.1:${String(webPort)}/`,
  });
  running.push(sandbox);
  const managedFile = join(dir, 'clinic.json');
  await writeFile(
    managedFile,
    JSON.stringify({
      servers: [
        {
          id: 'clinic',
          name: 'Clinic FHIR server',
          fhirBaseUrl: sandbox.fhirBaseUrl,
          clientId: SANDBOX_CLIENT_ID,
        },
      ],
      security: { idleLockMinutes: 7 },
    }),
  );
  // `--sandbox-url` only tells the test helper where FHIR is: the machine file lists a server,
  // so the web host offers that one and no sandbox of its own.
  const web: WebHostProcess = await startWebHostProcess(
    ['--port', String(webPort), '--sandbox-url', sandbox.fhirBaseUrl],
    { env: { CW_MANAGED_CONFIG: managedFile } },
  );
  running.push(web);

  await signIn(page, { patientName: demoPatient('sandbox-hypertension').name, baseUrl: web.url });
  await page.getByTestId('nav-settings').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  const servers = page.getByTestId('setting-servers');
  await expect(servers).toHaveAttribute('data-locked', 'true');
  await expect(servers).toContainText('Clinic FHIR server');
  await expect(servers).toContainText(sandbox.fhirBaseUrl);
  await expect(servers).toContainText(`Set by your clinic (${managedFile})`);

  const idle = page.getByTestId('setting-security.idleLockMinutes');
  await expect(idle).toHaveAttribute('data-locked', 'true');
  await expect(idle).toContainText('7');
  await expect(idle).toContainText(`Set by your clinic (${managedFile})`);
  // Locked means not editable: no input for the minutes anywhere on the page.
  await expect(page.getByLabel('Minutes')).toHaveCount(0);

  // A setting the file leaves out stays unlocked.
  await expect(page.getByTestId('setting-cache.retentionDays')).toHaveAttribute(
    'data-locked',
    'false',
  );
});

test('a broken clinic file: the app starts on an error screen naming file and field', async ({
  page,
}) => {
  const managedFile = join(dir, 'broken.json');
  await writeFile(managedFile, JSON.stringify({ security: { idleLockMinutes: 0 } }));
  // Nothing listens at this sandbox URL; a blocked host offers no server, so none is needed.
  const web = await startWebHostProcess([
    '--managed-config',
    managedFile,
    '--sandbox-url',
    'http://127.0.0.1:9/fhir',
  ]);
  running.push(web);

  await page.goto(web.url);
  const screen = page.getByTestId('config-problem');
  await expect(screen).toBeVisible();
  await expect(screen).toHaveAttribute('data-blocking', 'true');
  await expect(
    screen.getByRole('heading', { name: 'The clinic configuration has a problem' }),
  ).toBeVisible();
  await expect(screen.getByTestId('config-problem-path')).toHaveText(managedFile);
  await expect(screen.getByTestId('config-problem-field')).toHaveText('security.idleLockMinutes');
  await expect(screen).toContainText('must be a whole number of minutes from 1 to 240');
  // Never silently ignored: no sign-in and no way past.
  await expect(page.getByTestId('server-picker')).toHaveCount(0);
  await expect(page.getByTestId('config-problem-continue')).toHaveCount(0);
});
