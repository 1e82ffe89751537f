/**
 * Encryption at rest (issue 3): after a Synthea patient's chart was cached in Chromium with an
 * on-disk profile, nothing in the whole profile directory contains the patient's family name,
 * given name or identifiers — in UTF-8 or UTF-16 (IndexedDB stores strings as UTF-16).
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';
import { signIn } from './support';

const SECRETS = ['Durgan', 'Dennis', '999-90-8884', 'S99945994', 'X66493786X', 'Jaskolski'];

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

async function hitsIn(profile: string): Promise<string[]> {
  const needles = SECRETS.flatMap((s) => [
    { s, bytes: Buffer.from(s, 'utf8') },
    { s, bytes: Buffer.from(s, 'utf16le') },
  ]);
  const hits: string[] = [];
  let scanned = 0;
  for await (const file of files(profile)) {
    if ((await stat(file)).size > 200 * 1024 * 1024) continue;
    const content = await readFile(file);
    scanned++;
    for (const { s, bytes } of needles) {
      if (content.includes(bytes)) hits.push(`${s} in ${file.slice(profile.length)}`);
    }
  }
  expect(scanned).toBeGreaterThan(10);
  return hits;
}

test('no name or identifier of a cached patient is readable anywhere in the profile', async () => {
  test.slow();
  const profile = await mkdtemp(join(tmpdir(), 'cw-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      args: chromiumArgs,
      headless: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, { patientName: 'Dennis Durgan' });
    await expect(page.getByTestId('patient-name')).toContainText('Durgan');
    await expect(page.getByTestId('chart-as-of')).toBeVisible();
    // Control: the data is really in the cache (it opens with the network gone).
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('patient-name')).toContainText('Durgan');
    await context.close();

    // Control: the scan does find a name written in plain text into the profile.
    const probe = join(profile, 'scan-probe.txt');
    await writeFile(probe, 'Dennis');
    expect(await hitsIn(profile)).toEqual(['Dennis in /scan-probe.txt']);
    await rm(probe);

    expect(await hitsIn(profile)).toEqual([]);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
