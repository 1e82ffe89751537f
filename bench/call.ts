/**
 * call-setup and call-recovery: video consults in Chromium with fake camera and microphone,
 * media relayed by a real coturn (relay-only), as in test/e2e/consult.spec.ts.
 *
 * call-setup: the clinician clicks Admit → the first remote video frame is rendered on the
 *   clinician's screen (ours: lobby, admit over signaling, simple-peer offer/answer/candidates
 *   over WebSocket, DTLS, relay) vs a bare RTCPeerConnection pair in one page exchanging
 *   offer/answer/candidates directly over the same relay (createOffer → first frame). As in
 *   real use, the guest waits in the lobby before Admit (here: until their lobby card shows),
 *   and negotiates meanwhile: their offer reaches the workstation, which answers it and holds
 *   the answer until Admit (call-session.ts, protocol 3). The bare pair's connections are made
 *   before its clock starts too, but it negotiates on the clock: the raw exchange the issue
 *   names, with nothing prepared.
 * call-setup-2pages: the same against a bare pair split like ours, one connection per browser
 *   context (two renderer processes), offer/answer/candidates through a minimal WebSocket
 *   forwarder (no validation, no UI): what our signaling, simple-peer and UI add to a bare
 *   exchange between two parties. The one-page pair stays the stricter lower bound.
 * call-recovery: the relay stops for 3 s (SIGSTOP coturn), then resumes → time until frames
 *   flow again on both sides of our call vs the bare pair under the same cut. The goal
 *   is an absolute < 3 s (existing tools: 5–15 s); the bare pair is the reference.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEMO_PATIENTS } from '../server/sandbox/index';
import { turnCredentials } from '../server/signaling/turn';
import { chromiumArgs, chromiumExecutable } from '../test/support/chromium';
import { startCoturn, type CoturnProcess } from '../test/support/coturn-process';
import { startWebHostProcess } from '../test/support/web-host-process';
import { median, type BenchResult, type Benchmark } from './harness';
import { signIn } from './sign-in';

const SETUP_ROUNDS = Number(process.env.BENCH_CALL_ROUNDS ?? 5);
const RECOVERY_ROUNDS = 3;
const CUT_MS = 3000;
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** Frames rendered so far by every remote video on the page. */
const RENDERED = `() => [...document.querySelectorAll('[data-testid="video-tile"][data-frames-decoded] video')]
  .map((v) => v.getVideoPlaybackQuality().totalVideoFrames)`;

/** In the clinician's page: click Admit for `id`, then wait for that tile's first frame. */
const ADMIT_TO_FIRST_FRAME = `async (id) => {
  const entry = document.querySelector('[data-testid="lobby-entry"][data-participant-id="' + id + '"]');
  const admit = entry && entry.querySelector('[data-testid="lobby-admit"]');
  if (!admit) throw new Error('no lobby entry for ' + id);
  const start = performance.now();
  admit.click();
  return await new Promise((resolve, reject) => {
    const deadline = start + 60000;
    const poll = () => {
      const video = document.querySelector('[data-testid="video-tile"][data-participant-id="' + id + '"] video');
      if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) return resolve(performance.now() - start);
      if (performance.now() > deadline) return reject(new Error('no frame within 60 s'));
      requestAnimationFrame(poll);
    };
    poll();
  });
}`;

/**
 * The bare pair: two RTCPeerConnections (relay only) in one page, the fake camera on the first;
 * returns ms from createOffer to the first frame rendered from the second. `window.barePair`
 * keeps the pair for the recovery measurement.
 */
const BARE_SETUP = `async (iceServers) => {
  if (window.barePair) { window.barePair.a.close(); window.barePair.b.close(); window.barePair.video.remove(); }
  const config = { iceServers, iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => { if (e.candidate) void b.addIceCandidate(e.candidate); };
  b.onicecandidate = (e) => { if (e.candidate) void a.addIceCandidate(e.candidate); };
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  const video = document.createElement('video');
  video.muted = true; video.autoplay = true; video.playsInline = true;
  document.body.appendChild(video);
  b.ontrack = (e) => { video.srcObject = e.streams[0]; void video.play(); };
  window.barePair = { a, b, video };
  const start = performance.now();
  for (const t of stream.getTracks()) a.addTrack(t, stream);
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  return await new Promise((resolve, reject) => {
    const deadline = start + 60000;
    const poll = () => {
      if (video.getVideoPlaybackQuality().totalVideoFrames > 0) return resolve(performance.now() - start);
      if (performance.now() > deadline) return reject(new Error('bare pair: no frame within 60 s'));
      requestAnimationFrame(poll);
    };
    poll();
  });
}`;

/**
 * The two-page bare pair: `role` 'b' waits with its connection made (camera on) and answers;
 * 'a' (camera on) is made, then the clock starts at createOffer and stops at the first frame
 * rendered from b. Offer, answer and candidates cross a WebSocket forwarder at `wsUrl`.
 */
const BARE2 = `async ({ role, wsUrl, iceServers }) => {
  if (window.bare2) { window.bare2.pc.close(); window.bare2.ws.close(); window.bare2.video.remove(); }
  const ws = new WebSocket(wsUrl + '?role=' + role);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
  for (const t of stream.getTracks()) pc.addTrack(t, stream);
  const video = document.createElement('video');
  video.muted = true; video.autoplay = true; video.playsInline = true;
  document.body.appendChild(video);
  pc.ontrack = (e) => { video.srcObject = e.streams[0]; void video.play(); };
  window.bare2 = { pc, ws, video };
  const pending = [];
  pc.onicecandidate = (e) => { if (e.candidate) ws.send(JSON.stringify({ candidate: e.candidate })); };
  ws.onmessage = async (event) => {
    const m = JSON.parse(event.data);
    if (m.sdp) {
      await pc.setRemoteDescription(m.sdp);
      for (const c of pending.splice(0)) await pc.addIceCandidate(c);
      if (m.sdp.type === 'offer') {
        await pc.setLocalDescription(await pc.createAnswer());
        ws.send(JSON.stringify({ sdp: pc.localDescription }));
      }
    } else if (m.candidate) {
      if (pc.remoteDescription) await pc.addIceCandidate(m.candidate); else pending.push(m.candidate);
    }
  };
  if (role === 'b') return 0;
  const start = performance.now();
  await pc.setLocalDescription(await pc.createOffer());
  ws.send(JSON.stringify({ sdp: pc.localDescription }));
  return await new Promise((resolve, reject) => {
    const deadline = start + 60000;
    const poll = () => {
      if (video.getVideoPlaybackQuality().totalVideoFrames > 0) return resolve(performance.now() - start);
      if (performance.now() > deadline) return reject(new Error('two-page bare pair: no frame within 60 s'));
      requestAnimationFrame(poll);
    };
    poll();
  });
}`;

/** A blank page to run the two-page pair in, and the WebSocket forwarder between its sides. */
async function startForwarder(): Promise<{
  url: string;
  wsUrl: string;
  close: () => Promise<void>;
}> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bare</title>');
  });
  const wss = new WebSocketServer({ server });
  const sockets = new Map<string, WebSocket>();
  wss.on('connection', (socket, req) => {
    const role = new URL(req.url ?? '/', 'http://x').searchParams.get('role') ?? '';
    sockets.set(role, socket);
    socket.on('message', (data: Buffer) =>
      sockets.get(role === 'a' ? 'b' : 'a')?.send(data.toString('utf8')),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    wsUrl: `ws://127.0.0.1:${String(port)}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** Closes the page's bare pair (one-page or two-page), so it streams nothing meanwhile. */
const CLOSE_BARE = `() => {
  for (const key of ['barePair', 'bare2']) {
    const pair = window[key];
    if (!pair) continue;
    for (const pc of [pair.a, pair.b, pair.pc]) if (pc) pc.close();
    if (pair.ws) pair.ws.close();
    pair.video.remove();
    delete window[key];
  }
}`;

const BARE_RENDERED = `() => window.barePair ? [window.barePair.video.getVideoPlaybackQuality().totalVideoFrames] : []`;

async function evalSource<T>(page: Page, source: string, arg?: unknown): Promise<T> {
  return page.evaluate(
    ([src, value]) => {
      const fn = (0, eval)(src) as (v: unknown) => unknown;
      return fn(value);
    },
    [source, arg] as const,
  ) as Promise<T>;
}

/** Opens the link in a new context and goes through device check, name and consent. */
async function joinByLink(browser: Browser, link: string, name: string) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByText('Camera works.').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  return { context, page };
}

/** Polls until every page's remote frame counts rose past what they were at `since`. */
async function untilFlowing(pages: { page: Page; source: string }[]): Promise<number> {
  const start = performance.now();
  const before = await Promise.all(pages.map((p) => evalSource<number[]>(p.page, p.source)));
  for (;;) {
    const now = await Promise.all(pages.map((p) => evalSource<number[]>(p.page, p.source)));
    if (now.every((n, i) => n.length > 0 && n.every((v, j) => v > (before[i]?.[j] ?? 0)))) {
      return performance.now() - start;
    }
    if (performance.now() - start > 60_000) throw new Error('frames did not resume within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function cut(coturn: CoturnProcess, then: () => Promise<number>): Promise<number> {
  process.kill(coturn.pid, 'SIGSTOP');
  try {
    await new Promise((r) => setTimeout(r, CUT_MS));
  } finally {
    process.kill(coturn.pid, 'SIGCONT');
  }
  return then();
}

export const callBench: Benchmark = {
  id: 'call',
  async run(): Promise<BenchResult[]> {
    const coturn = await startCoturn();
    const host = await startWebHostProcess(['--turn-url', coturn.turnUrl, '--relay-only'], {
      env: { TURN_SECRET: coturn.secret },
    });
    const browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...chromiumArgs, ...FAKE_MEDIA],
    });
    const contexts: BrowserContext[] = [];
    const forwarder = await startForwarder();
    try {
      const patient = DEMO_PATIENTS.find((p) => p.id === 'sandbox-hypertension');
      if (!patient) throw new Error('demo patient missing');
      const clinicianContext = await browser.newContext({ permissions: ['camera', 'microphone'] });
      contexts.push(clinicianContext);
      const doc = await clinicianContext.newPage();
      await signIn(doc, host.url, patient.name);
      await doc.getByTestId('consult-start').click();
      await doc.getByTestId('invite-link').first().waitFor();

      const barePage = await (
        await browser.newContext({ permissions: ['camera', 'microphone'] })
      ).newPage();
      contexts.push(barePage.context());
      await barePage.goto(host.url);
      const iceServers = () => [
        turnCredentials({ urls: [coturn.turnUrl], secret: coturn.secret }, 'bench'),
      ];
      const [bare2a, bare2b] = await Promise.all(
        [0, 1].map(async () => {
          const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
          contexts.push(context);
          const page = await context.newPage();
          await page.goto(forwarder.url);
          return page;
        }),
      );
      if (!bare2a || !bare2b) throw new Error('no two-page pair');
      const bareTwoPages = async (): Promise<number> => {
        const arg = { wsUrl: forwarder.wsUrl, iceServers: iceServers() };
        await evalSource<number>(bare2b, BARE2, { ...arg, role: 'b' });
        return evalSource<number>(bare2a, BARE2, { ...arg, role: 'a' });
      };

      // call-setup: a new guest per round (the patient link first, then family links).
      const ours: number[] = [];
      const bare: number[] = [];
      const bare2: number[] = [];
      let last: { context: BrowserContext; page: Page } | undefined;
      for (let round = 0; round <= SETUP_ROUNDS; round++) {
        let link: string;
        if (round === 0) {
          link = await doc.getByTestId('invite-link').first().inputValue();
        } else {
          const count = await doc
            .locator('[data-role="family"] [data-testid="invite-link"]')
            .count();
          await doc.getByTestId('invite-role').click();
          await doc.getByRole('option', { name: 'Family member' }).click();
          await doc.getByTestId('invite-create').click();
          const links = doc.locator('[data-role="family"] [data-testid="invite-link"]');
          await links.nth(count).waitFor();
          link = await links.nth(count).inputValue();
        }
        // Two parties at every admission, like the bare pair: the previous guest leaves first
        // (an explicit bye) and the clinician's screen has no remote tile left.
        if (last) {
          await last.page.getByTestId('leave').click();
          await doc.locator('[data-testid="video-tile"][data-frames-decoded]').first().waitFor({
            state: 'detached',
          });
          await last.context.close();
        }
        const guest = await joinByLink(browser, link, `Guest ${round}`);
        contexts.push(guest.context);
        const entry = doc.getByTestId('lobby-entry').filter({ hasText: `Guest ${round}` });
        await entry.waitFor({ timeout: 30_000 });
        const id = await entry.getAttribute('data-participant-id');
        // Each is measured with nothing else streaming: the bare pairs first (then closed),
        // then ours (the previous guest has left).
        const bareSetup = await evalSource<number>(barePage, BARE_SETUP, iceServers());
        await evalSource(barePage, CLOSE_BARE);
        const bare2Setup = await bareTwoPages();
        await Promise.all([bare2a, bare2b].map((page) => evalSource(page, CLOSE_BARE)));
        const setup = await evalSource<number>(doc, ADMIT_TO_FIRST_FRAME, id);
        console.log(
          `round ${round}: ours ${setup.toFixed(0)} ms, bare ${bareSetup.toFixed(0)} ms, ` +
            `bare in two pages ${bare2Setup.toFixed(0)} ms`,
        );
        // Round 0 warms both paths up (code, JIT, the relay's first allocation).
        if (round > 0) {
          ours.push(setup);
          bare.push(bareSetup);
          bare2.push(bare2Setup);
        }
        last = guest;
      }
      if (!last) throw new Error('no call');

      // call-recovery: the last guest and the clinician; a new bare pair.
      await evalSource<number>(barePage, BARE_SETUP, iceServers());
      const call = [
        { page: doc, source: RENDERED },
        { page: last.page, source: RENDERED },
      ];
      const recoveries: number[] = [];
      const bareRecoveries: number[] = [];
      for (let i = 0; i < RECOVERY_ROUNDS; i++) {
        await untilFlowing(call);
        recoveries.push(await cut(coturn, () => untilFlowing(call)));
        await untilFlowing([{ page: barePage, source: BARE_RENDERED }]);
        bareRecoveries.push(
          await cut(coturn, () => untilFlowing([{ page: barePage, source: BARE_RENDERED }])),
        );
      }
      const setupOurs = median(ours);
      const setupBare = median(bare);
      const setupBare2 = median(bare2);
      const recOurs = median(recoveries);
      const recBare = median(bareRecoveries);
      return [
        {
          id: 'call-setup',
          what: `Admit → first remote frame, ms (median of ${ours.length}, relay-only through coturn): consult (signaling + simple-peer) vs bare RTCPeerConnection pair, createOffer → first frame`,
          ours: setupOurs,
          baseline: setupBare,
          ratio: setupOurs / setupBare,
          goal: 'ratio ≤ 1.2',
          met: setupOurs / setupBare <= 1.2,
        },
        {
          id: 'call-setup-2pages',
          what: `Admit → first remote frame, ms (median of ${ours.length}): the same consult vs a bare pair in two browser contexts exchanging through a minimal WebSocket forwarder, createOffer → first frame`,
          ours: setupOurs,
          baseline: setupBare2,
          ratio: setupOurs / setupBare2,
          goal: 'ratio ≤ 1.2',
          met: setupOurs / setupBare2 <= 1.2,
        },
        {
          id: 'call-recovery',
          what: `after a ${CUT_MS / 1000} s relay cut, ms until video flows again on both sides (median of ${RECOVERY_ROUNDS}); baseline = bare pair under the same cut`,
          ours: recOurs,
          baseline: recBare,
          ratio: recOurs / recBare,
          goal: 'ours < 3000 ms',
          met: recOurs < 3000,
        },
      ];
    } finally {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await forwarder.close();
      await host.stop();
      await coturn.stop();
    }
  },
};
