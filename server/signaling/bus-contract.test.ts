/**
 * The SignalingBus contract, run against MemoryBus and against RedisBus on a real redis-server
 * (Debian's binary, started here on 127.0.0.1 and stopped by PID), plus what only a shared
 * Redis can show: two nodes, atomic claims across them, prefixes, restarts, unreachable Redis.
 *
 * No fixed sleeps as assertions: waits poll with a deadline, and "nothing arrived" is checked
 * behind a barrier message published afterwards (pub/sub delivery to one connection is in the
 * order Redis processed the publishes).
 */
// @vitest-environment node
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/sandbox-process';
import { startRedisProcess, type RedisProcess } from '../../test/support/redis-process';
import { MemoryBus, type SignalingBus } from './bus';
import { DEFAULT_KEY_PREFIX, RedisBus, type RedisBusOptions } from './redis-bus';

let redis: RedisProcess | undefined;

beforeAll(async () => {
  redis = await startRedisProcess();
}, 30_000);

afterAll(async () => {
  await redis?.stop();
}, 15_000);

function redisUrl(): string {
  if (!redis) throw new Error('redis-server was not started');
  return redis.url;
}

/** Buses opened by a test, closed after it whatever happened. */
const open: SignalingBus[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

async function track<T extends SignalingBus>(bus: Promise<T>): Promise<T> {
  const opened = await bus;
  open.push(opened);
  return opened;
}

/** A prefix of its own per test, so tests sharing the redis-server never see each other. */
function freshPrefix(): string {
  return `test:${randomUUID()}:`;
}

function connectRedis(options: RedisBusOptions = {}): Promise<RedisBus> {
  return track(RedisBus.connect(redisUrl(), { keyPrefix: freshPrefix(), ...options }));
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A handler that records what it receives. */
function recorder(): { handler: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { handler: (message) => messages.push(message), messages };
}

/**
 * Publishes a barrier on its own topic through `publisher` and waits until `subscriber`
 * receives it: everything published before it through the same Redis has been delivered.
 */
async function barrier(publisher: SignalingBus, subscriber: SignalingBus): Promise<void> {
  const topic = `barrier-${randomUUID()}`;
  const seen = recorder();
  const unsubscribe = await subscriber.subscribe(topic, seen.handler);
  await publisher.publish(topic, 'barrier');
  await until(() => seen.messages.length > 0, 'the barrier message');
  await unsubscribe();
}

interface BusKind {
  name: string;
  /** Two handles on one bus: the same MemoryBus twice, or two RedisBus nodes on one Redis. */
  create: () => Promise<[SignalingBus, SignalingBus]>;
}

const kinds: BusKind[] = [
  {
    name: 'MemoryBus',
    create: async () => {
      const bus = await track(Promise.resolve(new MemoryBus()));
      return [bus, bus];
    },
  },
  {
    name: 'RedisBus',
    create: async () => {
      const keyPrefix = freshPrefix();
      return [await connectRedis({ keyPrefix }), await connectRedis({ keyPrefix })];
    },
  },
];

describe.each(kinds)('SignalingBus contract: $name', ({ create }) => {
  it('delivers a published message to a subscriber of the topic, unchanged', async () => {
    const [bus] = await create();
    const seen = recorder();
    await bus.subscribe('room-1', seen.handler);
    const message = JSON.stringify({ type: 'offer', sdp: 'v=0\r\n…', note: 'ü 🩺' });
    await bus.publish('room-1', message);
    await until(() => seen.messages.length === 1, 'the message');
    expect(seen.messages).toEqual([message]);
  });

  it('delivers messages of one publisher in publish order, also when not awaited one by one', async () => {
    const [publisher, subscriber] = await create();
    const seen = recorder();
    await subscriber.subscribe('room-1', seen.handler);
    const sent = Array.from({ length: 100 }, (_, i) => `m${i}`);
    await Promise.all(sent.map((m) => publisher.publish('room-1', m)));
    await until(() => seen.messages.length === sent.length, 'all 100 messages');
    expect(seen.messages).toEqual(sent);
  });

  it('delivers to every handler of a topic and to no other topic', async () => {
    const [bus] = await create();
    const first = recorder();
    const second = recorder();
    const other = recorder();
    await bus.subscribe('room-1', first.handler);
    await bus.subscribe('room-1', second.handler);
    await bus.subscribe('room-2', other.handler);
    await bus.publish('room-1', 'hello');
    await barrier(bus, bus);
    expect(first.messages).toEqual(['hello']);
    expect(second.messages).toEqual(['hello']);
    expect(other.messages).toEqual([]);
  });

  it('unsubscribe removes only its own handler, is idempotent, and stops delivery', async () => {
    const [bus] = await create();
    const kept = recorder();
    const removed = recorder();
    await bus.subscribe('room-1', kept.handler);
    const unsubscribe = await bus.subscribe('room-1', removed.handler);
    await unsubscribe();
    await unsubscribe();
    await bus.publish('room-1', 'after');
    await barrier(bus, bus);
    expect(kept.messages).toEqual(['after']);
    expect(removed.messages).toEqual([]);
  });

  it('the same handler subscribed twice is two subscriptions, removed one at a time', async () => {
    const [bus] = await create();
    const seen = recorder();
    const unsubscribeFirst = await bus.subscribe('room-1', seen.handler);
    const unsubscribeSecond = await bus.subscribe('room-1', seen.handler);
    await bus.publish('room-1', 'a');
    await barrier(bus, bus);
    expect(seen.messages).toEqual(['a', 'a']);
    await unsubscribeFirst();
    await bus.publish('room-1', 'b');
    await barrier(bus, bus);
    expect(seen.messages).toEqual(['a', 'a', 'b']);
    await unsubscribeSecond();
    await bus.publish('room-1', 'c');
    await barrier(bus, bus);
    expect(seen.messages).toEqual(['a', 'a', 'b']);
  });

  it('can subscribe again after the last handler left', async () => {
    const [bus] = await create();
    const before = recorder();
    const unsubscribe = await bus.subscribe('room-1', before.handler);
    await unsubscribe();
    const after = recorder();
    await bus.subscribe('room-1', after.handler);
    await bus.publish('room-1', 'again');
    await until(() => after.messages.length === 1, 'the message after resubscribing');
    expect(before.messages).toEqual([]);
    expect(after.messages).toEqual(['again']);
  });

  it('setIfAbsent is true exactly once per key, and has() sees the key', async () => {
    const [a, b] = await create();
    expect(await a.has('ticket-1')).toBe(false);
    expect(await a.setIfAbsent('ticket-1', 60)).toBe(true);
    expect(await a.setIfAbsent('ticket-1', 60)).toBe(false);
    expect(await b.setIfAbsent('ticket-1', 60)).toBe(false);
    expect(await b.has('ticket-1')).toBe(true);
    expect(await b.has('ticket-2')).toBe(false);
    expect(await b.setIfAbsent('ticket-2', 60)).toBe(true);
  });

  it('setIfAbsent claimed concurrently: exactly one claim wins', async () => {
    const [a, b] = await create();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).setIfAbsent('ticket-race', 60)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a key expires after its TTL and can then be set again', async () => {
    const [a, b] = await create();
    const setAt = Date.now();
    expect(await a.setIfAbsent('short', 1)).toBe(true);
    expect(await b.has('short')).toBe(true);
    await until(async () => !(await b.has('short')), 'the key to expire', 5_000, 50);
    // Redis expires within ~1 ms of the deadline; allow for timer granularity.
    expect(Date.now() - setAt).toBeGreaterThanOrEqual(900);
    expect(await b.setIfAbsent('short', 60)).toBe(true);
  });

  it('close() resolves, also when called twice', async () => {
    const [a] = await create();
    await a.close();
    await expect(a.close()).resolves.toBeUndefined();
  });
});

describe('RedisBus on a shared redis-server', () => {
  it('a message published on node A reaches subscribers on A and B, in publish order', async () => {
    const keyPrefix = freshPrefix();
    const nodeA = await connectRedis({ keyPrefix });
    const nodeB = await connectRedis({ keyPrefix });
    const onA = recorder();
    const onB = recorder();
    const onB2 = recorder();
    await nodeA.subscribe('room-1', onA.handler);
    await nodeB.subscribe('room-1', onB.handler);
    await nodeB.subscribe('room-1', onB2.handler);
    const sent = Array.from({ length: 50 }, (_, i) => JSON.stringify({ seq: i }));
    for (const message of sent) await nodeA.publish('room-1', message);
    await until(
      () =>
        onA.messages.length === sent.length &&
        onB.messages.length === sent.length &&
        onB2.messages.length === sent.length,
      'all messages on both nodes',
    );
    expect(onA.messages).toEqual(sent);
    expect(onB.messages).toEqual(sent);
    expect(onB2.messages).toEqual(sent);
  });

  it('setIfAbsent raced from two nodes for the same key: exactly one node wins, every time', async () => {
    const keyPrefix = freshPrefix();
    const nodeA = await connectRedis({ keyPrefix });
    const nodeB = await connectRedis({ keyPrefix });
    for (let round = 0; round < 50; round++) {
      const key = `ticket-${round}`;
      const [wonA, wonB] = await Promise.all([
        nodeA.setIfAbsent(key, 60),
        nodeB.setIfAbsent(key, 60),
      ]);
      expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
      expect(await nodeA.has(key)).toBe(true);
      expect(await nodeB.has(key)).toBe(true);
    }
  });

  it('keys and channels carry the prefix (default cw:signaling:) in Redis', async () => {
    const bus = await track(RedisBus.connect(redisUrl()));
    const raw = createClient({ url: redisUrl() });
    raw.on('error', () => undefined);
    await raw.connect();
    try {
      const key = `contract-${randomUUID()}`;
      expect(await bus.setIfAbsent(key, 60)).toBe(true);
      expect(await raw.exists(DEFAULT_KEY_PREFIX + key)).toBe(1);
      expect(await raw.exists(key)).toBe(0);
      const ttl = await raw.ttl(DEFAULT_KEY_PREFIX + key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);

      const topic = `topic-${randomUUID()}`;
      await bus.subscribe(topic, () => undefined);
      expect(await raw.pubSubNumSub([DEFAULT_KEY_PREFIX + topic, topic])).toEqual({
        [DEFAULT_KEY_PREFIX + topic]: 1,
        [topic]: 0,
      });
      // Fractional TTLs are honoured too (SET … PX).
      expect(await bus.setIfAbsent(`${key}-ms`, 0.5)).toBe(true);
      const pttl = await raw.pTTL(`${DEFAULT_KEY_PREFIX}${key}-ms`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(500);
      await expect(bus.setIfAbsent('bad', 0)).rejects.toThrow(RangeError);
    } finally {
      await raw.close();
    }
  });

  it('two prefixes on one Redis do not see each other’s messages or keys', async () => {
    const p1 = await connectRedis({ keyPrefix: freshPrefix() });
    const p2 = await connectRedis({ keyPrefix: freshPrefix() });
    const on1 = recorder();
    const on2 = recorder();
    await p1.subscribe('room-1', on1.handler);
    await p2.subscribe('room-1', on2.handler);
    await p1.publish('room-1', 'for p1');
    // p1's PUBLISH has completed, so Redis queued any delivery to p2 before p2's barrier.
    await barrier(p2, p2);
    await until(() => on1.messages.length === 1, 'the message on p1');
    expect(on1.messages).toEqual(['for p1']);
    expect(on2.messages).toEqual([]);

    expect(await p1.setIfAbsent('ticket', 60)).toBe(true);
    expect(await p2.has('ticket')).toBe(false);
    expect(await p2.setIfAbsent('ticket', 60)).toBe(true);
  });

  it('unsubscribes from Redis only when the last handler of a channel goes', async () => {
    const keyPrefix = freshPrefix();
    const bus = await connectRedis({ keyPrefix });
    const raw = createClient({ url: redisUrl() });
    raw.on('error', () => undefined);
    await raw.connect();
    const channel = `${keyPrefix}room-1`;
    const subscribers = async (): Promise<number> =>
      (await raw.pubSubNumSub(channel))[channel] ?? -1;
    try {
      const first = recorder();
      const second = recorder();
      const unsubscribeFirst = await bus.subscribe('room-1', first.handler);
      const unsubscribeSecond = await bus.subscribe('room-1', second.handler);
      expect(await subscribers()).toBe(1);
      await unsubscribeFirst();
      expect(await subscribers()).toBe(1);
      await bus.publish('room-1', 'still here');
      await until(() => second.messages.length === 1, 'the message to the remaining handler');
      expect(first.messages).toEqual([]);
      await unsubscribeSecond();
      expect(await subscribers()).toBe(0);
    } finally {
      await raw.close();
    }
  });

  it('reports a throwing handler through onError and keeps delivering to the others', async () => {
    const errors: Error[] = [];
    const bus = await connectRedis({ onError: (error) => errors.push(error) });
    const seen = recorder();
    await bus.subscribe('room-1', () => {
      throw new Error('handler failed');
    });
    await bus.subscribe('room-1', seen.handler);
    await bus.publish('room-1', 'one');
    await bus.publish('room-1', 'two');
    await until(() => seen.messages.length === 2, 'both messages');
    expect(seen.messages).toEqual(['one', 'two']);
    expect(errors.map((e) => e.message)).toEqual(['handler failed', 'handler failed']);
  });

  it('subscriptions and commands survive a redis-server restart', async () => {
    const server = redis;
    if (!server) throw new Error('redis-server was not started');
    const keyPrefix = freshPrefix();
    const errorsA: Error[] = [];
    const nodeA = await connectRedis({ keyPrefix, onError: (e) => errorsA.push(e) });
    const nodeB = await connectRedis({ keyPrefix, onError: () => undefined });
    const onA = recorder();
    const onB = recorder();
    await nodeA.subscribe('room-1', onA.handler);
    await nodeB.subscribe('room-1', onB.handler);
    await nodeA.publish('room-1', 'before');
    await until(
      () => onA.messages.includes('before') && onB.messages.includes('before'),
      'the message before the restart',
    );

    const oldPid = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(oldPid);
    expect(server.running).toBe(true);

    // Publish until both nodes receive: the clients reconnect with backoff (≤ ~1 s) and
    // re-subscribe; messages published before that are lost (at-most-once), by contract.
    let attempt = 0;
    await until(
      async () => {
        const message = `after-${attempt++}`;
        try {
          await nodeA.publish('room-1', message);
        } catch {
          return false;
        }
        return (
          onA.messages.some((m) => m.startsWith('after-')) &&
          onB.messages.some((m) => m.startsWith('after-'))
        );
      },
      'delivery after the restart',
      15_000,
      100,
    );
    // The lost connection was reported, not thrown.
    expect(errorsA.length).toBeGreaterThan(0);
    // Commands work again (the restarted server is empty: nothing persisted).
    expect(await nodeB.has('ticket')).toBe(false);
    expect(await nodeB.setIfAbsent('ticket', 60)).toBe(true);
    expect(await nodeA.setIfAbsent('ticket', 60)).toBe(false);
  }, 30_000);

  it('connect() to a closed port rejects within a few seconds, naming the URL', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const started = Date.now();
    const error: unknown = await RedisBus.connect(url).then(
      async (bus) => {
        await bus.close();
        return new Error('connected to a closed port');
      },
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`Cannot connect to Redis at ${url}`);
    expect((error as Error).message).toMatch(/ECONNREFUSED|gave up|no connection/);
    expect(elapsed).toBeLessThan(7_000);
  }, 15_000);

  it('connect() honours a shorter connectTimeoutMs and hides the password in the message', async () => {
    const port = await freePort();
    const started = Date.now();
    const attempt = RedisBus.connect(`redis://user:s3cret@127.0.0.1:${port}`, {
      connectTimeoutMs: 1_000,
    });
    await expect(attempt).rejects.toThrow(
      `Cannot connect to Redis at redis://user:***@127.0.0.1:${port}`,
    );
    await expect(attempt).rejects.not.toThrow('s3cret');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
