import { describe, expect, it } from 'vitest';
import { MAX_PIN_FAILURES, PIN_STORAGE_KEY, PinStore, pinDelayMs } from './pin-store';
import { MemoryStorage } from './memory-storage';

const weber = { serverId: 'sandbox', userKey: 'Practitioner/practitioner-weber' };
const rossi = { serverId: 'sandbox', userKey: 'Practitioner/practitioner-rossi' };

function setup() {
  const storage = new MemoryStorage();
  const clock = { now: 1_000_000 };
  const store = new PinStore(storage, weber, { iterations: 50, now: () => clock.now });
  return { storage, clock, store };
}

describe('PinStore', () => {
  it('keeps only a salted hash, never the PIN', async () => {
    const { storage, store } = setup();
    expect(store.has()).toBe(false);
    await store.set('482913');
    expect(store.has()).toBe(true);
    const raw = storage.getItem(PIN_STORAGE_KEY) ?? '';
    expect(raw).not.toContain('482913');
    expect(JSON.parse(raw)).toMatchObject({ v: 1, ...weber, iterations: 50, failures: 0 });
  });

  it('unlocks with the right PIN', async () => {
    const { store } = setup();
    await store.set('482913');
    await expect(store.attempt('482913')).resolves.toEqual({ ok: true });
  });

  it('is bound to its user: another user sees no PIN', async () => {
    const { storage, store } = setup();
    await store.set('482913');
    const other = new PinStore(storage, rossi, { iterations: 50 });
    expect(other.has()).toBe(false);
    await expect(other.attempt('482913')).resolves.toEqual({ ok: false, reason: 'no-pin' });
  });

  it('waits 1, 2, 4, 8 s after wrong PINs and gives up after the fifth', async () => {
    expect([0, 1, 2, 3, 4].map(pinDelayMs)).toEqual([0, 1000, 2000, 4000, 8000]);
    const { clock, store } = setup();
    await store.set('482913');
    const results = [];
    for (let i = 1; i < MAX_PIN_FAILURES; i++) {
      const result = await store.attempt('000000');
      results.push(result);
      // Too soon: refused without being compared or counted.
      await expect(store.attempt('482913')).resolves.toMatchObject({ ok: false, reason: 'wait' });
      clock.now += pinDelayMs(i);
    }
    expect(results).toEqual([
      { ok: false, reason: 'wrong', attemptsLeft: 4, retryAt: 1_000_000 + 1000 },
      { ok: false, reason: 'wrong', attemptsLeft: 3, retryAt: 1_001_000 + 2000 },
      { ok: false, reason: 'wrong', attemptsLeft: 2, retryAt: 1_003_000 + 4000 },
      { ok: false, reason: 'wrong', attemptsLeft: 1, retryAt: 1_007_000 + 8000 },
    ]);
    await expect(store.attempt('000000')).resolves.toEqual({ ok: false, reason: 'exhausted' });
    expect(store.has()).toBe(false);
    // Even the right PIN no longer helps.
    await expect(store.attempt('482913')).resolves.toEqual({ ok: false, reason: 'no-pin' });
  });

  it('a right PIN resets the count', async () => {
    const { clock, store } = setup();
    await store.set('482913');
    await store.attempt('111111');
    clock.now += 1000;
    await store.attempt('222222');
    clock.now += 2000;
    await expect(store.attempt('482913')).resolves.toEqual({ ok: true });
    await expect(store.attempt('333333')).resolves.toMatchObject({ attemptsLeft: 4 });
  });

  it('keeps the count across a reload (a new store over the same storage)', async () => {
    const { storage, clock, store } = setup();
    await store.set('482913');
    await store.attempt('111111');
    const reloaded = new PinStore(storage, weber, { iterations: 50, now: () => clock.now });
    await expect(reloaded.attempt('482913')).resolves.toMatchObject({ reason: 'wait' });
    clock.now += 1000;
    await expect(reloaded.attempt('222222')).resolves.toMatchObject({ attemptsLeft: 3 });
  });

  it('counts parallel attempts: only the first is compared', async () => {
    const { store } = setup();
    await store.set('482913');
    const results = await Promise.all([
      store.attempt('111111'),
      store.attempt('482913'),
      store.attempt('482913'),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['wrong', 'wait', 'wait']);
  });

  it('treats a damaged record as no PIN', async () => {
    const { storage, store } = setup();
    storage.setItem(PIN_STORAGE_KEY, '{"v":1,"hash":');
    expect(store.has()).toBe(false);
    await expect(store.attempt('482913')).resolves.toEqual({ ok: false, reason: 'no-pin' });
  });
});
