/**
 * The audit trail end to end (issue 7, "Audit log"), in real Chromium against its own browser
 * host, so no other spec's chart openings are counted: the clinician signs in and the picked
 * patient's chart opens → the audit screen (#/audit, reached from the header) lists
 * "Chart opened" for that patient, and the FHIR AuditEvent is on the sandbox server exactly
 * once (sent through the outbox with the entry's id).
 *
 * Run: `npx electron-vite build && npx playwright test test/e2e/audit.spec.ts`
 * (Debian chromium; see ../shared/TOOLCHAIN.md). Needs the app to ask for `user/AuditEvent.c`
 * (renderer/src/fhir/scopes.ts), or the sandbox answers the outbox's PUT with 403.
 */
import { expect, test } from '@playwright/test';
import type { AuditEvent, Bundle } from 'fhir/r4';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { demoPatient, failOnPageErrors, signIn, weber } from './support';

const ACTION_SYSTEM = 'https://clinician-workstation.example/fhir/CodeSystem/audit-action';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let host: WebHostProcess;

test.beforeAll(async () => {
  host = await startWebHostProcess([]);
});

test.afterAll(async () => {
  await host.stop();
});

/** Every AuditEvent on this spec's sandbox that records opening this patient's chart. */
async function chartOpenedEvents(patientId: string): Promise<AuditEvent[]> {
  const { access_token: token } = await getSandboxToken(
    { origin: new URL(host.fhirBaseUrl).origin, fhirBaseUrl: host.fhirBaseUrl },
    { username: weber.username, scope: 'openid fhirUser user/*.rs' },
  );
  const response = await fetch(`${host.fhirBaseUrl}/AuditEvent?_count=500`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  expect(response.status).toBe(200);
  const bundle = (await response.json()) as Bundle<AuditEvent>;
  return (bundle.entry ?? [])
    .flatMap((e) => (e.resource ? [e.resource] : []))
    .filter(
      (event) =>
        event.subtype?.some((c) => c.system === ACTION_SYSTEM && c.code === 'chart-opened') &&
        event.entity?.some((e) => e.what?.reference === `Patient/${patientId}`),
    );
}

test('opening a chart is on the audit screen and on the FHIR server, exactly once', async ({
  page,
}) => {
  failOnPageErrors(page);
  const patient = demoPatient('sandbox-hypertension');
  // Signing in picks the patient, which opens their chart: one "chart opened".
  await signIn(page, { patientName: patient.name, baseUrl: host.url });

  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('heading', { name: 'My audit trail' })).toBeVisible();
  const row = page.locator(
    `[data-testid="audit-row"][data-action="chart-opened"][data-patient="Patient/${patient.id}"]`,
  );
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Chart opened');
  await expect(row).toContainText(`Patient/${patient.id}`);
  await expect(row).toContainText('Success');
  // The session's own start is there too.
  await expect(page.locator('[data-testid="audit-row"][data-action="signed-in"]')).toHaveCount(1);

  // The outbox sends it; the screen follows the outbox row live.
  await expect(
    row,
    'a "failed" state usually means the token lacks user/AuditEvent.c (renderer/src/fhir/scopes.ts)',
  ).toHaveAttribute('data-server-state', 'sent', { timeout: 30_000 });

  // On the server: exactly one AuditEvent, under the local entry's id, naming the clinician.
  await expect
    .poll(async () => (await chartOpenedEvents(patient.id)).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const [event] = await chartOpenedEvents(patient.id);
  expect(event?.id).toBe(await row.getAttribute('data-id'));
  expect(event?.type.code).toBe('110110');
  expect(event?.action).toBe('R');
  expect(event?.outcome).toBe('0');
  expect(event?.agent.find((a) => a.requestor)?.who?.reference).toMatch(
    new RegExp(`(^|/)Practitioner/${weber.practitionerId}$`),
  );

  // Visiting the audit screen and coming back is a new opening; staying on the screen and
  // refreshing is not.
  await page.getByTestId('audit-refresh').click();
  await expect(row).toHaveCount(1);
  await page.goBack();
  await expect(page.getByTestId('patient-banner')).toBeVisible();
  await page.getByTestId('nav-audit').click();
  await expect(row).toHaveCount(2);
  await expect
    .poll(async () => (await chartOpenedEvents(patient.id)).length, {
      timeout: 30_000,
    })
    .toBe(2);
});
