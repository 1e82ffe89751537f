import { describe, expect, it, vi } from 'vitest';
import { LaunchInbox } from './deep-link';
import { createInvokeHandlers } from './invoke-handlers';
import { registerIpcHandlers } from './ipc';
import { FakeIpcMain, FakeSafeStorage, MemoryJsonStore } from './testing/fake-electron';
import { SecretVault } from './vault';

const APP = 'app://workstation/index.html';

async function setup(backend = 'gnome_libsecret') {
  const vault = await SecretVault.open({
    safeStorage: new FakeSafeStorage(true, backend),
    store: new MemoryJsonStore(),
    platform: 'linux',
  });
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  const loopback = {
    open: vi.fn(() =>
      Promise.resolve({ listenerId: 'id-1', redirectUri: 'http://127.0.0.1:5123/callback' }),
    ),
    wait: vi.fn(() => Promise.resolve({ code: 'c', state: 's' })),
  };
  const inbox = new LaunchInbox(() => undefined);
  const ipcMain = new FakeIpcMain();
  registerIpcHandlers(
    ipcMain,
    createInvokeHandlers({
      version: '0.1.0',
      platform: 'linux',
      vault,
      getConfig: () => ({ servers: [] }),
      loopback,
      openExternal,
      launches: inbox,
      attention: { notify: () => ({ shown: false }) },
    }),
  );
  return { ipcMain, openExternal, loopback, inbox };
}

describe('invoke handlers through the IPC layer', () => {
  it('reports whether secrets persist', async () => {
    const persistent = await setup();
    await expect(persistent.ipcMain.invoke('app:info', APP, undefined)).resolves.toEqual({
      ok: true,
      value: { version: '0.1.0', platform: 'linux', secretsPersistent: true },
    });
    const memoryOnly = await setup('basic_text');
    await expect(memoryOnly.ipcMain.invoke('app:info', APP, undefined)).resolves.toMatchObject({
      value: { secretsPersistent: false },
    });
  });

  it('stores, reads and deletes secrets', async () => {
    const { ipcMain } = await setup();
    expect(await ipcMain.invoke('secrets:set', APP, { key: 'k', value: 'v' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await ipcMain.invoke('secrets:get', APP, { key: 'k' })).toEqual({
      ok: true,
      value: 'v',
    });
    await ipcMain.invoke('secrets:delete', APP, { key: 'k' });
    expect(await ipcMain.invoke('secrets:get', APP, { key: 'k' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('answers secrets:set with the refusal when storage is basic_text', async () => {
    const { ipcMain } = await setup('basic_text');
    expect(await ipcMain.invoke('secrets:set', APP, { key: 'k', value: 'v' })).toEqual({
      ok: false,
      error: 'Secure storage unavailable (basic_text) — secrets kept for this session only',
    });
    expect(await ipcMain.invoke('secrets:get', APP, { key: 'k' })).toEqual({
      ok: true,
      value: 'v',
    });
  });

  it('opens only http(s) URLs externally', async () => {
    const { ipcMain, openExternal } = await setup();
    expect(
      await ipcMain.invoke('shell:open-external', APP, {
        url: 'https://ehr.example/authorize?x=1',
      }),
    ).toEqual({ ok: true, value: null });
    expect(await ipcMain.invoke('shell:open-external', APP, { url: 'file:///etc/passwd' })).toEqual(
      {
        ok: false,
        error: 'Only http(s) URLs can be opened in the browser',
      },
    );
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://ehr.example/authorize?x=1');
  });

  it('starts and waits on loopback listeners', async () => {
    const { ipcMain, loopback } = await setup();
    expect(await ipcMain.invoke('smart:loopback-start', APP, undefined)).toEqual({
      ok: true,
      value: { listenerId: 'id-1', redirectUri: 'http://127.0.0.1:5123/callback' },
    });
    expect(
      await ipcMain.invoke('smart:loopback-wait', APP, { listenerId: 'id-1', timeoutMs: 60_000 }),
    ).toEqual({ ok: true, value: { code: 'c', state: 's' } });
    expect(loopback.wait).toHaveBeenCalledWith('id-1', 60_000);
  });

  it('hands over the pending EHR launch once', async () => {
    const { ipcMain, inbox } = await setup();
    inbox.receive({ iss: 'https://ehr.example/fhir', launch: 'L' });
    expect(await ipcMain.invoke('launch:pending', APP, undefined)).toEqual({
      ok: true,
      value: { iss: 'https://ehr.example/fhir', launch: 'L' },
    });
    expect(await ipcMain.invoke('launch:pending', APP, undefined)).toEqual({
      ok: true,
      value: null,
    });
  });
});
