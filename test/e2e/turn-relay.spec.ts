/**
 * TURN relay through a real coturn (test/support/coturn-process.ts) with credentials from
 * server/signaling/turn.ts: two RTCPeerConnections in Chromium, relay-only, exchange data-channel
 * messages over the relay; with a wrong secret or expired credentials coturn refuses them and
 * nothing connects, so the credentials are what makes it work.
 */
import { expect, test, type Page } from '@playwright/test';
import { turnCredentials } from '../../server/signaling/turn';
import { startCoturn, type CoturnProcess } from '../support/coturn-process';
import { failOnPageErrors } from './support';

interface CandidateInfo {
  candidateType: string;
  address: string;
  port: number;
  protocol: string;
  url: string | null;
}

interface PeerSnapshot {
  connectionStates: string[];
  iceConnectionStates: string[];
  gatheringState: string;
  candidateTypes: string[];
  candidateErrors: { errorCode: number; errorText: string; url: string }[];
  received: string[];
  selected: { local: CandidateInfo; remote: CandidateInfo } | null;
}

interface CallSnapshot {
  a: PeerSnapshot;
  b: PeerSnapshot;
}

interface IceServerArg {
  urls: string[];
  username: string;
  credential: string;
}

/**
 * Runs in the page (as source: see tamper.spec.ts for why). Sets up peers A and B with
 * relay-only ICE, trickles candidates between them in the page, opens a data channel, and each
 * side sends one message when it opens. `window.__turnCall.snapshot()` reports the state.
 */
const CALL_SCRIPT = `async ({ iceServers, messages }) => {
  const config = { iceServers, iceTransportPolicy: 'relay' };
  const peers = {};
  for (const name of ['a', 'b']) {
    const pc = new RTCPeerConnection(config);
    const peer = {
      pc,
      connectionStates: [pc.connectionState],
      iceConnectionStates: [pc.iceConnectionState],
      candidateTypes: [],
      candidateErrors: [],
      received: [],
      pending: [],
    };
    pc.onconnectionstatechange = () => peer.connectionStates.push(pc.connectionState);
    pc.oniceconnectionstatechange = () => peer.iceConnectionStates.push(pc.iceConnectionState);
    pc.onicecandidateerror = (e) =>
      peer.candidateErrors.push({ errorCode: e.errorCode, errorText: e.errorText, url: e.url });
    peers[name] = peer;
  }
  const other = { a: peers.b, b: peers.a };
  const deliver = async (to, candidate) => {
    if (to.pc.remoteDescription) await to.pc.addIceCandidate(candidate);
    else to.pending.push(candidate);
  };
  const flush = async (peer) => {
    for (const c of peer.pending.splice(0)) await peer.pc.addIceCandidate(c);
  };
  for (const name of ['a', 'b']) {
    const peer = peers[name];
    peer.pc.onicecandidate = (e) => {
      if (!e.candidate) return;
      peer.candidateTypes.push(e.candidate.type);
      void deliver(other[name], e.candidate);
    };
  }
  const wire = (peer, channel, message) => {
    channel.onmessage = (e) => peer.received.push(String(e.data));
    const send = () => channel.send(message);
    if (channel.readyState === 'open') send();
    else channel.onopen = send;
  };
  wire(peers.a, peers.a.pc.createDataChannel('turn-check'), messages.a);
  peers.b.pc.ondatachannel = (e) => wire(peers.b, e.channel, messages.b);

  const negotiate = async () => {
    await peers.a.pc.setLocalDescription(await peers.a.pc.createOffer());
    await peers.b.pc.setRemoteDescription(peers.a.pc.localDescription);
    await flush(peers.b);
    await peers.b.pc.setLocalDescription(await peers.b.pc.createAnswer());
    await peers.a.pc.setRemoteDescription(peers.b.pc.localDescription);
    await flush(peers.a);
  };
  await negotiate();

  const candidateInfo = (s) => ({
    candidateType: s.candidateType,
    address: s.address ?? s.ip,
    port: s.port,
    protocol: s.protocol,
    url: s.url ?? null,
  });
  const selectedPair = async (pc) => {
    const stats = await pc.getStats();
    const all = [...stats.values()];
    const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport
      ? stats.get(transport.selectedCandidatePairId)
      : all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    if (!pair) return null;
    return {
      local: candidateInfo(stats.get(pair.localCandidateId)),
      remote: candidateInfo(stats.get(pair.remoteCandidateId)),
    };
  };
  const snapshotOf = async (peer) => ({
    connectionStates: [...peer.connectionStates],
    iceConnectionStates: [...peer.iceConnectionStates],
    gatheringState: peer.pc.iceGatheringState,
    candidateTypes: [...peer.candidateTypes],
    candidateErrors: [...peer.candidateErrors],
    received: [...peer.received],
    selected: await selectedPair(peer.pc),
  });
  window.__turnCall = {
    snapshot: async () => ({ a: await snapshotOf(peers.a), b: await snapshotOf(peers.b) }),
    close: () => { peers.a.pc.close(); peers.b.pc.close(); },
    /** What CallSession does with an 'ice-servers' frame, then an ICE restart. */
    refresh: async (fresh) => {
      for (const peer of [peers.a, peers.b]) {
        peer.pc.setConfiguration({ ...peer.pc.getConfiguration(), iceServers: fresh });
      }
      peers.a.pc.restartIce();
      await negotiate();
    },
  };
}`;

async function startCall(
  page: Page,
  iceServers: IceServerArg[],
  messages: { a: string; b: string },
): Promise<void> {
  // about:blank is enough: RTCPeerConnection needs no secure context or app code.
  await page.goto('about:blank');
  await page.evaluate(
    async ([source, arg]) => {
      const start = (0, eval)(source) as (a: typeof arg) => Promise<void>;
      await start(arg);
    },
    [CALL_SCRIPT, { iceServers, messages }] as const,
  );
}

function snapshot(page: Page): Promise<CallSnapshot> {
  return page.evaluate<CallSnapshot>('window.__turnCall.snapshot()');
}

/** Waits (bounded) until each side received the other's message over the data channel. */
async function messagesCrossed(page: Page, messages: { a: string; b: string }): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await snapshot(page);
        return { a: s.a.received, b: s.b.received };
      },
      { timeout: 20_000 },
    )
    .toEqual({ a: [messages.b], b: [messages.a] });
}

function credentialsFor(coturn: CoturnProcess, secret: string, userId: string, now?: number) {
  const { urls, username, credential } = turnCredentials(
    { urls: [coturn.turnUrl], secret, ttlSeconds: 600 },
    userId,
    now,
  );
  return { username, iceServers: [{ urls, username, credential }] };
}

/** coturn's log lines for one REST-API username (its `--verbose` session lines). */
function logFor(coturn: CoturnProcess, username: string): string[] {
  return coturn
    .log()
    .split('\n')
    .filter(
      (line) => line.includes(`user <${username}>`) || line.includes(`username=<${username}>`),
    );
}

let coturn: CoturnProcess;

test.beforeAll(async () => {
  coturn = await startCoturn();
});

test.afterAll(async () => {
  await coturn.stop();
});

test.beforeEach(({ page }) => failOnPageErrors(page));

test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    const state: unknown = await page
      .evaluate('window.__turnCall && window.__turnCall.snapshot()')
      .catch((error: unknown) => String(error));
    await testInfo.attach('peers.json', {
      body: JSON.stringify(state, null, 2),
      contentType: 'application/json',
    });
    await testInfo.attach('coturn.log', { body: coturn.log(), contentType: 'text/plain' });
  }
  await page.evaluate('window.__turnCall && window.__turnCall.close()').catch(() => undefined);
});

test('two peers connect through coturn relay candidates with REST-API credentials', async ({
  page,
}) => {
  const { username, iceServers } = credentialsFor(coturn, coturn.secret, `clinician-${Date.now()}`);
  const nonce = Math.random().toString(36).slice(2);
  const messages = { a: `hello from A ${nonce}`, b: `hello from B ${nonce}` };
  await startCall(page, iceServers, messages);

  await messagesCrossed(page, messages);

  const s = await snapshot(page);
  for (const side of [s.a, s.b]) {
    expect(side.connectionStates).toContain('connected');
    // Relay-only: nothing but relay candidates was gathered, and TURN reported no error.
    expect(side.candidateTypes.length).toBeGreaterThan(0);
    expect(new Set(side.candidateTypes)).toEqual(new Set(['relay']));
    expect(side.candidateErrors).toEqual([]);
    expect(side.selected).not.toBeNull();
    for (const candidate of [side.selected?.local, side.selected?.remote]) {
      expect(candidate?.candidateType).toBe('relay');
      // Relayed by this coturn: its relay IP and one of its relay ports.
      expect(candidate?.address).toBe(coturn.host);
      expect(candidate?.port).toBeGreaterThanOrEqual(coturn.minPort);
      expect(candidate?.port).toBeLessThanOrEqual(coturn.maxPort);
    }
    expect(side.selected?.local.url).toBe(coturn.turnUrl);
  }
  // A's remote candidate is B's relay address and vice versa.
  expect(s.a.selected?.remote.port).toBe(s.b.selected?.local.port);
  expect(s.b.selected?.remote.port).toBe(s.a.selected?.local.port);

  // coturn accepted this username: two allocations (one per peer) and permissions for the peer.
  const lines = logFor(coturn, username);
  // Counted per TURN session: a retransmitted ALLOCATE (UDP, a loaded machine) is logged
  // again for the same session, and that is still one allocation.
  const allocated = new Set(
    lines
      .filter((l) => l.includes('ALLOCATE processed, success'))
      .map((l) => /session (\d+)/.exec(l)?.[1]),
  );
  expect(allocated.size).toBe(2);
  expect(lines.some((l) => l.includes('CREATE_PERMISSION processed, success'))).toBe(true);
  expect(lines.filter((l) => l.includes('error 401'))).toEqual([]);
});

test('connections made with expired credentials connect after fresh ones and an ICE restart', async ({
  page,
}) => {
  // What a call that outlives its credentials' TTL has: the signaling service's 'ice-servers'
  // frame brings fresh ones (server/signaling/node.ts); CallSession sets them on each connection.
  const expired = credentialsFor(
    coturn,
    coturn.secret,
    `late-${Date.now()}`,
    Date.now() - 3_600_000,
  );
  const messages = { a: 'after refresh from A', b: 'after refresh from B' };
  await startCall(page, expired.iceServers, messages);
  await expect
    .poll(async () => (await snapshot(page)).a.gatheringState, { timeout: 20_000 })
    .toBe('complete');
  expect((await snapshot(page)).a.candidateTypes).toEqual([]);

  const fresh = credentialsFor(coturn, coturn.secret, `late-${Date.now()}`);
  await page.evaluate(async (servers) => {
    const call = (window as unknown as { __turnCall: { refresh: (s: unknown) => Promise<void> } })
      .__turnCall;
    await call.refresh(servers);
  }, fresh.iceServers);
  // Connected through the relay, and A's message arrives over it. (B's answer on a data
  // channel that opened across an ICE restart is not what this shows, and is left out.)
  await expect
    .poll(
      async () => {
        const snap = await snapshot(page);
        return { connected: snap.a.connectionStates.includes('connected'), b: snap.b.received };
      },
      { timeout: 20_000 },
    )
    .toEqual({ connected: true, b: [messages.a] });
  const s = await snapshot(page);
  expect(s.a.selected?.local.candidateType).toBe('relay');
  expect(
    logFor(coturn, fresh.username).some((l) => l.includes('ALLOCATE processed, success')),
  ).toBe(true);
});

for (const control of [
  { name: 'a wrong secret', secret: () => `${coturn.secret}x`, now: () => Date.now() },
  // A valid HMAC, but the expiry in the username has passed (coturn checks it).
  { name: 'expired credentials', secret: () => coturn.secret, now: () => Date.now() - 3_600_000 },
]) {
  test(`with ${control.name} coturn refuses the allocation and nothing connects`, async ({
    page,
  }) => {
    const { username, iceServers } = credentialsFor(
      coturn,
      control.secret(),
      `clinician-${Date.now()}`,
      control.now(),
    );
    await startCall(page, iceServers, { a: 'must not arrive', b: 'must not arrive' });

    // Both sides finish gathering (bounded): every TURN allocation was refused.
    await expect
      .poll(
        async () => {
          const s = await snapshot(page);
          return [s.a.gatheringState, s.b.gatheringState];
        },
        { timeout: 20_000 },
      )
      .toEqual(['complete', 'complete']);

    const s = await snapshot(page);
    for (const side of [s.a, s.b]) {
      expect(side.candidateTypes).toEqual([]);
      expect(side.candidateErrors.map((e) => [e.errorCode, e.url])).toContainEqual([
        401,
        coturn.turnUrl,
      ]);
      expect(side.connectionStates).not.toContain('connected');
      expect(side.iceConnectionStates).not.toContain('connected');
      expect(side.received).toEqual([]);
      expect(side.selected).toBeNull();
    }
    // coturn saw this username and refused it; it never allocated a relay for it.
    const lines = logFor(coturn, username);
    expect(lines.some((l) => l.includes('error 401'))).toBe(true);
    expect(lines.filter((l) => l.includes('ALLOCATE processed, success'))).toEqual([]);
  });
}
