/**
 * The whole path a clinician takes: sign in through the sandbox's real SMART flow, find a
 * patient, open the chart and read known values — from the synthetic data and from two
 * Synthea fixtures loaded with --data.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoPatient, failOnPageErrors, signIn } from './support';

async function searchFor(page: Page, field: 'Name' | 'Identifier' | 'Birth date', value: string) {
  await page.goto(page.url().replace(/#.*$/, '#/search'));
  const form = page.getByTestId('patient-search');
  for (const other of ['Name', 'Identifier', 'Birth date'] as const) {
    await form.getByLabel(other).fill(other === field ? value : '');
  }
  await page.getByTestId('search-submit').click();
  await expect(
    page.getByTestId('search-results').or(page.getByTestId('no-patients')),
  ).toBeVisible();
}

/** A known value of a demo patient; fails loudly when the sandbox no longer provides it. */
function known(patient: ReturnType<typeof demoPatient>, key: string): string {
  const value = patient.knownValues[key];
  if (value === undefined) throw new Error(`${patient.id} has no known value "${key}"`);
  return value;
}

function bp(patient: ReturnType<typeof demoPatient>): string {
  const sys = patient.knownValues.latestSystolic ?? '';
  const dia = patient.knownValues.latestDiastolic ?? '';
  const [sysValue, unit] = sys.split(' ');
  return `${sysValue}/${dia.split(' ')[0]} ${unit}`;
}

test.beforeEach(({ page }) => failOnPageErrors(page));

test('signs in with SMART, opens the picked patient and shows known synthetic values', async ({
  page,
}) => {
  const patient = demoPatient('sandbox-hypertension');
  await signIn(page, { patientName: patient.name });
  const banner = page.getByTestId('patient-banner');
  await expect(banner.getByTestId('patient-name')).toContainText('Margaret Thompson');
  // Date-only birth date, shown without a time-zone shift.
  await expect(banner.getByTestId('patient-birth')).toContainText('Mar 14, 1958');
  await expect(banner.getByTestId('patient-identifiers')).toContainText(known(patient, 'mrn'));
  await expect(page.getByTestId('summary-problems')).toContainText(known(patient, 'condition'));
  await expect(page.getByTestId('summary-medications')).toContainText(known(patient, 'medication'));
  await expect(page.getByTestId('latest-vitals')).toContainText(bp(patient));
  await expect(page.getByTestId('summary-allergies')).toContainText(known(patient, 'allergy'));
  await expect(page.getByTestId('current-user')).toContainText('Lena Weber');
});

test('finds patients by name, identifier and birth date', async ({ page }) => {
  await signIn(page, { patientName: demoPatient('sandbox-median').name });

  await searchFor(page, 'Name', 'whitman');
  const deceased = demoPatient('sandbox-deceased');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText(deceased.name);

  await searchFor(page, 'Identifier', known(demoPatient('sandbox-copd'), 'mrn'));
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText('Patricia Walsh');

  await searchFor(page, 'Birth date', '1960-02-29');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await page.getByTestId('patient-row').getByRole('link', { name: 'Samuel Okafor' }).click();
  await expect(page.getByTestId('patient-name')).toContainText('Samuel Okafor');
  await expect(page.getByTestId('patient-birth')).toContainText('Feb 29, 1960');

  await searchFor(page, 'Name', 'no-such-patient-zz');
  await expect(page.getByTestId('no-patients')).toBeVisible();

  // Patients opened before are listed as recent.
  await page.goto(page.url().replace(/#.*$/, '#/search'));
  await expect(
    page.getByTestId('recent-patients').getByText('Samuel Okafor', { exact: false }),
  ).toBeVisible();
});

test('reads Synthea fixture patients loaded with --data', async ({ page }) => {
  await signIn(page, { patientName: 'Dennis Durgan' });
  const banner = page.getByTestId('patient-banner');
  await expect(banner.getByTestId('patient-name')).toContainText('Dennis Durgan');
  await expect(banner.getByTestId('deceased-badge')).toContainText('2008');
  await expect(page.getByTestId('summary-problems')).toContainText(
    'Chronic congestive heart failure',
  );
  await expect(page.getByTestId('summary-allergies')).toContainText('Allergy to nut');

  await page.getByRole('tab', { name: 'Imaging' }).click();
  await expect(page.getByTestId('imaging-row').first()).toBeVisible();

  await searchFor(page, 'Name', 'Conn');
  await page.getByTestId('patient-row').getByRole('link').first().click();
  await expect(page.getByTestId('patient-name')).toContainText('Liz');
  await expect(page.getByTestId('summary-problems')).toContainText('Hypertension');
  await page.getByRole('tab', { name: 'Vitals & labs' }).click();
  // Synthea sends blood pressure in UCUM "mm[Hg]"; it is shown as sent.
  await expect(page.getByTestId('reading-row').first()).toContainText('mm[Hg]');
});

test('"no known allergies" looks different from "no information"', async ({ page }) => {
  await signIn(page, { patientName: demoPatient('sandbox-nka').name });
  await page.getByRole('tab', { name: 'Allergies' }).click();
  await expect(page.getByTestId('allergies-no-known')).toBeVisible();
  await expect(page.getByTestId('allergies-no-information')).toHaveCount(0);

  await searchFor(page, 'Name', 'Bennett');
  await page.getByTestId('patient-row').getByRole('link').first().click();
  await page.getByRole('tab', { name: 'Allergies' }).click();
  await expect(page.getByTestId('allergies-no-information')).toBeVisible();
  await expect(page.getByTestId('allergies-no-known')).toHaveCount(0);
});

test('a high-criticality allergy and imaging counts are shown', async ({ page }) => {
  const patient = demoPatient('sandbox-deceased');
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('deceased-badge')).toBeVisible();
  await page.getByRole('tab', { name: 'Allergies' }).click();
  await expect(page.getByTestId('criticality-high')).toBeVisible();
  await page.getByRole('tab', { name: 'Imaging' }).click();
  await expect(page.getByTestId('imaging-instance-count').first()).toContainText(
    known(patient, 'imagingInstances'),
  );
});

test('a 1 MB attachment opens without freezing the page', async ({ page }) => {
  await signIn(page, { patientName: demoPatient('sandbox-documents').name });
  await page.getByRole('tab', { name: 'Documents' }).click();
  const big = page
    .getByTestId('attachment-row')
    .filter({ hasText: known(demoPatient('sandbox-documents'), 'document') });
  await big.getByRole('button', { name: /^Open/ }).click();
  // While it decodes, the UI still answers: switching tabs works at once.
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(page.getByTestId('summary-problems')).toBeVisible();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await expect(page.getByTestId('attachment-row').first()).toBeVisible();
});

test('the 10,000-observation record opens and its timeline pages', async ({ page }) => {
  test.slow();
  const patient = demoPatient('sandbox-large');
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('summary-problems')).toContainText(known(patient, 'condition'), {
    timeout: 45_000,
  });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByTestId('timeline-count')).toContainText(/\d/);
  await expect(page.getByTestId('timeline-row')).toHaveCount(100);

  // Scrolled far down a long list, the patient banner stays in view and uncovered.
  await page.mouse.wheel(0, 20_000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  const uncovered = await page.getByTestId('patient-banner').evaluate((banner) => {
    const box = banner.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + 20, box.top + box.height / 2);
    return box.top >= 0 && hit !== null && banner.contains(hit);
  });
  expect(uncovered).toBe(true);
});
