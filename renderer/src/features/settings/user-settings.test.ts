import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import { testHost } from '../../../../test/support/render';
import {
  applyUserSettings,
  readUserSettings,
  USER_SETTINGS_KEY,
  withUserSettings,
  writeUserSettings,
} from './user-settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    map,
  };
}

const BASE: AppConfig = { servers: [] };

describe('readUserSettings / writeUserSettings', () => {
  it('round-trips the idle-lock minutes', () => {
    const storage = memoryStorage();
    expect(writeUserSettings(storage, { idleLockMinutes: 25 })).toBe(true);
    expect(storage.map.get(USER_SETTINGS_KEY)).toBe('{"idleLockMinutes":25}');
    expect(readUserSettings(storage)).toEqual({ idleLockMinutes: 25 });
  });

  it.each([
    ['nothing saved', undefined],
    ['not JSON', '{idle'],
    ['out of range', '{"idleLockMinutes":0}'],
    ['not a number', '{"idleLockMinutes":"5"}'],
  ])('treats %s as no own settings', (_what, stored) => {
    const storage = memoryStorage(stored === undefined ? {} : { [USER_SETTINGS_KEY]: stored });
    expect(readUserSettings(storage)).toEqual({});
  });

  it('survives storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readUserSettings(throwing)).toEqual({});
    expect(writeUserSettings(throwing, { idleLockMinutes: 5 })).toBe(false);
    expect(readUserSettings(undefined)).toEqual({});
  });
});

describe('applyUserSettings', () => {
  it('sets the idle-lock minutes, with the other security defaults, when not locked', () => {
    expect(applyUserSettings(BASE, { idleLockMinutes: 20 })).toEqual({
      servers: [],
      security: { idleLockMinutes: 20, pinUnlock: false, callOnLock: 'keep-audio' },
    });
    const withPolicy: AppConfig = {
      servers: [],
      security: { idleLockMinutes: 10, pinUnlock: true, callOnLock: 'pause' },
      managed: { path: '/etc/x.json', lockedFields: ['security.pinUnlock'] },
    };
    expect(applyUserSettings(withPolicy, { idleLockMinutes: 3 }).security).toEqual({
      idleLockMinutes: 3,
      pinUnlock: true,
      callOnLock: 'pause',
    });
  });

  it('never overrides a clinic-locked idle-lock time', () => {
    const locked: AppConfig = {
      servers: [],
      security: { idleLockMinutes: 5, pinUnlock: false, callOnLock: 'keep-audio' },
      managed: { path: '/etc/x.json', lockedFields: ['security.idleLockMinutes'] },
    };
    expect(applyUserSettings(locked, { idleLockMinutes: 60 })).toBe(locked);
  });

  it('leaves the config alone without own settings', () => {
    expect(applyUserSettings(BASE, {})).toBe(BASE);
  });
});

describe('withUserSettings', () => {
  it('answers getConfig with the current own settings and forwards everything else', async () => {
    const storage = memoryStorage();
    const opened: string[] = [];
    const inner = testHost({
      openExternal(url) {
        opened.push(url);
        return Promise.resolve();
      },
    });
    const host = withUserSettings(inner, storage);
    expect((await host.getConfig()).security).toBeUndefined();
    writeUserSettings(storage, { idleLockMinutes: 45 });
    expect((await host.getConfig()).security?.idleLockMinutes).toBe(45);
    // Read fresh each call: the underlying host is untouched.
    expect((await inner.getConfig()).security).toBeUndefined();
    await host.openExternal('https://example.org/');
    expect(opened).toEqual(['https://example.org/']);
    expect(host.kind).toBe('browser');
    expect(host.secrets).toBe(inner.secrets);
  });

  it('calls the host methods on the host itself (classes keep their state)', async () => {
    class Counting {
      readonly kind = 'browser' as const;
      private calls = 0;
      count(): number {
        this.calls += 1;
        return this.calls;
      }
      getConfig(): Promise<AppConfig> {
        return Promise.resolve(BASE);
      }
    }
    const inner = new Counting();
    const host = withUserSettings(
      inner as unknown as Parameters<typeof withUserSettings>[0],
      undefined,
    );
    // Taken off the proxy and called bare, as React props and callbacks do.
    const { count } = host as unknown as { count: () => number };
    expect(count()).toBe(1);
    expect(inner.count()).toBe(2);
    await expect(host.getConfig()).resolves.toEqual(BASE);
  });
});
