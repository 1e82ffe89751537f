import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../shared/audit/audit-entry';
import { AuditFile } from './audit-file';
import { createJsonFileStore, readJsonFile } from './json-file-store';
import { UserSettingsFile } from './user-settings-file';
import { LaunchInbox } from './deep-link';
import { createInvokeHandlers } from './invoke-handlers';
import { registerIpcHandlers } from './ipc';
import { FakeIpcMain, FakeSafeStorage, MemoryJsonStore } from './testing/fake-electron';
import { SecretVault } from './vault';

const APP = 'app://workstation/index.html';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoke-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

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
  const audit = new AuditFile({
    path: join(dir, 'audit-log.jsonl'),
    log: () => undefined,
    sync: false,
  });
  const printView = vi.fn((_name: string) => Promise.resolve<'saved' | 'cancelled'>('saved'));
  const updates = {
    setCallActive: vi.fn((_active: boolean) => undefined),
    getStatus: () => ({ state: 'downloaded' as const, version: '1.3.0', callActive: true }),
    installNow: vi.fn(() => 'deferred' as const),
  };
  const settings = new UserSettingsFile({
    path: join(dir, 'config.json'),
    managed: undefined,
    blocked: false,
    initial: { servers: [] },
    readJson: readJsonFile,
    writeJson: (value) => createJsonFileStore(join(dir, 'config.json')).write(value),
  });
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
      audit,
      printView,
      updates,
      settings,
    }),
  );
  return { ipcMain, openExternal, loopback, inbox, printView, updates, settings };
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

  it('opens only https and mailto URLs (http only to loopback), re-serialised', async () => {
    const { ipcMain, openExternal } = await setup();
    const refused = {
      ok: false,
      error: 'Only https and mailto links (http only to this computer) can be opened',
    };
    for (const url of [
      'file:///etc/passwd',
      'http://ehr.example/authorize',
      'javascript:alert(1)',
      'smb://server/share',
      'https://user:pass@ehr.example/',
      'clinician-workstation://launch?iss=x',
      'http://localhost:8080/',
      'mailto:it@clinic.example?attach=/etc/passwd',
    ]) {
      expect(await ipcMain.invoke('shell:open-external', APP, { url })).toEqual(refused);
    }
    // Not even a URL: refused by the contract's schema before the handler runs.
    expect(await ipcMain.invoke('shell:open-external', APP, { url: 'not a url' })).toMatchObject({
      ok: false,
    });
    for (const url of [
      'https://ehr.example/authorize?x=1',
      'mailto:it@clinic.example',
      'http://127.0.0.1:8080/auth/authorize?a=b',
      'HTTPS://EHR.example/a b',
    ]) {
      expect(await ipcMain.invoke('shell:open-external', APP, { url })).toEqual({
        ok: true,
        value: null,
      });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://ehr.example/authorize?x=1',
      'mailto:it@clinic.example',
      'http://127.0.0.1:8080/auth/authorize?a=b',
      'https://ehr.example/a%20b',
    ]);
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

  it('appends audit entries and lists them newest first, per clinician', async () => {
    const { ipcMain } = await setup();
    const entry = (n: number, user: string): AuditEntry => ({
      id: `0b0c6d1e-2f30-4a41-8b52-${String(n).padStart(12, '0')}`,
      recorded: '2026-11-22T09:15:00Z',
      action: 'consult-started',
      outcome: 'success',
      user: { reference: user },
      serverId: 'sandbox',
      entity: { reference: `Encounter/e${String(n)}`, type: 'Encounter' },
    });
    for (const [n, user] of [
      [1, 'Practitioner/a'],
      [2, 'Practitioner/b'],
      [3, 'Practitioner/a'],
    ] as const) {
      expect(await ipcMain.invoke('audit:append', APP, entry(n, user))).toEqual({
        ok: true,
        value: null,
      });
    }
    expect(await ipcMain.invoke('audit:list', APP, { userReference: 'Practitioner/a' })).toEqual({
      ok: true,
      value: [entry(3, 'Practitioner/a'), entry(1, 'Practitioner/a')],
    });
    expect(await ipcMain.invoke('audit:list', APP, { limit: 1 })).toEqual({
      ok: true,
      value: [entry(3, 'Practitioner/a')],
    });
  });

  it('refuses audit entries that are invalid or come from another origin', async () => {
    const { ipcMain } = await setup();
    const valid = {
      id: '0b0c6d1e-2f30-4a41-8b52-000000000009',
      recorded: '2026-11-22T09:15:00Z',
      action: 'signed-in',
      outcome: 'success',
      user: { reference: 'Practitioner/a' },
      serverId: 'sandbox',
    };
    expect(await ipcMain.invoke('audit:append', 'https://evil.example/', valid)).toMatchObject({
      ok: false,
    });
    expect(
      await ipcMain.invoke('audit:append', APP, { ...valid, recorded: 'yesterday' }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('recorded') as string });
    expect(await ipcMain.invoke('audit:list', APP, { limit: 0 })).toMatchObject({ ok: false });
    expect(await ipcMain.invoke('audit:list', APP, {})).toEqual({ ok: true, value: [] });
  });

  it('prints with the suggested name and passes the call state to the updater', async () => {
    const { ipcMain, printView, updates } = await setup();
    expect(
      await ipcMain.invoke('print:view', APP, { suggestedFileName: 'Monitoring report' }),
    ).toEqual({ ok: true, value: 'saved' });
    expect(printView).toHaveBeenCalledExactlyOnceWith('Monitoring report');
    expect(
      await ipcMain.invoke('print:view', APP, { suggestedFileName: '../../etc/passwd' }),
    ).toMatchObject({ ok: false });
    expect(printView).toHaveBeenCalledOnce();
    expect(await ipcMain.invoke('updates:set-call-active', APP, { active: true })).toEqual({
      ok: true,
      value: null,
    });
    expect(await ipcMain.invoke('updates:set-call-active', APP, { active: 'yes' })).toMatchObject({
      ok: false,
    });
    expect(updates.setCallActive.mock.calls).toEqual([[true]]);
  });

  it('reports the update and forwards "install now" (refused during a call)', async () => {
    const { ipcMain, updates } = await setup();
    expect(await ipcMain.invoke('updates:status', APP, undefined)).toEqual({
      ok: true,
      value: { state: 'downloaded', version: '1.3.0', callActive: true },
    });
    expect(await ipcMain.invoke('updates:install-now', APP, undefined)).toEqual({
      ok: true,
      value: 'deferred',
    });
    expect(updates.installNow).toHaveBeenCalledOnce();
  });

  it('reads and saves the user settings, refusing malformed patches before main sees them', async () => {
    const { ipcMain, settings } = await setup();
    expect(await ipcMain.invoke('settings:get', APP, undefined)).toMatchObject({
      ok: true,
      value: { storage: { kind: 'file', path: join(dir, 'config.json') } },
    });
    expect(await ipcMain.invoke('settings:save', APP, { 'security.idleLockMinutes': 4 })).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(settings.config().security?.idleLockMinutes).toBe(4);
    expect(
      await ipcMain.invoke('settings:save', APP, { 'security.idleLockMinutes': 40 }),
    ).toMatchObject({ ok: true, value: { saved: false, errors: [{ code: 'weaker', limit: 10 }] } });
    expect(await ipcMain.invoke('settings:save', APP, { servers: [] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid request for settings:save/) as string,
    });
    expect(settings.config().security?.idleLockMinutes).toBe(4);
  });
});
