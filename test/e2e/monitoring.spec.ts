/**
 * Remote monitoring end to end (issue 5), in real Chromium against its own browser host
 * (sandbox + signaling with the companion API), so the readings it adds touch no other spec:
 * the clinician gives the patient their link → the patient submits a high blood pressure on
 * the patient page → the triage shows the patient red within seconds → the clinician
 * acknowledges the alert, invalidates a reading and sends feedback → the patient page shows
 * the feedback; the acknowledgement, the invalidation and the feedback are on the FHIR server
 * afterwards, exactly once each. Then a threshold edit (one new CarePlan version, with who and
 * when), a snooze through a date (the day as picked, shown in triage) and the printed report.
 *
 * The sandbox's monitoring data is pinned to its fixed clock (SANDBOX_ANCHOR=fixed, readings
 * end 2026-11-01T09:00Z): the steps below rely on its calendar (no red alert before the
 * patient's reading, missed-reading alerts for every monitored metric).
 */
import { expect, test, type Page } from '@playwright/test';
import type {
  Bundle,
  CarePlan,
  Communication,
  Extension,
  FhirResource,
  Observation,
  Provenance,
  Task,
} from 'fhir/r4';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { demoPatient, failOnPageErrors, signIn } from './support';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let host: WebHostProcess;

test.beforeAll(async () => {
  host = await startWebHostProcess([], { env: { SANDBOX_ANCHOR: 'fixed' } });
});

test.afterAll(async () => {
  await host.stop();
});

async function get<T>(path: string): Promise<T> {
  const { access_token: token } = await getSandboxToken(
    { origin: new URL(host.fhirBaseUrl).origin, fhirBaseUrl: host.fhirBaseUrl },
    { username: 'dr.weber', scope: 'openid fhirUser user/*.rs' },
  );
  const response = await fetch(`${host.fhirBaseUrl}/${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function search<T extends FhirResource>(query: string): Promise<T[]> {
  const bundle = await get<Bundle>(query);
  return (bundle.entry ?? []).map((e) => e.resource as T);
}

/** The thresholds of one metric's activity on the server, as `level kind value unit` + who/when. */
function thresholdsOf(plan: CarePlan, loinc: string): Extension[][] {
  const activity = (plan.activity ?? []).find((a) =>
    a.detail?.code?.coding?.some((c) => c.code === loinc),
  );
  return (activity?.detail?.extension ?? [])
    .filter((e) => e.url.endsWith('/monitoring-threshold'))
    .map((e) => e.extension ?? []);
}

const part = (parts: Extension[], url: string): Extension | undefined =>
  parts.find((p) => p.url === url);

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

test('a threshold edit is one new plan version with who and when; a snooze through a date; the report prints alone', async ({
  page,
}) => {
  failOnPageErrors(page);
  const patient = demoPatient('sandbox-heart-failure');
  await signIn(page, { patientName: patient.name, baseUrl: host.url });
  await page.getByTestId('nav-monitoring').click();
  await expect(triageRow(page, patient.id)).toBeVisible({ timeout: 60_000 });
  await triageRow(page, patient.id).getByRole('link').click();
  await expect(page.getByTestId('patient-monitoring')).toBeVisible();

  // Thresholds: a yellow "above 130 kg" for weight.
  const planPath = `CarePlan/rm-${patient.id}`;
  const before = await get<CarePlan>(planPath);
  const weight = page.locator('[data-testid="metric-thresholds"][data-metric="weight"]');
  await weight.getByTestId('threshold-add').click();
  await weight.getByTestId('threshold-level').selectOption('yellow');
  await weight.getByTestId('threshold-kind').selectOption('above');
  await weight.getByTestId('threshold-value').fill('130');
  await weight.getByTestId('threshold-save').click();
  const added = weight.locator(
    '[data-testid="threshold-row"][data-level="yellow"][data-kind="above"]',
  );
  await expect(added.getByTestId('threshold-rule')).toHaveText('above 130 kg', {
    timeout: 20_000,
  });
  await expect(added.getByTestId('threshold-set-by')).toContainText('Set by Dr. Lena Weber');
  // On the server: exactly one new version; the thresholds that were there are kept.
  await expect
    .poll(async () => (await get<CarePlan>(planPath)).meta?.versionId)
    .toBe(String(Number(before.meta?.versionId ?? '0') + 1));
  const after = await get<CarePlan>(planPath);
  const weights = thresholdsOf(after, '29463-7');
  expect(weights).toHaveLength(thresholdsOf(before, '29463-7').length + 1);
  const mine = weights.find(
    (parts) =>
      part(parts, 'level')?.valueCode === 'yellow' && part(parts, 'kind')?.valueCode === 'above',
  );
  expect(part(mine ?? [], 'value')?.valueQuantity).toMatchObject({ value: 130, code: 'kg' });
  expect(part(mine ?? [], 'setBy')?.valueReference?.reference).toBe(
    'Practitioner/practitioner-weber',
  );
  const setAt = Date.parse(part(mine ?? [], 'setAt')?.valueDateTime ?? '');
  expect(Math.abs(Date.now() - setAt)).toBeLessThan(10 * 60_000);

  // Snooze the first alert through a day three days ahead on the clinician's calendar (this
  // browser runs in Pacific/Honolulu): the date is stored and shown exactly as picked.
  const alert = page.getByTestId('monitoring-alert').first();
  const alertId = (await alert.getAttribute('data-alert-id')) ?? '';
  expect(alertId).not.toBe('');
  const until = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 3);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
  await alert.getByTestId('snooze-date').click();
  await alert.getByTestId('snooze-until-date').fill(until);
  await alert.getByTestId('snooze-date-confirm').click();
  const snoozed = page.locator(`[data-testid="snoozed-alert"][data-alert-id="${alertId}"]`);
  await expect(snoozed).toHaveAttribute('data-until-date', until, { timeout: 20_000 });
  await expect(
    page.locator(`[data-testid="monitoring-alert"][data-alert-id="${alertId}"]`),
  ).toHaveCount(0);
  await expect
    .poll(async () => {
      const tasks = await search<Task>(`Task?patient=${patient.id}&_count=100`);
      return tasks
        .filter((t) => t.input?.some((i) => i.valueString === alertId))
        .map((t) => [t.status, t.restriction?.period?.end]);
    })
    .toEqual([['on-hold', until]]);

  // The report: only the report in print media, one page, the charts as loaded images.
  await page.evaluate(() => {
    const w = window as unknown as { print: () => void; printed?: unknown };
    w.print = () => {
      const portal = document.querySelector<HTMLElement>('[data-monitoring-print-portal]');
      const header = document.querySelector<HTMLElement>('header');
      w.printed = {
        marked: document.documentElement.hasAttribute('data-monitoring-printing'),
        pages: portal?.querySelectorAll('.cw-report-page').length ?? 0,
        images: [...(portal?.querySelectorAll('img') ?? [])].map(
          (img) => img.complete && img.naturalWidth > 0,
        ),
        reportShown: portal?.checkVisibility() ?? false,
        appShown: header?.checkVisibility() ?? null,
      };
    };
  });
  await page.emulateMedia({ media: 'print' });
  await page.getByTestId('print-report').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { printed?: unknown }).printed))
    .toMatchObject({ marked: true, pages: 1, reportShown: true, appShown: false });
  const printed = await page.evaluate(
    () => (window as unknown as { printed: { images: boolean[] } }).printed,
  );
  // Weight, blood pressure (systolic and diastolic), heart rate, SpO2.
  expect(printed.images).toEqual([true, true, true, true, true]);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('print-portal')).toHaveCount(0);
  await expect(page.locator('html[data-monitoring-printing]')).toHaveCount(0);

  // Back in triage: the patient's row says what is snoozed and through which day.
  await page.getByTestId('nav-monitoring').click();
  await expect(
    triageRow(page, patient.id).locator(
      `[data-testid="triage-snoozed"][data-alert-id="${alertId}"]`,
    ),
  ).toHaveAttribute('data-until-date', until, { timeout: 20_000 });
});

test('two workstations edit the same thresholds: the later save is a conflict, never a silent overwrite', async ({
  page,
  browser,
}) => {
  failOnPageErrors(page);
  const patient = demoPatient('sandbox-copd');
  const planPath = `CarePlan/rm-${patient.id}`;
  const open = async (p: Page, username: string, password: string): Promise<void> => {
    await signIn(p, { patientName: patient.name, baseUrl: host.url, username, password });
    await p.getByTestId('nav-monitoring').click();
    await expect(triageRow(p, patient.id)).toBeVisible({ timeout: 60_000 });
    await triageRow(p, patient.id).getByRole('link').click();
    await expect(p.getByTestId('patient-monitoring')).toBeVisible();
  };
  const addHeartRate = async (p: Page, level: string, kind: string, value: string) => {
    const rates = p.locator('[data-testid="metric-thresholds"][data-metric="heart-rate"]');
    await rates.getByTestId('threshold-add').click();
    await rates.getByTestId('threshold-level').selectOption(level);
    await rates.getByTestId('threshold-kind').selectOption(kind);
    await rates.getByTestId('threshold-value').fill(value);
    await rates.getByTestId('threshold-save').click();
    return rates.locator(
      `[data-testid="threshold-row"][data-level="${level}"][data-kind="${kind}"]`,
    );
  };
  const heartRates = async () =>
    thresholdsOf(await get<CarePlan>(planPath), '8867-4').map((parts) =>
      [
        part(parts, 'level')?.valueCode,
        part(parts, 'kind')?.valueCode,
        part(parts, 'value')?.valueQuantity?.value,
      ].join(' '),
    );

  // Both workstations show the plan as it is now.
  const before = await get<CarePlan>(planPath);
  const other = await browser.newContext();
  const rossi = await other.newPage();
  failOnPageErrors(rossi);
  await open(page, 'dr.weber', 'weber-demo');
  await open(rossi, 'dr.rossi', 'rossi-demo');

  // Until she saves, Dr Weber's workstation has not seen Dr Rossi's change yet (its 4-second
  // poll could otherwise pick it up first): its CarePlan searches answer the version both
  // started from. Reads of the one CarePlan (how the outbox settles a 412) go through.
  await page.route(
    (url) => url.pathname.endsWith('/CarePlan'),
    async (route) => {
      const response = await route.fetch();
      const bundle = (await response.json()) as Bundle;
      for (const entry of bundle.entry ?? []) {
        if (entry.resource?.id === before.id) entry.resource = before;
      }
      await route.fulfill({ response, json: bundle });
    },
  );

  // Dr Rossi saves first: one new version.
  await expect(
    (await addHeartRate(rossi, 'red', 'above', '140')).getByTestId('threshold-rule'),
  ).toHaveText('above 140 /min', { timeout: 20_000 });
  const next = String(Number(before.meta?.versionId ?? '0') + 1);
  await expect.poll(async () => (await get<CarePlan>(planPath)).meta?.versionId).toBe(next);

  // Dr Weber, still on the old version, saves another change: the server refuses it (If-Match),
  // and she sees both versions instead of overwriting Dr Rossi's threshold.
  await addHeartRate(page, 'yellow', 'above', '125');
  const conflict = page.getByTestId('threshold-conflict');
  await expect(conflict).toBeVisible({ timeout: 20_000 });
  await expect(conflict.getByTestId('conflict-my-changes')).toContainText('125');
  await expect(conflict.getByTestId('conflict-server-thresholds')).toContainText('140');
  await expect(conflict.getByTestId('conflict-server-thresholds')).toContainText('Marco Rossi');
  expect((await get<CarePlan>(planPath)).meta?.versionId).toBe(next);
  expect(await heartRates()).toContain('red above 140');
  expect(await heartRates()).not.toContain('yellow above 125');

  // Re-applied on top of Dr Rossi's version: one more version holding both thresholds.
  await conflict.getByTestId('conflict-reapply').click();
  await expect(conflict).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () => (await get<CarePlan>(planPath)).meta?.versionId, { timeout: 20_000 })
    .toBe(String(Number(next) + 1));
  expect(await heartRates()).toEqual(expect.arrayContaining(['red above 140', 'yellow above 125']));
  await other.close();
});
