/**
 * signaling-1000-rooms: one signaling node with 1,000 rooms of simulated peers (a host and an
 * admitted patient per room, 2,000 WebSockets). Every room relays signals both ways at once;
 * we measure the relay latency (send → delivery at the other peer) and the node's memory.
 *
 * ours     = server/signaling (ticket join, zod validation, rate limits, the bus) in this process
 * baseline = a bare `ws` server that forwards each frame to the paired socket, no validation:
 *            the least any relay must do.
 * Latency ratio = p99 ours / p99 bare. Memory is reported per room (heap + RSS delta after all
 * rooms joined), for capacity planning.
 */
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { startSignalingServer } from '../server/signaling/server';
import { TicketAuthority } from '../server/signaling/tickets';
import { type BenchResult, type Benchmark } from './harness';

const ROOMS = Number(process.env.BENCH_SIGNALING_ROOMS ?? 1000);
/** Signals each peer sends per round (one round = every room at once). */
const ROUNDS = 5;
const SECRET = 'bench-secret-that-is-long-enough-0123456789abcdef';
/** Latency may cost at most this factor over the bare relay at p99. */
const GOAL_RATIO = 3;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the first message for which `test` returns a value. */
function waitFor<T>(
  ws: WebSocket,
  test: (msg: Record<string, unknown>) => T | undefined,
): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const value = test(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      if (value !== undefined) {
        ws.off('message', onMessage);
        resolve(value);
      }
    };
    ws.on('message', onMessage);
  });
}

interface Pair {
  a: WebSocket;
  b: WebSocket;
  /** Frame sent from a to b / b to a, with a slot for the send time. */
  frame: (from: 'a' | 'b', sentAt: number) => string;
  /** The send time carried by a received frame. */
  sentAt: (msg: Record<string, unknown>) => number | undefined;
}

/** Sends one frame each way in every pair at once; returns the delivery latencies (ms). */
async function relayRound(pairs: Pair[]): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    pairs.flatMap((pair) =>
      (['a', 'b'] as const).map((from) => {
        const to = from === 'a' ? pair.b : pair.a;
        const got = waitFor(to, (msg) => pair.sentAt(msg));
        (from === 'a' ? pair.a : pair.b).send(pair.frame(from, performance.now()));
        return got.then((sent) => latencies.push(performance.now() - sent));
      }),
    ),
  );
  return latencies;
}

async function measure(pairs: Pair[]): Promise<number[]> {
  await relayRound(pairs); // warm-up
  const all: number[] = [];
  for (let i = 0; i < ROUNDS; i++) all.push(...(await relayRound(pairs)));
  return all;
}

function memory(): { heap: number; rss: number } {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

async function ours(): Promise<{ latencies: number[]; bytesPerRoom: number; rssPerRoom: number }> {
  const server = await startSignalingServer({
    secret: SECRET,
    verifyClinician: () => Promise.reject(new Error('not used')),
  });
  const tickets = new TicketAuthority(SECRET);
  const before = memory();
  const pairs: Pair[] = [];
  try {
    for (let r = 0; r < ROOMS; r++) {
      const room = `bench-room-${String(r).padStart(6, '0')}`;
      const host = await open(server.wsUrl);
      const hostTicket = await tickets.issue({
        kind: 'host',
        room,
        role: 'host',
        sub: `Practitioner/${r}`,
        ttlSeconds: 600,
      });
      const hostWelcome = waitFor(host, (m) =>
        m.type === 'welcome' ? (m.self as { id: string }).id : undefined,
      );
      host.send(JSON.stringify({ type: 'join', ticket: hostTicket.ticket }));
      const hostId = await hostWelcome;
      const patient = await open(server.wsUrl);
      const invite = await tickets.issue({
        kind: 'invite',
        room,
        role: 'patient',
        ttlSeconds: 600,
      });
      const patientWelcome = waitFor(patient, (m) =>
        m.type === 'welcome' ? (m.self as { id: string }).id : undefined,
      );
      patient.send(JSON.stringify({ type: 'join', ticket: invite.ticket, name: 'Bench' }));
      const patientId = await patientWelcome;
      const admitted = waitFor(patient, (m) => (m.type === 'admitted' ? true : undefined));
      host.send(JSON.stringify({ type: 'admit', participantId: patientId }));
      await admitted;
      // The host's roster must show the patient admitted before it may signal to them.
      await new Promise((resolve) => setTimeout(resolve, 0));
      pairs.push({
        a: host,
        b: patient,
        frame: (from, sentAt) =>
          JSON.stringify({
            type: 'signal',
            to: from === 'a' ? patientId : hostId,
            pc: 'pcbench00001',
            data: {
              type: 'candidate',
              candidate: {
                candidate: `candidate:${sentAt} 1 udp 1 127.0.0.1 9 typ host`,
                sdpMid: '0',
                sdpMLineIndex: 0,
              },
            },
          }),
        sentAt: (m) => {
          if (m.type !== 'signal') return undefined;
          const c = (m.data as { candidate?: { candidate?: string } }).candidate?.candidate ?? '';
          const match = /^candidate:([\d.]+) /.exec(c);
          return match ? Number(match[1]) : undefined;
        },
      });
    }
    const after = memory();
    // Spread the load like real calls do not all start at once: wait for rosters to settle.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const latencies = await measure(pairs);
    return {
      latencies,
      bytesPerRoom: (after.heap - before.heap) / ROOMS,
      rssPerRoom: (after.rss - before.rss) / ROOMS,
    };
  } finally {
    for (const p of pairs) {
      p.a.terminate();
      p.b.terminate();
    }
    await server.close();
  }
}

async function bare(): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const waiting = new Map<string, WebSocket>();
  wss.on('connection', (ws, req) => {
    const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
    const other = waiting.get(room);
    if (!other) {
      waiting.set(room, ws);
      return;
    }
    waiting.delete(room);
    ws.on('message', (data: Buffer) => other.send(data.toString('utf8')));
    other.on('message', (data: Buffer) => ws.send(data.toString('utf8')));
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const pairs: Pair[] = [];
  try {
    for (let r = 0; r < ROOMS; r++) {
      const a = await open(`${url}/?room=${r}`);
      const b = await open(`${url}/?room=${r}`);
      pairs.push({
        a,
        b,
        frame: (_from, sentAt) => JSON.stringify({ type: 'signal', at: sentAt }),
        sentAt: (m) => (typeof m.at === 'number' ? m.at : undefined),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    return await measure(pairs);
  } finally {
    for (const p of pairs) {
      p.a.terminate();
      p.b.terminate();
    }
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

export const signalingRooms: Benchmark = {
  id: 'signaling-1000-rooms',
  async run(): Promise<BenchResult[]> {
    const baseline = await bare();
    const mine = await ours();
    const p99 = percentile(mine.latencies, 99);
    const p99Bare = percentile(baseline, 99);
    const p50 = percentile(mine.latencies, 50);
    const p50Bare = percentile(baseline, 50);
    return [
      {
        id: 'signaling-1000-rooms/p99',
        what: `${ROOMS} rooms (${ROOMS * 2} sockets), every room relaying both ways at once, ${ROUNDS} rounds: p99 relay latency ms, signaling node vs bare ws forwarder`,
        ours: p99,
        baseline: p99Bare,
        ratio: p99 / p99Bare,
        goal: `ratio ≤ ${GOAL_RATIO}`,
        met: p99 / p99Bare <= GOAL_RATIO,
      },
      {
        id: 'signaling-1000-rooms/p50',
        what: 'same run, p50 relay latency ms',
        ours: p50,
        baseline: p50Bare,
        ratio: p50 / p50Bare,
        goal: 'reported',
        met: true,
      },
      {
        id: 'signaling-1000-rooms/memory',
        what: `heap KiB per room (host + patient joined and admitted); RSS KiB per room = ${(mine.rssPerRoom / 1024).toFixed(1)}`,
        ours: mine.bytesPerRoom / 1024,
        baseline: mine.rssPerRoom / 1024,
        ratio: mine.bytesPerRoom / Math.max(1, mine.rssPerRoom),
        goal: 'reported (capacity planning)',
        met: true,
      },
    ];
  },
};
