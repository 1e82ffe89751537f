/**
 * Video consultation end to end (issue 4), in real Chromium with fake camera and microphone,
 * each participant in its own browser context, media relayed by a real coturn (relay-only, so
 * pausing coturn is a real network cut for the call):
 * the patient opens the link and is in the lobby without clicking anything → admit → both
 * decode the other's video → chat both ways → a 3 s network cut heals by itself → a third
 * participant (a specialist) joins by their own link and receives a record excerpt over the
 * data channel, which the patient does not → end → the Encounter on the FHIR server has the period,
 * the participants and the call-quality summary.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Bundle, Encounter } from 'fhir/r4';
import { getSandboxToken } from '../../server/sandbox/test-client';
import { startCoturn, type CoturnProcess } from '../support/coturn-process';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';
import { completeSteps, demoPatient, failOnPageErrors, signIn } from './support';

const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

test.use({
  launchOptions: { executablePath: chromiumExecutable(), args: [...chromiumArgs, ...FAKE_MEDIA] },
  permissions: ['camera', 'microphone'],
});
// One long story; the steps depend on each other.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let coturn: CoturnProcess;
let host: WebHostProcess;

test.beforeAll(async () => {
  coturn = await startCoturn();
  host = await startWebHostProcess(['--turn-url', coturn.turnUrl, '--relay-only'], {
    env: { TURN_SECRET: coturn.secret },
  });
});

test.afterAll(async () => {
  await host.stop();
  await coturn.stop();
});

async function newParticipant(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  failOnPageErrors(page);
  return { context, page };
}

/** Frames decoded from every remote participant, read from the tiles' data attributes. */
async function decodedFrames(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="video-tile"][data-frames-decoded]')
    .evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-frames-decoded'))));
}

/** Frames each remote <video> has rendered so far (live, not sampled like getStats). */
async function renderedFrames(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="video-tile"][data-frames-decoded] video')
    .evaluateAll((videos) =>
      videos.map((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames),
    );
}

/** Waits until every remote tile's decoded-frame count rises above what it was. */
async function expectVideoFlowing(page: Page, remotes: number): Promise<void> {
  await expect
    .poll(async () => (await decodedFrames(page)).length, { timeout: 30_000 })
    .toBe(remotes);
  const before = await decodedFrames(page);
  await expect
    .poll(
      async () => {
        const now = await decodedFrames(page);
        return now.every((n, i) => n > (before[i] ?? 0) && n > 0);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

test('a patient knocks by opening the link, is admitted, and the call survives a network cut', async ({
  browser,
}) => {
  const patient = demoPatient('sandbox-hypertension');
  const clinician = await newParticipant(browser);
  await signIn(clinician.page, { patientName: patient.name, baseUrl: host.url });
  const doc = clinician.page;
  await doc.getByTestId('consult-start').click();
  const link = await doc.getByTestId('invite-link').first().inputValue();
  expect(link).toMatch(/\/patient\.html#ticket=/);
  await expect(doc.getByRole('img', { name: /QR code/ })).toBeVisible();

  // Opening the link is enough: the patient is in the lobby before doing anything else.
  const pat = await newParticipant(browser);
  await pat.page.goto(link);
  const entry = doc.getByTestId('lobby-entry');
  await expect(entry).toBeVisible();
  await expect(doc.getByTestId('lobby-knock')).not.toBeEmpty();
  await completeSteps(pat.page, 'Margaret Thompson');
  await expect(entry).toContainText('Margaret Thompson');
  await expect(doc.getByTestId('lobby-readiness')).toContainText('consent given');

  await doc.getByTestId('lobby-admit').click();
  await expect(doc.getByTestId('lobby-entry')).toHaveCount(0);
  await expectVideoFlowing(doc, 1);
  await expectVideoFlowing(pat.page, 1);

  // Chat both ways over the data channel.
  await doc.getByRole('textbox', { name: /message/i }).fill('Good morning, can you hear me?');
  await doc.getByRole('textbox', { name: /message/i }).press('Enter');
  await expect(pat.page.getByTestId('chat-message').last()).toContainText('can you hear me');
  await pat.page.getByRole('textbox', { name: /message/i }).fill('Yes, loud and clear');
  await pat.page.getByRole('textbox', { name: /message/i }).press('Enter');
  await expect(doc.getByTestId('chat-message').last()).toContainText('loud and clear');

  // A 3 s network cut: the relay stops forwarding anything, then comes back.
  process.kill(coturn.pid, 'SIGSTOP');
  try {
    await new Promise((r) => setTimeout(r, 1000));
    // The cut is real: no frame arrives while the relay is stopped.
    const during = await renderedFrames(pat.page);
    await new Promise((r) => setTimeout(r, 1900));
    expect(await renderedFrames(pat.page)).toEqual(during);
  } finally {
    process.kill(coturn.pid, 'SIGCONT');
  }
  // …and the call heals by itself: no clicks, video flows both ways again.
  await expectVideoFlowing(doc, 1);
  await expectVideoFlowing(pat.page, 1);

  // The patient reloads the page: the one-time link is not "already used"; they come back as
  // themselves, still admitted (after confirming devices and consent again), with one tile.
  await pat.page.reload();
  await expect(pat.page.getByTestId('admitted-early')).toBeVisible();
  await expect(pat.page.getByText('Camera works.')).toBeVisible();
  await pat.page.getByRole('button', { name: 'Continue' }).click();
  await pat.page.getByLabel('Your name').fill('Margaret Thompson');
  await pat.page.getByRole('checkbox', { name: /I agree/ }).check();
  await pat.page.getByRole('button', { name: 'Continue' }).click();
  await expectVideoFlowing(pat.page, 1);
  await expectVideoFlowing(doc, 1);
  await expect(doc.getByTestId('lobby-entry')).toHaveCount(0);

  // A third participant (a specialist) by their own link, role shown to everyone.
  await doc.getByTestId('invite-role').click();
  await doc.getByRole('option', { name: 'Specialist' }).click();
  await doc.getByTestId('invite-create').click();
  const specialistLink = await doc
    .locator('[data-testid="invite"][data-role="specialist"] [data-testid="invite-link"]')
    .inputValue();
  const spec = await newParticipant(browser);
  await spec.page.goto(specialistLink);
  await completeSteps(spec.page, 'Ana Costa');
  await expect(doc.getByTestId('lobby-entry')).toContainText('Specialist');
  await doc.getByTestId('lobby-admit').click();
  await expectVideoFlowing(doc, 2);
  await expectVideoFlowing(spec.page, 2);
  await expect(pat.page.getByTestId('call-view')).toContainText('Ana Costa');

  // A record excerpt goes to the specialist over the data channel, never to the patient.
  await doc.getByTestId('share-section').click();
  await doc.getByRole('option', { name: 'Medications' }).click();
  await doc.getByTestId('share-send').click();
  await expect(doc.getByTestId('share-result')).toHaveText('Shared with 1 clinician.');
  const excerpt = spec.page.getByTestId('excerpt');
  await expect(excerpt).toContainText('Medications');
  await expect(excerpt.getByTestId('excerpt-patient')).toContainText(patient.name);
  await expect(excerpt.getByTestId('excerpt-row').first()).toContainText('MedicationRequest');
  await expect(pat.page.getByTestId('excerpts')).toHaveCount(0);

  await doc.getByTestId('consult-end').click();
  await expect(doc.getByTestId('consult-ended')).toBeVisible();
  await expect(pat.page.getByText(/ended/i).first()).toBeVisible();

  // The Encounter on the server: finished, with its period, guests and the quality summary.
  const { access_token: token } = await getSandboxToken(
    { origin: new URL(host.fhirBaseUrl).origin, fhirBaseUrl: host.fhirBaseUrl },
    { username: 'dr.weber', scope: 'openid fhirUser user/*.rs' },
  );
  await expect
    .poll(
      async () => {
        const response = await fetch(
          `${host.fhirBaseUrl}/Encounter?patient=${patient.id}&_count=200`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        const bundle = (await response.json()) as Bundle<Encounter>;
        return (bundle.entry ?? [])
          .map((e) => e.resource)
          .filter((r): r is Encounter => r?.class.code === 'VR' && r.status === 'finished').length;
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  const response = await fetch(`${host.fhirBaseUrl}/Encounter?patient=${patient.id}&_count=200`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const encounter = ((await response.json()) as Bundle<Encounter>).entry
    ?.map((e) => e.resource)
    .find((r) => r?.class.code === 'VR');
  expect(encounter?.period?.start).toBeTruthy();
  expect(encounter?.period?.end).toBeTruthy();
  expect(encounter?.participant?.map((p) => p.individual?.display)).toContain('Ana Costa');
  const quality = encounter?.extension?.find((e) => e.url.endsWith('/call-quality'));
  const values = Object.fromEntries(
    (quality?.extension ?? []).map((e) => [
      e.url,
      e.valueInteger ?? e.valueBoolean ?? e.valueQuantity?.value,
    ]),
  );
  expect(values.patientJoined).toBe(true);
  expect(Number(values.samples)).toBeGreaterThan(0);

  await Promise.all([clinician.context.close(), pat.context.close(), spec.context.close()]);
});
