import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../shared/config/app-config';
import { testHost } from '../../../../test/support/render';
import { USER_SETTINGS_KEY, withUserSettings } from './user-settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    map,
  };
}

const BASE: AppConfig = { servers: [] };

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
    storage.setItem(USER_SETTINGS_KEY, '{"security":{"idleLockMinutes":4}}');
    expect((await host.getConfig()).security?.idleLockMinutes).toBe(4);
    // Read fresh each call: the underlying host is untouched.
    expect((await inner.getConfig()).security).toBeUndefined();
    await host.openExternal('https://example.org/');
    expect(opened).toEqual(['https://example.org/']);
    expect(host.kind).toBe('browser');
    expect(host.secrets).toBe(inner.secrets);
  });

  it('saves through a localStorage store it adds, and never overrides a clinic lock', async () => {
    const storage = memoryStorage();
    const locked: AppConfig = {
      servers: [],
      security: { idleLockMinutes: 5, pinUnlock: false, callOnLock: 'keep-audio' },
      managed: { path: '/etc/x.json', lockedFields: ['security.idleLockMinutes'] },
    };
    const host = withUserSettings(testHost({ getConfig: () => Promise.resolve(locked) }), storage);
    expect(await host.userSettings?.save({ 'security.callOnLock': 'pause' })).toEqual({
      saved: true,
    });
    // A value someone put in storage by hand for the locked field is ignored.
    storage.setItem(
      USER_SETTINGS_KEY,
      JSON.stringify({ security: { idleLockMinutes: 60, callOnLock: 'pause' } }),
    );
    expect((await host.getConfig()).security).toEqual({
      idleLockMinutes: 5,
      pinUnlock: false,
      callOnLock: 'pause',
    });
  });

  it('hands back a host that keeps its own settings unchanged', () => {
    const own = testHost({
      userSettings: {
        load: () => Promise.reject(new Error('not used')),
        save: () => Promise.reject(new Error('not used')),
      },
    });
    expect(withUserSettings(own, memoryStorage())).toBe(own);
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
