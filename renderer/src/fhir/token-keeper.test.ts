import { describe, expect, it, vi } from 'vitest';
import { REFRESH_LEAD_MS, TokenKeeper } from './token-keeper';
import { fakeClient } from './test-fakes';

function manualTimers() {
  const timers: { fn: () => void; ms: number }[] = [];
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (handle: unknown) => {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  };
}

describe('TokenKeeper', () => {
  const now = 1_000_000_000_000;

  it('schedules a refresh 60 s before expiry and saves the new state', async () => {
    const t = manualTimers();
    const save = vi.fn(() => Promise.resolve());
    const client = fakeClient({ expiresAt: now / 1000 + 300 });
    const keeper = new TokenKeeper(client, { save, onSignInNeeded: vi.fn(), now: () => now, ...t });
    expect(t.timers.map((x) => x.ms)).toEqual([300_000 - REFRESH_LEAD_MS]);
    t.timers[0]?.fn();
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(keeper.accessToken).toBe('at-2');
  });

  it('shares one refresh between concurrent callers', async () => {
    const refresh = vi.fn(() => Promise.resolve());
    const keeper = new TokenKeeper(fakeClient({}, refresh), {
      save: () => Promise.resolve(),
      onSignInNeeded: vi.fn(),
    });
    const [a, b] = await Promise.all([keeper.refresh(), keeper.refresh()]);
    expect([a, b]).toEqual([true, true]);
    expect(refresh).toHaveBeenCalledTimes(1);
    keeper.dispose();
  });

  it('asks for sign-in when the refresh fails or there is no refresh token', async () => {
    const onSignInNeeded = vi.fn();
    const failing = new TokenKeeper(
      fakeClient({}, () => Promise.reject(new Error('invalid_grant'))),
      {
        save: () => Promise.resolve(),
        onSignInNeeded,
      },
    );
    await expect(failing.refresh()).resolves.toBe(false);
    const noRefresh = new TokenKeeper(fakeClient({ tokenResponse: { access_token: 'x' } }), {
      save: () => Promise.resolve(),
      onSignInNeeded,
    });
    await expect(noRefresh.refresh()).resolves.toBe(false);
    expect(onSignInNeeded).toHaveBeenCalledTimes(2);
  });

  it('continues with a replacement client after re-sign-in', () => {
    const t = manualTimers();
    const keeper = new TokenKeeper(fakeClient(), {
      save: vi.fn(),
      onSignInNeeded: vi.fn(),
      now: () => now,
      ...t,
    });
    expect(t.timers).toHaveLength(0);
    keeper.replaceClient(
      fakeClient({ tokenResponse: { access_token: 'fresh' }, expiresAt: now / 1000 + 30 }),
    );
    expect(keeper.accessToken).toBe('fresh');
    expect(t.timers.map((x) => x.ms)).toEqual([0]);
    keeper.dispose();
    expect(t.timers).toHaveLength(0);
  });
});
