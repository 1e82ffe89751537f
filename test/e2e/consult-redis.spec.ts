/**
 * A call across two signaling nodes (issue 4): the clinician's workstation uses node A, the
 * patient opens the link on node B, and the nodes share rooms through a real redis-server.
 * Both nodes are `npm run signaling` processes (the deployable service), trusting the sandbox's
 * tokens; the knock, the admission and every WebRTC signal cross nodes through Redis.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';
import { trackChild } from '../support/live-children';
import { startRedisProcess, type RedisProcess } from '../support/redis-process';
import { freePort, startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { projectRoot, startWebHostProcess, type WebHostProcess } from '../support/web-host-process';
import { completeSteps, demoPatient, failOnPageErrors, signIn } from './support';

test.use({
  launchOptions: {
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  },
  permissions: ['camera', 'microphone'],
});
test.describe.configure({ timeout: 120_000 });

interface Node {
  url: string;
  stop(): Promise<void>;
}

/** `npm run signaling` as its own process; stopped by its PID. */
async function startNode(port: number, args: string[], secret: string): Promise<Node> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/signaling/cli.ts', '--port', String(port), ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, SIGNALING_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('signaling did not start');
  const untrack = trackChild(pid);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`signaling not ready:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('SIGNALING_READY ')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => fail(new Error(`signaling exited:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      process.kill(pid, 'SIGTERM');
      await exited;
      untrack();
    },
  };
}

let redis: RedisProcess;
let sandbox: SandboxProcess;
let host: WebHostProcess;
let nodes: Node[] = [];
let stateDir: string;

test.beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'consult-redis-'));
  redis = await startRedisProcess();
  sandbox = await startSandboxProcess({ stateDir });
  const [portA, portB] = [await freePort(), await freePort()];
  const configFile = join(stateDir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ servers: [], consult: { signalingUrl: `http://127.0.0.1:${portA}` } }),
  );
  host = await startWebHostProcess(['--sandbox-url', sandbox.fhirBaseUrl, '--config', configFile]);
  const secret = randomBytes(32).toString('base64url');
  const common = [
    '--trust',
    `${sandbox.fhirBaseUrl}=${sandbox.origin}/auth/jwks`,
    '--cors',
    new URL(host.url).origin,
    '--redis',
    redis.url,
    '--patient-page',
    resolve(projectRoot, 'out/renderer'),
  ];
  nodes = [await startNode(portA, common, secret), await startNode(portB, common, secret)];
});

test.afterAll(async () => {
  for (const node of nodes) await node.stop();
  await host.stop();
  await sandbox.stop();
  await redis.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function framesRising(page: Page): Promise<void> {
  const read = () =>
    page
      .locator('[data-testid="video-tile"][data-frames-decoded] video')
      .evaluateAll((videos) =>
        videos.map((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames),
      );
  await expect.poll(async () => (await read()).length, { timeout: 30_000 }).toBe(1);
  const before = await read();
  await expect
    .poll(async () => (await read())[0] ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(before[0] ?? 0);
}

/** Keeps every RTCPeerConnection a page makes in `window.__pcs` (the call's are not exposed). */
const KEEP_CONNECTIONS = `(() => {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})()`;

/** The host's answer to the lobby offer is set, and its candidates gathered. */
function answeredInLobby(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.some(
      (pc) =>
        pc.remoteDescription?.type === 'offer' &&
        pc.localDescription?.type === 'answer' &&
        pc.iceGatheringState === 'complete',
    ),
  );
}

/** STUN checks the page's connections received, and the remote candidates they know. */
function iceSeen(page: Page): Promise<{ requests: number; remoteCandidates: number }> {
  return page.evaluate(async () => {
    let requests = 0;
    let remoteCandidates = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      const report = await pc.getStats();
      report.forEach((s: { type: string; requestsReceived?: number }) => {
        if (s.type === 'candidate-pair') requests += s.requestsReceived ?? 0;
        if (s.type === 'remote-candidate') remoteCandidates++;
      });
    }
    return { requests, remoteCandidates };
  });
}

test('a patient on node B is admitted by the clinician on node A and both see each other', async ({
  page,
  browser,
}) => {
  failOnPageErrors(page);
  await page.context().addInitScript(KEEP_CONNECTIONS);
  const [nodeA, nodeB] = nodes;
  if (!nodeA || !nodeB) throw new Error('nodes missing');
  const patient = demoPatient('sandbox-hypertension');
  await signIn(page, { patientName: patient.name, baseUrl: host.url });
  await page.getByTestId('consult-start').click();
  const link = await page.getByTestId('invite-link').first().inputValue();
  expect(link.startsWith(`${nodeA.url}/patient.html#ticket=`)).toBe(true);

  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(KEEP_CONNECTIONS);
  const pat = await context.newPage();
  failOnPageErrors(pat);
  // The same link, served by the other node (as a load balancer could).
  await pat.goto(link.replace(nodeA.url, nodeB.url));
  await expect(page.getByTestId('lobby-entry')).toBeVisible();
  await completeSteps(pat, 'Margaret Thompson');
  await expect(page.getByTestId('lobby-entry')).toContainText('Margaret Thompson');
  // The patient's offer crossed the nodes and the workstation answered it while they wait, yet
  // nothing reached the lobby: not the answer, and not one ICE check (this deployment is not
  // relay-only, so a check would come straight from the workstation's address).
  await expect.poll(() => answeredInLobby(page), { timeout: 30_000 }).toBe(true);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await iceSeen(pat)).toEqual({ requests: 0, remoteCandidates: 0 });
  await page.getByTestId('lobby-admit').click();
  await framesRising(page);
  await framesRising(pat);
  expect((await iceSeen(pat)).requests).toBeGreaterThan(0); // the same measure, once admitted
  await page.getByRole('textbox', { name: /message/i }).fill('Across two nodes');
  await page.getByRole('textbox', { name: /message/i }).press('Enter');
  await expect(pat.getByTestId('chat-message').last()).toContainText('Across two nodes');
  await context.close();
});
