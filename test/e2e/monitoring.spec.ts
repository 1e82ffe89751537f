/**
 * Remote monitoring end to end (issue 5), in real Chromium against its own browser host
 * (sandbox + signaling with the companion API), so the readings it adds touch no other spec:
 * the clinician gives the patient their link → the patient submits a high blood pressure on
 * the patient page → the triage shows the patient red within seconds → the clinician
 * acknowledges the alert, invalidates a reading and sends feedback → the patient page shows
 * the feedback; the acknowledgement, the invalidation and the feedback are on the FHIR server
 * afterwards, exactly once each.
 */
import { expect, test, type Page } from '@playwright/test';
import type { Bundle, Communication, FhirResource, Observation, Provenance, Task } from 'fhir/r4';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { demoPatient, failOnPageErrors, signIn } from './support';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let host: WebHostProcess;

test.beforeAll(async () => {
  host = await startWebHostProcess([]);
});

test.afterAll(async () => {
  await host.stop();
});

async function search<T extends FhirResource>(query: string): Promise<T[]> {
  const { access_token: token } = await getSandboxToken(
    { origin: new URL(host.fhirBaseUrl).origin, fhirBaseUrl: host.fhirBaseUrl },
    { username: 'dr.weber', scope: 'openid fhirUser user/*.rs' },
  );
  const response = await fetch(`${host.fhirBaseUrl}/${query}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  expect(response.status).toBe(200);
  const bundle = (await response.json()) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as T);
}

function triageRow(page: Page, patientId: string) {
  return page.locator(`[data-testid="triage-row"][data-patient-id="${patientId}"]`);
}

test('a high home blood pressure reaches triage, and the clinician’s feedback reaches the patient', async ({
  page,
  browser,
}) => {
  failOnPageErrors(page);
  const patient = demoPatient('sandbox-hypertension');
  await signIn(page, { patientName: patient.name, baseUrl: host.url });

  // The triage: every monitored patient; this one has missed readings, nothing red yet.
  await page.getByTestId('nav-monitoring').click();
  await expect(triageRow(page, patient.id)).toBeVisible({ timeout: 60_000 });
  await expect(triageRow(page, patient.id)).not.toHaveAttribute('data-category', 'red');

  // The patient's link, from their monitoring view.
  await triageRow(page, patient.id).getByRole('link').click();
  await expect(page.getByTestId('patient-monitoring')).toBeVisible();
  await page.getByTestId('companion-link-create').click();
  const link = await page.getByTestId('companion-link').inputValue();
  expect(link).toMatch(/\/patient\.html#companion=/);

  // The patient, on their phone, submits a high blood pressure.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const patientPage = await phone.newPage();
  failOnPageErrors(patientPage);
  await patientPage.goto(link);
  await patientPage.getByTestId('companion-metric').selectOption('blood-pressure');
  await patientPage.getByTestId('companion-systolic').fill('192');
  await patientPage.getByTestId('companion-diastolic').fill('114');
  await patientPage.getByTestId('companion-submit').click();
  await expect(patientPage.getByTestId('companion-saved')).toBeVisible();

  // Within seconds the triage shows the patient red, with the reason.
  await page.getByTestId('nav-monitoring').click();
  const row = triageRow(page, patient.id);
  await expect(row).toHaveAttribute('data-category', 'red', { timeout: 20_000 });
  // Both components are above their red limits; the reason names one with its value.
  await expect(row.getByTestId('triage-reason')).toHaveText(/(192|114) mmHg: above the red limit/);

  // Acknowledge with a note, then invalidate the reading the patient sent.
  await row.getByRole('link').click();
  const alert = page.getByTestId('monitoring-alert').filter({ hasText: '192' }).first();
  await expect(alert).toHaveAttribute('data-level', 'red');
  const alertId = await alert.getAttribute('data-alert-id');
  await alert.getByTestId('ack').click();
  await alert.getByTestId('ack-note').fill('Called the patient; repeat measurement advised.');
  await alert.getByTestId('ack-confirm').click();
  await expect(page.getByTestId('monitoring-alert').filter({ hasText: '192' })).toHaveCount(0, {
    timeout: 20_000,
  });

  // Feedback in the patient's language, edited before sending.
  await page
    .getByTestId('feedback-text')
    .fill(
      'Your blood pressure was high. Please measure again tonight and call us if it stays above 180.',
    );
  await page.getByTestId('feedback-send').click();
  await expect(patientPage.getByTestId('companion-message').first()).toContainText(
    'measure again tonight',
    { timeout: 30_000 },
  );

  const reading = page
    .locator('[data-metric="blood-pressure"] [data-testid="reading-row"]')
    .filter({ hasText: '192/114' })
    .first();
  await reading.getByTestId('invalidate').click();
  await reading.getByTestId('invalidate-reason').fill('Cuff too small, patient re-measured');
  await reading.getByTestId('invalidate-confirm').click();
  await expect(reading).toHaveAttribute('data-status', 'entered-in-error', { timeout: 20_000 });

  // On the FHIR server: one acknowledgement, the reading invalidated with one Provenance, one message.
  await expect
    .poll(async () => {
      const tasks = await search<Task>(`Task?patient=${patient.id}&_count=100`);
      return tasks.filter((t) => t.input?.some((i) => i.valueString === alertId)).length;
    })
    .toBe(1);
  const observations = await search<Observation>(
    `Observation?patient=${patient.id}&code=85354-9&_sort=-date&_count=5`,
  );
  const invalidated = observations.filter((o) => o.status === 'entered-in-error');
  expect(invalidated).toHaveLength(1);
  await expect
    .poll(async () => {
      const provenances = await search<Provenance>('Provenance?_count=500');
      return provenances.filter((p) =>
        p.target.some((t) => t.reference === `Observation/${invalidated[0]?.id ?? ''}`),
      ).length;
    })
    .toBe(1);
  const messages = await search<Communication>(`Communication?patient=${patient.id}&_count=50`);
  expect(
    messages.filter((m) => m.payload?.[0]?.contentString?.includes('measure again tonight')),
  ).toHaveLength(1);
  await phone.close();
});
