import { describe, expect, it, vi } from 'vitest';
import { userSettingValues } from '../shared/config/user-settings';
import { invokeChannels } from '../shared/ipc/contract';
import type { InvokeImplementations } from './ipc';
import { registerIpcHandlers, sendEvent } from './ipc';
import { FakeIpcMain, FakeWebContents } from './testing/fake-electron';

const APP = 'app://workstation/index.html';

function implementations(overrides: Partial<InvokeImplementations> = {}): InvokeImplementations {
  return {
    'app:info': () => ({ version: '0.1.0', platform: 'linux', secretsPersistent: true }),
    'config:get': () => ({ servers: [] }),
    'secrets:get': ({ key }) => (key === 'known' ? 'value' : null),
    'secrets:set': () => null,
    'secrets:delete': () => null,
    'smart:loopback-start': () => ({
      listenerId: 'l1',
      redirectUri: 'http://127.0.0.1:5000/callback',
    }),
    'smart:loopback-wait': () => ({ code: 'c', state: 's' }),
    'shell:open-external': () => null,
    'launch:pending': () => null,
    'app:notify': () => ({ shown: false }),
    'audit:append': () => null,
    'audit:list': () => [],
    'print:view': () => 'cancelled',
    'updates:set-call-active': () => null,
    'updates:status': () => ({ state: 'off', callActive: false }),
    'updates:install-now': () => 'nothing-to-install',
    'settings:get': () => ({
      baseline: userSettingValues({ servers: [] }),
      storage: { kind: 'browser' },
    }),
    'settings:save': () => ({ saved: true }),
    ...overrides,
  };
}

function setup(overrides?: Partial<InvokeImplementations>) {
  const ipcMain = new FakeIpcMain();
  const log = vi.fn();
  const unregister = registerIpcHandlers(ipcMain, implementations(overrides), log);
  return { ipcMain, log, unregister };
}

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers the app origin with { ok: true, value }', async () => {
    const { ipcMain } = setup();
    await expect(ipcMain.invoke('app:info', APP, undefined)).resolves.toEqual({
      ok: true,
      value: { version: '0.1.0', platform: 'linux', secretsPersistent: true },
    });
    await expect(ipcMain.invoke('secrets:get', APP, { key: 'known' })).resolves.toEqual({
      ok: true,
      value: 'value',
    });
  });

  it.each([
    ['https://evil.example/'],
    ['app://evil/index.html'],
    ['file:///index.html'],
    ['about:srcdoc'],
    [null],
  ])('refuses senders from %s without calling the implementation', async (sender) => {
    const spy = vi.fn(() => 'secret');
    const { ipcMain, log } = setup({ 'secrets:get': spy });
    const result = await ipcMain.invoke('secrets:get', sender, { key: 'known' });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('IPC refused') as string });
    expect(spy).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalled();
  });

  it('refuses requests that fail the channel schema', async () => {
    const spy = vi.fn(() => null);
    const { ipcMain } = setup({ 'secrets:set': spy });
    const bad = await ipcMain.invoke('secrets:set', APP, { key: 'has space', value: 'x' });
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid request for secrets:set: key/) as string,
    });
    const missing = await ipcMain.invoke('secrets:set', APP, undefined);
    expect(missing).toMatchObject({ ok: false });
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns implementation errors into { ok: false } instead of throwing', async () => {
    const { ipcMain } = setup({
      'secrets:set': () => {
        throw new Error('Secure storage unavailable');
      },
      'shell:open-external': () => Promise.reject(new Error('no browser')),
    });
    await expect(ipcMain.invoke('secrets:set', APP, { key: 'k', value: 'v' })).resolves.toEqual({
      ok: false,
      error: 'Secure storage unavailable',
    });
    await expect(
      ipcMain.invoke('shell:open-external', APP, { url: 'https://example.org' }),
    ).resolves.toEqual({ ok: false, error: 'no browser' });
  });

  it('refuses to hand back a response that breaks the contract', async () => {
    const { ipcMain, log } = setup({
      'app:info': () => ({ version: 1 }) as never,
    });
    await expect(ipcMain.invoke('app:info', APP, undefined)).resolves.toEqual({
      ok: false,
      error: 'Internal error: app:info produced an invalid response',
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('version'));
  });

  it('passes the parsed request and the sender to the implementation', async () => {
    const spy = vi.fn(() => ({ code: 'abc' }));
    const { ipcMain } = setup({ 'smart:loopback-wait': spy });
    await ipcMain.invoke('smart:loopback-wait', APP, {
      listenerId: 'l1',
      timeoutMs: 1000,
      extra: 1,
    });
    expect(spy).toHaveBeenCalledWith({ listenerId: 'l1', timeoutMs: 1000 }, { senderUrl: APP });
  });

  it('answers the display-media channels with { ok: false } when nothing implements them', async () => {
    const { ipcMain } = setup();
    await expect(ipcMain.invoke('screen:sources', APP, undefined)).resolves.toEqual({
      ok: false,
      error: 'screen:sources is not available',
    });
  });

  it('validates screen:choose ids and screen:sources replies against the contract', async () => {
    const choose = vi.fn(() => null);
    const { ipcMain } = setup({
      'screen:choose': choose,
      'screen:sources': () => [
        {
          id: 'screen:0:0',
          name: 'Screen',
          kind: 'screen',
          thumbnail: 'https://evil.example/x.png',
        },
      ],
    });
    await expect(
      ipcMain.invoke('screen:choose', APP, { sourceId: '../../etc/passwd' }),
    ).resolves.toMatchObject({ ok: false });
    await expect(ipcMain.invoke('screen:choose', APP, { sourceId: null })).resolves.toEqual({
      ok: true,
      value: null,
    });
    expect(choose).toHaveBeenCalledExactlyOnceWith({ sourceId: null }, { senderUrl: APP });
    await expect(ipcMain.invoke('screen:sources', APP, undefined)).resolves.toEqual({
      ok: false,
      error: 'Internal error: screen:sources produced an invalid response',
    });
  });
});

describe('sendEvent', () => {
  it('sends valid payloads', () => {
    const webContents = new FakeWebContents();
    const payload = { iss: 'https://ehr.example/fhir', launch: 'xyz' };
    expect(sendEvent(webContents, 'launch:ehr', payload)).toEqual({ ok: true, value: null });
    expect(webContents.sent).toEqual([{ channel: 'launch:ehr', payload }]);
  });

  it('refuses invalid payloads without sending', () => {
    const webContents = new FakeWebContents();
    const result = sendEvent(webContents, 'launch:ehr', { iss: 'not a url', launch: 'x' });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('iss') as string });
    expect(webContents.sent).toEqual([]);
  });
});
