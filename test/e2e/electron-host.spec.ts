/**
 * ElectronHost through a fake preload bridge (test/support/fake-bridge.ts) in plain Chromium:
 * sign-in in the "system browser" (a second page of the same context) with the redirect
 * caught on the loopback URI (RFC 8252 §7.3), EHR launches pushed as `launch:ehr` events or
 * handed over by `launch:pending` on a cold start, the vault refusing to store tokens, and a
 * server list fixed by the clinic's machine-wide file (read by main's own config code).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  installFakeBridge,
  signInThroughSystemBrowser,
  type FakeBridge,
} from '../support/fake-bridge';
import { appUrl, demoPatient, failOnPageErrors, fhirBaseUrl, weber } from './support';

/** The system browser's part of a sign-in, as dr. Weber (see signInThroughSystemBrowser). */
function signInInSystemBrowser(
  app: Page,
  context: BrowserContext,
  bridge: FakeBridge,
  patientName?: string,
): Promise<URL> {
  return signInThroughSystemBrowser(app, context, bridge, weber, patientName);
}

/** An EHR launch id from the sandbox's simulated EHR (`/ehr/launch` answers with a 302). */
async function ehrLaunchFor(patientId: string): Promise<{ iss: string; launch: string }> {
  const origin = new URL(fhirBaseUrl()).origin;
  // The sandbox only redirects to http(s) launch URLs; the location is read, never followed.
  const app = encodeURIComponent('http://127.0.0.1:9/launch');
  const res = await fetch(`${origin}/ehr/launch?app=${app}&patient=${patientId}`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const target = new URL(res.headers.get('location') ?? '');
  const iss = target.searchParams.get('iss');
  const launch = target.searchParams.get('launch');
  if (!iss || !launch) throw new Error(`no iss/launch in ${target.toString()}`);
  return { iss, launch };
}

async function openApp(page: Page, options: Partial<Parameters<typeof installFakeBridge>[1]> = {}) {
  failOnPageErrors(page);
  const bridge = await installFakeBridge(page, { fhirBaseUrl: fhirBaseUrl(), ...options });
  await page.goto(appUrl());
  return bridge;
}

const channels = (bridge: FakeBridge) => bridge.calls.map((c) => c.channel);

test('signs in through the system browser and the loopback redirect; tokens go to the vault', async ({
  page,
  context,
}) => {
  const patient = demoPatient('sandbox-hypertension');
  const bridge = await openApp(page);
  await expect(page.getByTestId('server-picker')).toBeVisible();
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('waiting-for-browser')).toBeVisible();

  const authorizeUrl = await signInInSystemBrowser(page, context, bridge, patient.name);
  expect(authorizeUrl.origin).toBe(new URL(fhirBaseUrl()).origin);
  const query = authorizeUrl.searchParams;
  expect(query.get('response_type')).toBe('code');
  expect(query.get('client_id')).toBe('clinician-workstation');
  expect(query.get('redirect_uri')).toBe(bridge.redirectUri);
  expect(query.get('code_challenge_method')).toBe('S256');
  expect(query.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  // A random UUID carries 122 random bits.
  expect(query.get('state')).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );

  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await expect(page.getByTestId('patient-name')).toContainText('Margaret Thompson');
  const stored = bridge.calls.find((c) => c.channel === 'secrets:set')?.request;
  expect(stored).toMatchObject({ key: 'smart.session.sandbox' });
  expect(bridge.secrets.has('smart.session.sandbox')).toBe(true);

  // The vault outlives the page: a reload restores the session without signing in again.
  await page.reload();
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  expect(bridge.calls.filter((c) => c.channel === 'shell:open-external')).toHaveLength(1);

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('server-picker')).toBeVisible();
  expect(bridge.calls.find((c) => c.channel === 'secrets:delete')?.request).toEqual({
    key: 'smart.session.sandbox',
  });
  // Tokens are gone; only the offline cache's wrapped data key stays (the cache stays
  // encrypted at rest for the same user's next sign-in unless wipe-on-sign-out is set).
  expect([...bridge.secrets.keys()].filter((k) => !k.startsWith('cache.key.'))).toEqual([]);
  expect(bridge.violations).toEqual([]);
});

test('an EHR launch pushed as a launch:ehr event signs in straight to that patient', async ({
  page,
  context,
}) => {
  const bridge = await openApp(page);
  await expect(page.getByTestId('server-picker')).toBeVisible();
  const launch = await ehrLaunchFor('sandbox-diabetes');
  await bridge.emit('launch:ehr', launch);
  await expect(page.getByTestId('waiting-for-browser')).toBeVisible();

  const authorizeUrl = await signInInSystemBrowser(page, context, bridge);
  expect(authorizeUrl.searchParams.get('launch')).toBe(launch.launch);
  expect(authorizeUrl.searchParams.get('aud')).toBe(launch.iss);
  expect(authorizeUrl.searchParams.get('scope')?.split(' ')).toContain('launch');
  await expect(page.getByTestId('patient-name')).toContainText(
    demoPatient('sandbox-diabetes').name,
  );
  expect(bridge.violations).toEqual([]);
});

test('a cold-start EHR launch kept by main (launch:pending) is taken once at start-up', async ({
  page,
  context,
}) => {
  const launch = await ehrLaunchFor('sandbox-diabetes');
  const bridge = await openApp(page, { pendingLaunch: launch });
  await expect(page.getByTestId('waiting-for-browser')).toBeVisible();

  const authorizeUrl = await signInInSystemBrowser(page, context, bridge);
  expect(authorizeUrl.searchParams.get('launch')).toBe(launch.launch);
  await expect(page.getByTestId('patient-name')).toContainText(
    demoPatient('sandbox-diabetes').name,
  );
  expect(channels(bridge).filter((c) => c === 'launch:pending')).toHaveLength(1);
  expect(bridge.violations).toEqual([]);
});

test('when the vault refuses secrets, sign-in still works and tokens stay in memory', async ({
  page,
  context,
}) => {
  const refusal = 'Secure storage unavailable (basic_text) — secrets kept for this session only';
  const bridge = await openApp(page, { refuseSecrets: refusal, secretsPersistent: false });
  await page.getByTestId('sign-in').click();
  await signInInSystemBrowser(page, context, bridge, demoPatient('sandbox-hypertension').name);

  await expect(page.getByTestId('patient-name')).toContainText('Margaret Thompson');
  // The clinician is told that the sign-in will not survive a restart.
  await expect(page.locator('[data-banner-id="secrets-not-persistent"]')).toContainText(
    'not saved on this computer',
  );
  expect(channels(bridge)).toContain('secrets:set');
  expect(bridge.secrets.size).toBe(0);

  // Nothing reached the vault, so a restart (here: reload) asks for sign-in again.
  await page.reload();
  await expect(page.getByTestId('server-picker')).toBeVisible();
  expect(bridge.violations).toEqual([]);
});

test('a server list fixed by the clinic hides "Add a server" and never offers own servers', async ({
  page,
}) => {
  const own = {
    id: 'custom-research-example',
    name: 'Own research server',
    fhirBaseUrl: 'https://research.example/fhir',
    clientId: 'clinician-workstation',
  };
  // Added on an earlier day, when the clinic did not yet fix the list (custom-servers.ts).
  await page.addInitScript(
    `localStorage.setItem('cw.servers.custom', ${JSON.stringify(JSON.stringify([own]))})`,
  );
  const bridge = await openApp(page, {
    managedConfig: {
      servers: [
        {
          id: 'clinic',
          name: 'Clinic FHIR server',
          fhirBaseUrl: fhirBaseUrl(),
          clientId: 'clinician-workstation',
        },
      ],
    },
  });
  const picker = page.getByTestId('server-picker');
  await expect(picker.getByRole('radio')).toHaveCount(1);
  await expect(picker.getByRole('radio', { name: /Clinic FHIR server/ })).toBeChecked();
  await expect(picker).not.toContainText('Own research server');
  await expect(page.getByTestId('add-server')).toHaveCount(0);
  await expect(page.getByTestId('servers-locked')).toHaveText(
    'Your clinic sets which servers you can use, so servers of your own cannot be added or used here.',
  );
  // The clinician's own list is kept, unused, for a clinic that lifts the lock.
  expect(await page.evaluate(`localStorage.getItem('cw.servers.custom')`)).toBe(
    JSON.stringify([own]),
  );
  expect(bridge.violations).toEqual([]);
});
