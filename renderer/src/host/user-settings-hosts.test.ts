// @vitest-environment jsdom
/** The clinician's own settings and the update control, in both hosts. */
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../../shared/config/app-config';
import { userSettingValues } from '../../../shared/config/user-settings';
import { BrowserHost } from './BrowserHost';
import type { Host } from './Host';
import { ElectronHost, HostCallError } from './ElectronHost';
import { fakeBridge } from './fake-bridge';
import { LocalUserSettings, USER_SETTINGS_KEY } from './local-user-settings';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: vi.fn((k: string, v: string) => void map.set(k, v)),
    map,
  };
}

const MACHINE = '/etc/clinician-workstation/config.json';
const SERVER_CONFIG: AppConfig = {
  servers: [],
  cache: { pinDays: 7, wipeOnSignOut: false, retentionDays: 14 },
  managed: { path: MACHINE, lockedFields: ['security.pinUnlock'] },
};

describe('LocalUserSettings', () => {
  const base = () => Promise.resolve(SERVER_CONFIG);

  it('saves a checked patch in the configuration file shape and applies it', async () => {
    const storage = memoryStorage();
    const local = new LocalUserSettings(storage, base);
    expect(await local.save({ 'cache.retentionDays': 10, 'security.idleLockMinutes': 5 })).toEqual({
      saved: true,
    });
    expect(JSON.parse(storage.map.get(USER_SETTINGS_KEY) ?? '')).toEqual({
      security: { idleLockMinutes: 5 },
      cache: { retentionDays: 10 },
    });
    const config = local.apply(SERVER_CONFIG);
    expect(config.cache?.retentionDays).toBe(10);
    expect(config.security?.idleLockMinutes).toBe(5);
  });

  it('measures against the server configuration and its locks; saves nothing on an error', async () => {
    const storage = memoryStorage({ [USER_SETTINGS_KEY]: '{"idleLockMinutes":4}' });
    const local = new LocalUserSettings(storage, base);
    const snapshot = await local.load();
    expect(snapshot.baseline['cache.retentionDays']).toBe(14);
    expect(snapshot.storage).toEqual({ kind: 'browser' });
    expect(
      await local.save({
        'cache.retentionDays': 20,
        'security.pinUnlock': false,
        languages: ['de'],
      }),
    ).toMatchObject({
      saved: false,
      errors: [
        { field: 'security.pinUnlock', code: 'locked' },
        { field: 'cache.retentionDays', code: 'weaker', limit: 14 },
      ],
    });
    expect(storage.setItem).not.toHaveBeenCalled();
    // The first version's flat entry still counts, and is kept when something else is saved.
    await local.save({ languages: ['de'] });
    expect(JSON.parse(storage.map.get(USER_SETTINGS_KEY) ?? '')).toEqual({
      security: { idleLockMinutes: 4 },
      languages: ['de'],
    });
  });

  it('keeps the previous entry and rejects when the browser refuses to store', async () => {
    const storage = {
      getItem: () => '{"security":{"idleLockMinutes":6}}',
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const local = new LocalUserSettings(storage, base);
    await expect(local.save({ 'security.idleLockMinutes': 3 })).rejects.toThrow(
      /did not let the app save the settings/,
    );
    expect(local.readOwn()).toEqual({ 'security.idleLockMinutes': 6 });
  });

  it('says it cannot save where there is no storage at all', async () => {
    const local = new LocalUserSettings(undefined, base);
    expect((await local.load()).readOnlyReason).toMatch(/storage is off/);
    await expect(local.save({ languages: ['en'] })).rejects.toThrow(/does not let the app keep/);
  });
});

describe('BrowserHost user settings', () => {
  it('applies what Settings saved to every getConfig, reading /config.json once', async () => {
    const storage = memoryStorage();
    const fetchMock = vi.fn(() => Promise.resolve(Response.json({ servers: [] })));
    const host = new BrowserHost({
      origin: 'http://127.0.0.1:3000',
      fetch: fetchMock,
      localStorage: storage,
      open: vi.fn(),
    });
    expect((await host.getConfig()).security).toBeUndefined();
    expect(await host.userSettings.save({ 'security.callOnLock': 'pause' })).toEqual({
      saved: true,
    });
    expect((await host.getConfig()).security?.callOnLock).toBe('pause');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((host as Host).updates).toBeUndefined();
  });
});

describe('ElectronHost user settings and updates', () => {
  const snapshot = {
    baseline: userSettingValues({ servers: [] }),
    storage: { kind: 'file', path: '/home/a/.config/cw/config.json' },
  };

  it('loads and saves through settings:get / settings:save', async () => {
    const { bridge, calls } = fakeBridge({
      'settings:get': () => ({ ok: true, value: snapshot }),
      'settings:save': () => ({ ok: true, value: { saved: true } }),
    });
    const host = new ElectronHost(bridge);
    expect(await host.userSettings.load()).toEqual(snapshot);
    expect(await host.userSettings.save({ languages: ['fr'] })).toEqual({ saved: true });
    expect(calls.filter((c) => c.channel.startsWith('settings:'))).toEqual([
      { channel: 'settings:get', request: undefined },
      { channel: 'settings:save', request: { languages: ['fr'] } },
    ]);
  });

  it('rejects with main’s reason when the file cannot be written, and on a malformed answer', async () => {
    const { bridge } = fakeBridge({
      'settings:save': () => ({ ok: false, error: 'Could not write config.json: EACCES' }),
      'settings:get': () => ({ ok: true, value: { baseline: {} } }),
    });
    const host = new ElectronHost(bridge);
    await expect(host.userSettings.save({ languages: ['fr'] })).rejects.toThrow(
      'Could not write config.json: EACCES',
    );
    await expect(host.userSettings.load()).rejects.toBeInstanceOf(HostCallError);
  });

  it('asks for the update status, installs on request and passes on valid status events only', async () => {
    const { bridge, emit } = fakeBridge({
      'updates:status': () => ({
        ok: true,
        value: { state: 'downloaded', version: '1.4.0', callActive: false },
      }),
      'updates:install-now': () => ({ ok: true, value: 'deferred' }),
    });
    const host = new ElectronHost(bridge);
    expect(await host.updates.status()).toEqual({
      state: 'downloaded',
      version: '1.4.0',
      callActive: false,
    });
    expect(await host.updates.installNow()).toBe('deferred');
    const seen: unknown[] = [];
    const off = host.updates.onStatus((status) => seen.push(status));
    emit('updates:status', { state: 'idle', callActive: true });
    emit('updates:status', { state: 'exploded', callActive: true });
    off();
    emit('updates:status', { state: 'off', callActive: false });
    expect(seen).toEqual([{ state: 'idle', callActive: true }]);
  });
});
