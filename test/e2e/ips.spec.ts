/**
 * Cross-border summaries end to end (issue 6), in Chromium against the global browser host and
 * sandbox:
 * - a clinician using English imports a German visitor's IPS from the sandbox's national
 *   contact point and sees problems, allergies and medicines with their original German
 *   designations beside translations, each with its provenance; follows a narrative link; opens
 *   the original narrative (sanitized, in a sandboxed frame);
 * - in the visitor's chart: imports the server's `$summary` and the contact point's document,
 *   both listed with country, author and date; reconciles medicines with the local record;
 *   prints the translated view with the original narrative appended; reopens a cached summary
 *   while the network is down;
 * - a document whose narratives carry every XSS payload, imported from a file, runs nothing.
 *
 * Run: `npx playwright test test/e2e/ips.spec.ts` (global setup starts the sandbox and the
 * browser host; Chromium from Debian, see playwright.config.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { demoPatient, failOnPageErrors, signIn } from './support';
import { XSS_BEACON_ORIGIN, XSS_PAYLOADS } from '../support/xss-payloads';

declare global {
  interface Window {
    __xss?: string;
    __printed?: { printing: boolean; appendix: string; appHidden: boolean; portalShown: boolean };
  }
}

const DE_IDENTIFIER = 'http://fhir.de/sid/gkv/kvid-10|M123456789';

async function fetchFromContactPoint(page: Page): Promise<void> {
  await page.getByTestId('ips-country').click();
  await page.getByRole('option', { name: /Germany/ }).click();
  await page.getByTestId('ips-identifier').fill(DE_IDENTIFIER);
  await page.getByTestId('ips-fetch').click();
}

test('a German visitor’s IPS from the contact point, translated with provenance', async ({
  page,
}) => {
  failOnPageErrors(page);
  await signIn(page, { patientName: demoPatient('sandbox-median').name });
  await page.getByTestId('nav-ips').click();
  await fetchFromContactPoint(page);
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

  // Cached encrypted and listed with its country (the contact point asked) and author.
  const row = page.getByTestId('imported-summary').first();
  await expect(row.getByTestId('imported-country')).toHaveText('Germany (DE)');
  await expect(row.getByTestId('imported-author')).toContainText('Schäfer');

  // Problems link to their narrative rows: following one opens the jail with that row marked.
  const problems = viewer.locator('[data-testid="ips-section"][data-loinc="11450-4"]');
  await problems.getByTestId('entry-narrative-link').first().click();
  const frame = problems.getByTestId('narrative-frame');
  await expect(frame).toBeVisible();
  await expect(frame).toHaveAttribute('data-highlight', /.+/);
  expect(await frame.getAttribute('sandbox')).toBe('');
  // … and back: the row list leads to the entry, focused.
  await problems.getByTestId('narrative-row-link').first().click();
  await expect(
    problems.locator('[data-testid="ips-entry"][data-highlighted="true"]'),
  ).toBeFocused();

  // The original narrative is one click away, in the jail.
  const allergies = viewer.locator('[data-testid="ips-section"][data-loinc="48765-2"]');
  await allergies.getByTestId('show-narrative').click();
  await expect(allergies.getByTestId('narrative-frame')).toBeVisible();
});

test('in the visitor’s chart: $summary and contact point imports, reconciliation, print, offline', async ({
  context,
  page,
}) => {
  failOnPageErrors(page);
  // Capture the page as it is printed (the browser host calls window.print()).
  await page.addInitScript(() => {
    window.print = () => {
      const portal = document.querySelector('[data-ips-print-portal]');
      // Everything else in the body (the app root, Mantine's portals) must not print.
      const others = [...document.body.children].filter(
        (el) => !el.hasAttribute('data-ips-print-portal') && el.tagName !== 'SCRIPT',
      );
      window.__printed = {
        printing: document.documentElement.hasAttribute('data-ips-printing'),
        appendix: document.querySelector('[data-testid="ips-appendix"]')?.textContent ?? '',
        appHidden:
          others.length > 0 && others.every((el) => getComputedStyle(el).display === 'none'),
        portalShown: portal ? getComputedStyle(portal).display !== 'none' : false,
      };
    };
  });
  await signIn(page, { patientName: demoPatient('sandbox-visitor-de').name });
  const card = page.getByTestId('imported-summaries-card');
  await expect(card).toBeVisible();

  // 1. The signed-in server's own summary of this patient (the import form is folded away).
  await card.getByTestId('ips-toggle-import').click();
  await card.getByTestId('ips-fetch-summary').click();
  await expect(card.getByTestId('ips-viewer')).toBeVisible();
  await expect(card.getByTestId('ips-source')).toContainText('From $summary of');
  await expect(card.getByTestId('imported-summary')).toHaveCount(1);

  // 2. The home country's document, from the contact point, imported into the chart (the
  // import form stays open).
  await fetchFromContactPoint(page);
  await expect(card.getByTestId('ips-source')).toContainText('contact point of Germany');
  await expect(card.getByTestId('imported-summary')).toHaveCount(2);
  const newest = card.getByTestId('imported-summary').first();
  await expect(newest.getByTestId('imported-country')).toHaveText('Germany (DE)');
  await expect(newest.getByTestId('imported-author')).toContainText('Schäfer');
  await expect(newest.getByTestId('imported-date')).not.toBeEmpty();
  await expect(newest.getByTestId('imported-at')).not.toBeEmpty();

  // Reconciliation: metformin and lisinopril in both, matched by active ingredient (ATC).
  const rows = card.getByTestId('ips-medrec').getByTestId('medrec-row');
  await expect(rows).toHaveCount(2);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
    'same',
    'same',
  ]);

  // Print: only the printout (translated view + original narrative appendix) is printed.
  await page.emulateMedia({ media: 'print' });
  await card.getByTestId('ips-print').click();
  await expect.poll(() => page.evaluate(() => window.__printed)).toBeTruthy();
  const printed = await page.evaluate(() => window.__printed);
  await page.emulateMedia({ media: 'screen' });
  expect(printed?.printing).toBe(true);
  expect(printed?.portalShown).toBe(true);
  expect(printed?.appHidden).toBe(true);
  expect(printed?.appendix).toContain('Appendix: original narrative as sent');
  expect(printed?.appendix).toContain('Metformin 500 mg Retardtabletten');
  await expect(page.locator('[data-ips-print-portal]')).toHaveCount(0);

  // Offline: the cached summary still opens.
  await card.getByTestId('ips-close').click();
  await context.setOffline(true);
  try {
    await card.getByTestId('imported-summary').first().getByTestId('imported-open').click();
    await expect(card.getByTestId('ips-viewer')).toBeVisible();
    await expect(card.getByTestId('ips-source')).toContainText('contact point of Germany');
  } finally {
    await context.setOffline(false);
  }
});

/** A document whose narratives carry every payload (one section each), as file bytes. */
function hostileDocument(): Buffer {
  const composition = 'urn:uuid:00000000-0000-4000-8000-00000000e000';
  const patient = 'urn:uuid:00000000-0000-4000-8000-00000000e001';
  const sections = XSS_PAYLOADS.map((p) => ({
    title: `Payload ${p.name}`,
    code: { coding: [{ system: 'http://loinc.org', code: '29762-2' }] },
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${p.html}</div>` },
  }));
  const bundle = {
    resourceType: 'Bundle',
    type: 'document',
    timestamp: '2025-01-01T10:00:00Z',
    entry: [
      {
        fullUrl: composition,
        resource: {
          resourceType: 'Composition',
          status: 'final',
          type: { coding: [{ system: 'http://loinc.org', code: '60591-5' }] },
          subject: { reference: patient },
          date: '2025-01-01',
          title: 'Hostile narratives',
          author: [{ display: 'XSS probe' }],
          section: sections,
        },
      },
      { fullUrl: patient, resource: { resourceType: 'Patient', id: 'xss' } },
    ],
  };
  return Buffer.from(JSON.stringify(bundle), 'utf8');
}

test('narrative payloads in an imported document never run', async ({ context, page }) => {
  failOnPageErrors(page);
  const dialogs: string[] = [];
  const beacons: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  context.on('request', (request) => {
    if (request.url().startsWith(XSS_BEACON_ORIGIN)) beacons.push(request.url());
  });
  await page.addInitScript(() => {
    window.print = () => undefined;
  });
  await signIn(page, { patientName: demoPatient('sandbox-median').name });
  await page.getByTestId('nav-ips').click();
  await page.getByTestId('ips-file').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: hostileDocument(),
  });
  await expect(page.getByTestId('ips-viewer')).toBeVisible();
  // Sections without entries open their narrative: one jail frame per payload.
  const frames = page.getByTestId('narrative-frame');
  await expect(frames).toHaveCount(XSS_PAYLOADS.length);
  for (const iframe of await frames.all()) {
    expect(await iframe.getAttribute('sandbox')).toBe('');
    const frame = await (await iframe.elementHandle()).contentFrame();
    if (!frame) throw new Error('jail frame without a document');
    for (const link of await frame.locator('a').all()) await link.click({ timeout: 5_000 });
    for (const el of await frame.locator('body *').filter({ visible: true }).all()) {
      await el.hover({ force: true, timeout: 5_000 });
    }
    expect(await frame.evaluate(() => window.__xss)).toBeUndefined();
  }
  // The printed appendix rebuilds every narrative as text: nothing runs there either.
  await page.getByTestId('ips-print').click();
  await page.waitForTimeout(750);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(beacons).toEqual([]);
});
