/**
 * IPC fuzzing (issue 7, "security proven"): thousands of random and malformed payloads, from a
 * seeded PRNG so every failure replays, on every channel of the invoke contract, through the
 * real registerIpcHandlers with a fake ipcMain. Payloads go through structuredClone first,
 * as Electron's IPC does. For every case: the invoke resolves (never rejects, never throws),
 * the answer is exactly `{ ok, value }` or `{ ok, error }`, a foreign sender or a payload the
 * contract refuses never reaches the implementation, an accepted one reaches it exactly once as
 * the contract's parsed output and satisfies the hand-written invariants below, and errors never
 * echo the payload back. Implementations misbehave at random too (throw non-Errors, reject,
 * return garbage) to fuzz the response side.
 */
import { describe, expect, it } from 'vitest';
import { invokeChannels, invokeContract, type InvokeChannel } from '../shared/ipc/contract';
import { dispatchInvoke, registerIpcHandlers, type InvokeImplementations } from './ipc';
import { FakeIpcMain } from './testing/fake-electron';

/** mulberry32: tiny, fast and good enough to spread cases; the seed makes runs replayable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const APP_SENDERS = [
  'app://workstation/index.html',
  'app://workstation/index.html#/patients/123',
  'app://workstation/',
  'app://WORKSTATION/index.html', // hosts are case-insensitive: the same origin
];
/** Hand-labelled: none of these is the app origin. */
const FOREIGN_SENDERS = [
  'app://workstation.evil/index.html',
  'app://evil/workstation/index.html',
  'app://user@workstation/index.html',
  'app://workstation:8080/index.html',
  'app:workstation/index.html',
  'https://workstation/index.html',
  'http://127.0.0.1:5173/index.html',
  'file:///opt/clinician-workstation/resources/app.asar/out/renderer/index.html',
  'about:srcdoc',
  'about:blank',
  'blob:app://workstation/0b0a7c3e-5d2b-4c51-9d3b-2a1f7a0c9e11',
  'data:text/html,<script>1</script>',
  'chrome-extension://abc/index.html',
  '',
  'app://workstation\u0000.evil/',
];

// prettier-ignore
const NASTY_STRINGS = [
  '', ' ', '\u0000', '\u202e\u200b', '../../../etc/passwd', '..\\..\\windows\\system32',
  '__proto__', 'constructor', 'javascript:alert(1)', 'file:///etc/passwd', 'https://example.org/a',
  'screen:0:0', 'window:1234:0', '2026-02-30T25:61:00Z', '{"ok":true}', '%00%2e%2e%2f',
  '😀'.repeat(50),
];
/** Field names of the contract plus names that have bitten JavaScript before. */
// prettier-ignore
const KEYS = [
  'key', 'value', 'url', 'title', 'body', 'listenerId', 'timeoutMs', 'sourceId', 'active',
  'limit', 'userReference', 'suggestedFileName', 'id', 'recorded', 'action', 'outcome', 'user',
  'serverId', 'patient', '__proto__', 'constructor', 'prototype', 'then', 'toJSON', 'ok',
];

function randomString(r: Random): string {
  if (r.chance(0.5)) return r.pick(NASTY_STRINGS);
  if (r.chance(0.1)) return 'x'.repeat(r.pick([199, 200, 201, 8192, 8193, 65_536, 70_000]));
  const length = r.int(40);
  let s = '';
  for (let i = 0; i < length; i++)
    s += String.fromCharCode(r.chance(0.9) ? 32 + r.int(95) : r.int(0xffff));
  return s;
}

/** Any value that can cross Electron IPC (the structured-clone algorithm). */
function randomValue(r: Random, depth = 0): unknown {
  const leaf = depth >= 3 || r.chance(0.55);
  if (leaf) {
    switch (r.int(6)) {
      case 0:
        return r.pick([undefined, null, true, false]);
      case 1:
        return r.pick([0, -0, 1, -1, 0.5, 1e21, 2 ** 53, NaN, Infinity, -Infinity, 900_001]);
      case 2:
        return r.pick([10n, -1n]);
      default:
        return randomString(r);
    }
  }
  switch (r.int(8)) {
    case 0:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 1:
      return r.pick([new Date(0), new Date(NaN), /a+/g, new Uint8Array([1, 2]), new Error('e')]);
    case 2:
      return new Map([[randomString(r), randomValue(r, depth + 1)]]);
    case 3:
      // An own "__proto__" key, as JSON.parse makes it: must not pollute anything.
      return JSON.parse('{"__proto__": {"polluted": true}, "key": "k"}') as unknown;
    default: {
      const object: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) {
        setOwn(object, r.pick(KEYS), randomValue(r, depth + 1));
      }
      return object;
    }
  }
}

/** Valid requests per channel (checked against the contract below); mutated to go deep. */
const SEEDS: Partial<Record<InvokeChannel, unknown[]>> = {
  'secrets:get': [{ key: 'smart.tokens' }],
  'secrets:set': [{ key: 'a:b@c/d-e', value: 'v' }],
  'secrets:delete': [{ key: 'k' }],
  'smart:loopback-wait': [{ listenerId: 'l1', timeoutMs: 1000 }],
  'shell:open-external': [{ url: 'https://example.org/a' }],
  'screen:choose': [{ sourceId: 'screen:0:0' }, { sourceId: null }],
  'app:notify': [{ title: 'Knock', body: 'A patient is waiting' }],
  'audit:append': [
    {
      id: '0b0a7c3e-5d2b-4c51-9d3b-2a1f7a0c9e11',
      recorded: '2026-03-01T10:00:00+01:00',
      action: 'chart-opened',
      outcome: 'success',
      user: { reference: 'Practitioner/1' },
      serverId: 'sandbox',
      patient: { reference: 'Patient/1' },
    },
  ],
  'audit:list': [{}, { limit: 10, userReference: 'Practitioner/1' }],
  'print:view': [{ suggestedFileName: 'chart.pdf' }],
  'updates:set-call-active': [{ active: true }],
  'settings:save': [
    {},
    { 'security.idleLockMinutes': 5, languages: ['de', 'en'], 'cache.pinDays': null },
    { 'security.callOnLock': 'pause', 'updates.enabled': true, 'cache.wipeOnSignOut': true },
  ],
};

const isText = (v: unknown, min: number, max: number, pattern = /^/su): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max && pattern.test(v);
const isInt = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const SECRET_KEY = /^[\w.:@/-]+$/;
const SETTING_FIELDS = new Set([
  'security.idleLockMinutes',
  'security.pinUnlock',
  'security.callOnLock',
  'cache.retentionDays',
  'cache.pinDays',
  'cache.wipeOnSignOut',
  'languages',
  'updates.enabled',
]);

/** What an implementation may rely on, written by hand from the contract's documentation. */
const INVARIANTS: Partial<Record<InvokeChannel, (request: Record<string, unknown>) => boolean>> = {
  'secrets:get': ({ key }) => isText(key, 1, 200, SECRET_KEY),
  'secrets:set': ({ key, value }) => isText(key, 1, 200, SECRET_KEY) && isText(value, 0, 65_536),
  'secrets:delete': ({ key }) => isText(key, 1, 200, SECRET_KEY),
  'smart:loopback-wait': ({ listenerId, timeoutMs }) =>
    typeof listenerId === 'string' && isInt(timeoutMs, 1, 900_000),
  'shell:open-external': ({ url }) => isText(url, 1, 8192) && URL.canParse(url as string),
  'screen:choose': ({ sourceId }) =>
    sourceId === null || isText(sourceId, 1, 200, /^(screen|window):/),
  'app:notify': ({ title, body }) => isText(title, 1, 200) && isText(body, 0, 1000),
  'audit:append': ({ id, recorded, serverId }) =>
    isText(id, 36, 36, /^[0-9a-f-]+$/i) &&
    isText(recorded, 1, 100) &&
    !Number.isNaN(Date.parse(recorded as string)) &&
    isText(serverId, 1, 100),
  'audit:list': ({ limit }) => limit === undefined || isInt(limit, 1, 10_000),
  'print:view': ({ suggestedFileName }) =>
    // eslint-disable-next-line no-control-regex -- control characters are what must not pass
    isText(suggestedFileName, 1, 200, /^[^/\\\u0000-\u001f]+$/),
  'updates:set-call-active': ({ active }) => typeof active === 'boolean',
  'settings:save': (patch) =>
    Object.keys(patch).every((key) => SETTING_FIELDS.has(key)) &&
    [patch['security.idleLockMinutes'], patch['cache.pinDays'], patch['cache.retentionDays']].every(
      (v) => v === undefined || v === null || isInt(v, 1, 365),
    ) &&
    (patch.languages === undefined ||
      patch.languages === null ||
      (Array.isArray(patch.languages) && patch.languages.length > 0)),
};

/** Own data property, also for `__proto__` and `constructor` (assignment would not be). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  const descriptor = { value, enumerable: true, configurable: true, writable: true };
  Object.defineProperty(object, key, descriptor);
}

function mutate(r: Random, seed: unknown): unknown {
  if (typeof seed !== 'object' || seed === null) return randomValue(r);
  const copy = structuredClone(seed) as Record<string, unknown>;
  const keys = Object.keys(copy);
  for (let ops = 1 + r.int(3); ops > 0; ops--) {
    const key = keys.length > 0 && r.chance(0.8) ? r.pick(keys) : r.pick(KEYS);
    const current = Object.hasOwn(copy, key) ? copy[key] : undefined;
    switch (r.int(5)) {
      case 0:
        Reflect.deleteProperty(copy, key);
        break;
      case 1:
        setOwn(copy, key, randomString(r));
        break;
      case 2:
        setOwn(copy, key, randomValue(r, 1));
        break;
      case 3:
        setOwn(copy, key, typeof current === 'number' ? String(current) : [current]);
        break;
      default:
        return r.chance(0.5)
          ? [copy]
          : JSON.stringify(copy, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    }
  }
  return copy;
}

type Behaviour = { kind: 'return'; value: unknown } | { kind: 'throw'; error: unknown };

function setup() {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  let next: Behaviour = { kind: 'return', value: null };
  const implementations = Object.fromEntries(
    invokeChannels.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push({ channel, request });
        await Promise.resolve();
        if (next.kind === 'throw') throw next.error;
        return next.value;
      },
    ]),
  ) as unknown as InvokeImplementations;
  const ipcMain = new FakeIpcMain();
  registerIpcHandlers(ipcMain, implementations);
  return { ipcMain, calls, behave: (b: Behaviour) => (next = b) };
}

function expectResultShape(
  result: unknown,
): asserts result is { ok: true; value: unknown } | { ok: false; error: string } {
  expect(result).toBeTypeOf('object');
  const keys = Object.keys(result as object).sort();
  const r = result as Record<string, unknown>;
  if (r.ok === true) expect(keys).toEqual(['ok', 'value']);
  else {
    expect(keys).toEqual(['error', 'ok']);
    expect(r.ok).toBe(false);
    expect(typeof r.error).toBe('string');
    // Errors name the channel and the field, never the payload (70 000-char strings above).
    expect((r.error as string).length).toBeLessThan(1000);
  }
}

describe('IPC fuzzing', () => {
  it('has a valid seed for every channel that takes a request (so mutations go deep)', () => {
    for (const channel of invokeChannels) {
      const request = invokeContract[channel].request;
      if (request.safeParse(undefined).success) continue;
      const seeds = SEEDS[channel] ?? [];
      expect(seeds.length, `add a fuzz seed for ${channel}`).toBeGreaterThan(0);
      for (const seed of seeds) expect(request.safeParse(seed).success, channel).toBe(true);
      expect(INVARIANTS[channel], `add a fuzz invariant for ${channel}`).toBeDefined();
    }
  });

  it.each([20260301, 7, 424242])('seed %i: 1500 random and malformed invokes', async (seed) => {
    const r = new Random(prng(seed));
    const { ipcMain, calls, behave } = setup();
    const reached = new Set<InvokeChannel>();
    for (let i = 0; i < 1500; i++) {
      const channel = r.pick(invokeChannels);
      const contract = invokeContract[channel];
      const seeds = SEEDS[channel] ?? [undefined];
      const payload = structuredClone(
        r.chance(0.15) ? r.pick(seeds) : r.chance(0.55) ? mutate(r, r.pick(seeds)) : randomValue(r),
      );
      const foreign = r.chance(0.1);
      const sender = foreign ? r.pick(FOREIGN_SENDERS) : r.pick(APP_SENDERS);
      const behaviour: Behaviour = r.chance(0.3)
        ? {
            kind: 'throw',
            error: r.pick([new Error('boom'), 'text', undefined, { a: 1 }, Object.create(null)]),
          }
        : { kind: 'return', value: r.chance(0.5) ? null : randomValue(r) };
      behave(behaviour);
      const before = calls.length;
      const where = `seed ${seed} case ${i} ${channel}`;

      const result = await ipcMain.invoke(channel, sender, payload);

      expectResultShape(result);
      const parsed = contract.request.safeParse(payload);
      if (foreign || !parsed.success) {
        const why = foreign ? 'IPC refused' : `Invalid request for ${channel}`;
        expect(!result.ok && result.error.startsWith(why), where).toBe(true);
        expect(calls.length, where).toBe(before);
      } else {
        expect(calls.length, where).toBe(before + 1);
        const request = calls.at(-1)?.request;
        expect(request, where).toEqual(parsed.data);
        const invariant = INVARIANTS[channel];
        if (invariant) expect(invariant(request as Record<string, unknown>), where).toBe(true);
        else expect(request, where).toBeUndefined();
        reached.add(channel);
        const response =
          behaviour.kind === 'return' ? contract.response.safeParse(behaviour.value) : undefined;
        expect(result.ok, where).toBe(response?.success === true);
        if (result.ok) expect(result.value, where).toEqual(response?.data);
      }
    }
    // Every channel got accepted requests too: the fuzzing went past the schema.
    expect([...reached].sort()).toEqual([...invokeChannels].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('refuses every foreign sender frame on every channel, also a frame without a URL', async () => {
    const { ipcMain, calls } = setup();
    for (const channel of invokeChannels) {
      const payload = SEEDS[channel]?.[0];
      for (const sender of [...FOREIGN_SENDERS, null]) {
        const result = await ipcMain.invoke(channel, sender, payload);
        expect(result, `${channel} from ${String(sender)}`).toMatchObject({ ok: false });
      }
      const odd = await dispatchInvoke(
        channel,
        { senderFrame: { url: 42 } } as never,
        payload,
        {} as InvokeImplementations,
      );
      expect(odd).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^IPC refused/) as string,
      });
    }
    expect(calls).toEqual([]);
  });

  it('refuses invokes with more than one argument (they did not come through the bridge)', async () => {
    const { ipcMain, calls } = setup();
    for (const channel of invokeChannels) {
      const result = await ipcMain.invoke(
        channel,
        APP_SENDERS[0] ?? '',
        SEEDS[channel]?.[0],
        'extra',
      );
      expect(result, channel).toEqual({
        ok: false,
        error: `Invalid request for ${channel}: one argument expected`,
      });
    }
    expect(calls).toEqual([]);
  });

  it('answers even for values that cannot cross IPC (throwing getters, hostile proxies)', async () => {
    const { calls } = setup();
    const trap = (): never => {
      throw new Error('trap');
    };
    const throwing = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap });
    const getter = Object.defineProperty({}, 'key', { enumerable: true, get: trap });
    for (const channel of invokeChannels) {
      for (const payload of [throwing, getter]) {
        const result = await dispatchInvoke(
          channel,
          { senderFrame: { url: 'app://workstation/' } },
          payload,
          {} as InvokeImplementations,
        );
        expectResultShape(result);
        expect(result.ok, channel).toBe(false);
      }
    }
    expect(calls).toEqual([]);
  });
});
