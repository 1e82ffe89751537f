/**
 * Cross-border summary end to end (issue 6): a clinician using English imports a German
 * visitor's IPS from the sandbox's national contact point and sees the problems, allergies and
 * medicines with their original German designations beside translations, each with where the
 * translation came from, and can open the original narrative (sanitized, in a sandboxed frame).
 */
import { expect, test } from '@playwright/test';
import { demoPatient, failOnPageErrors, signIn } from './support';

test('a German visitor’s IPS from the contact point, translated with provenance', async ({
  page,
}) => {
  failOnPageErrors(page);
  await signIn(page, { patientName: demoPatient('sandbox-median').name });
  await page.getByTestId('nav-ips').click();
  await page.getByTestId('ips-country').click();
  await page.getByRole('option', { name: /Germany/ }).click();
  await page.getByTestId('ips-identifier').fill('http://fhir.de/sid/gkv/kvid-10|M123456789');
  await page.getByTestId('ips-fetch').click();
  const viewer = page.getByTestId('ips-viewer');
  await expect(viewer).toBeVisible();

  for (const loinc of ['11450-4', '48765-2', '10160-0']) {
    const section = viewer.locator(`[data-testid="ips-section"][data-loinc="${loinc}"]`);
    await expect(section).toBeVisible();
    await expect(section.getByTestId('ips-entry').first()).toBeVisible();
    // Every coded entry says where its English designation came from.
    const badges = section.getByTestId('translation-badge');
    expect(await badges.count()).toBeGreaterThan(0);
  }
  const sources = await viewer
    .getByTestId('translation-badge')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));
  // The document's own translations and the offline pack both show up, and nothing is hidden.
  expect(sources).toContain('document');
  expect(sources).toContain('pack');

  // The original narrative is one click away, in the jail.
  const problems = viewer.locator('[data-testid="ips-section"][data-loinc="11450-4"]');
  await problems.getByTestId('show-narrative').first().click();
  const frame = problems.locator('iframe').first();
  await expect(frame).toBeVisible();
  expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
});
