/**
 * Electron's security checklist, item by item
 * (https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations),
 * against the real window factory, session permission handlers, app:// protocol handler and
 * CSP, with fakes for Electron. Module tests go deeper (named per item); this file proves each
 * item as a whole, including that main/index.ts and preload/index.ts wire those modules in:
 * a tested factory proves nothing if a window bypasses it (source checks, `wiring`).
 * The same items are scanned statically by the electronegativity gate
 * (scripts/electronegativity.mjs, test/packaging/electronegativity.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../shared/ipc/contract';
import { createBridge } from '../preload/bridge';
import { APP_ENTRY_URL, APP_SCHEME } from './app-origin';
import { APP_SCHEME_DEFINITION, createAppRequestHandler } from './app-protocol';
import {
  buildContentSecurityPolicy,
  EMBEDDED_CONNECT_ORIGINS,
  META_CONTENT_SECURITY_POLICY,
} from './csp';
import { registerIpcHandlers, type InvokeImplementations } from './ipc';
import { installPermissionHandlers, type PermissionSession } from './permissions';
import { FakeBrowserWindow, FakeIpcMain } from './testing/fake-electron';
import { createHardenedWindow } from './window-factory';

const root = resolve(import.meta.dirname, '..');
const source = (path: string): string => readFileSync(join(root, path), 'utf8');
/** main/ code that ships (no tests, no fakes). */
const withoutComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
/** main/ code that ships (no tests, no fakes), comments left out. */
const mainSources = readdirSync(join(root, 'main'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: withoutComments(source(`main/${f}`)) }));
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** A window from the real factory, with hostile options a careless caller might pass. */
function hardenedWindow() {
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  let created: BrowserWindowConstructorOptions | undefined;
  const hostile: WebPreferences = {
    nodeIntegration: true,
    contextIsolation: false,
    sandbox: false,
    webSecurity: false,
    allowRunningInsecureContent: true,
    experimentalFeatures: true,
    enableBlinkFeatures: 'ExecCommandInJavaScript',
    webviewTag: true,
  };
  const window = createHardenedWindow(
    {
      createWindow: (options) => {
        created = options;
        return new FakeBrowserWindow(options);
      },
      openExternal,
      preloadPath: '/opt/app/out/preload/index.cjs',
    },
    { title: 'x', webPreferences: hostile } as BrowserWindowConstructorOptions,
  );
  return { window, openExternal, prefs: created?.webPreferences ?? {} };
}

const FOREIGN = [
  'https://attacker.example/',
  'app://workstation.attacker.example/',
  'app://attacker/index.html',
  'file:///etc/passwd',
];

describe('Electron security checklist', () => {
  it('#1 only loads secure content: app:// locally, nothing executable from the network', () => {
    expect(new URL(APP_ENTRY_URL).protocol).toBe(`${APP_SCHEME}:`);
    expect(APP_SCHEME_DEFINITION.privileges?.secure).toBe(true);
    const policy = buildContentSecurityPolicy({
      connectOrigins: ['https://fhir.example/r4', 'https:', ...EMBEDDED_CONNECT_ORIGINS],
    });
    // Only connect-src (data) names the network; every other directive is local-only.
    for (const directive of policy.split('; ').filter((d) => !d.startsWith('connect-src'))) {
      const sources = directive.split(' ').slice(1);
      for (const s of sources) {
        expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:', 'mediastream:']).toContain(
          s,
        );
      }
    }
  });

  it('#2 Node.js integration is off everywhere and cannot be turned on by a caller', () => {
    const { prefs } = hardenedWindow();
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('#3 context isolation is on', () => {
    expect(hardenedWindow().prefs.contextIsolation).toBe(true);
  });

  it('#4 every renderer is sandboxed (per window and app-wide, before ready)', () => {
    expect(hardenedWindow().prefs.sandbox).toBe(true);
    const index = source('main/index.ts');
    const enable = index.indexOf('app.enableSandbox()');
    expect(enable).toBeGreaterThan(-1);
    expect(enable).toBeLessThan(index.indexOf('.whenReady()'));
    // A sandboxed preload cannot be an ES module.
    expect(index).toMatch(/preloadPath: join\(outDir, 'preload', 'index\.cjs'\)/);
  });

  it('#5 the session handles permission requests and checks: deny by default', () => {
    const handlers: Partial<Record<'request' | 'check' | 'device', unknown>> = {};
    const session = {
      setPermissionRequestHandler: (h: unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: unknown) => (handlers.device = h),
    } as unknown as PermissionSession;
    installPermissionHandlers(session);
    expect(Object.keys(handlers).sort()).toEqual(['check', 'device', 'request']);
    const check = handlers.check as (w: null, p: string, o: string, d: object) => boolean;
    expect(check(null, 'a-permission-chromium-adds-next-year', 'app://workstation', {})).toBe(
      false,
    );
    expect(check(null, 'media', 'https://attacker.example', {})).toBe(false);
    // The app uses the default session only, and index.ts installs the table on it.
    expect(source('main/index.ts')).toMatch(/installPermissionHandlers\(session\.defaultSession\b/);
    for (const { file, text } of mainSources) {
      expect(text, file).not.toMatch(/fromPartition|partition:/);
    }
    // Details per permission and origin: main/permissions.test.ts.
  });

  it('#6 webSecurity stays on', () => {
    expect(hardenedWindow().prefs.webSecurity).toBe(true);
  });

  describe('#7 Content-Security-Policy', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'checklist-csp-'));
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('is sent as a header on every page the app protocol serves, scripts from self only', async () => {
      const handler = createAppRequestHandler({
        root: dir,
        contentSecurityPolicy: () => buildContentSecurityPolicy(),
      });
      for (const url of ['app://workstation/', 'app://workstation/patients/1']) {
        const csp = (await handler(new Request(url))).headers.get('content-security-policy');
        expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
        expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
        expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      }
    });

    it('is also in the page itself, as a meta tag before any script', () => {
      const html = source('renderer/index.html');
      const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/.exec(
        html,
      );
      expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
      expect(meta?.index).toBeLessThan(html.indexOf('<script'));
    });
  });

  it('#8 insecure content is never allowed to run', () => {
    expect(hardenedWindow().prefs.allowRunningInsecureContent).toBe(false);
  });

  it('#9 experimental features stay off', () => {
    expect(hardenedWindow().prefs.experimentalFeatures).toBe(false);
  });

  it('#10 no Blink features are enabled (one is disabled: middle-click new windows)', () => {
    const { prefs } = hardenedWindow();
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  // #11 (<webview> allowpopups) does not apply: the tag is disabled (#12), so no page can
  // create a <webview> to put the attribute on.

  it('#12 <webview> is disabled, and attaching one is refused whatever its options', () => {
    const { window, prefs } = hardenedWindow();
    expect(prefs.webviewTag).toBe(false);
    const attach = window.webContents.emitPreventable(
      'will-attach-webview',
      { nodeIntegration: true },
      { src: 'app://workstation/index.html', allowpopups: 'true' },
    );
    expect(attach.prevented).toBe(true);
  });

  it('#13 navigation is limited to the app origin; redirects away are blocked', () => {
    const { window } = hardenedWindow();
    const events = window.webContents;
    expect(
      events.emitPreventable('will-navigate', 'app://workstation/index.html#/x').prevented,
    ).toBe(false);
    for (const url of FOREIGN) {
      expect(events.emitPreventable('will-navigate', url).prevented, url).toBe(true);
      expect(events.emitPreventable('will-redirect', url).prevented, url).toBe(true);
    }
  });

  it('#14 no new window is ever created, not even for the app origin', () => {
    const { window } = hardenedWindow();
    const open = window.webContents.windowOpenHandler;
    for (const url of ['app://workstation/index.html', 'about:blank', ...FOREIGN]) {
      expect(open?.({ url }), url).toEqual({ action: 'deny' });
    }
  });

  it('#15 shell.openExternal gets only re-parsed https and mailto URLs', () => {
    const { window, openExternal } = hardenedWindow();
    for (const url of [
      'HTTPS://Example.org/a b',
      'mailto:care@clinic.example?attach=/etc/passwd',
      'mailto:care@clinic.example',
      'http://example.org/',
      'smb://attacker.example/share',
      'file:///etc/passwd',
      'ms-settings:',
    ]) {
      window.webContents.windowOpenHandler?.({ url });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://example.org/a%20b',
      'mailto:care@clinic.example',
    ]);
    // Every shell.openExternal in main is an injected dependency; its callers validate (above,
    // and the shell:open-external IPC handler). Details: main/window-factory.test.ts.
    for (const { file, text } of mainSources) {
      expect(count(text, /shell\.openExternal\(/g), file).toBe(
        count(text, /openExternal: \((\w+)\) => shell\.openExternal\(\1\)/g),
      );
    }
  });

  it('#16 uses a current Electron: pinned exactly, installed as pinned, 45 or newer', () => {
    const pinned = (
      JSON.parse(source('package.json')) as { devDependencies: Record<string, string> }
    ).devDependencies.electron;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = (
      JSON.parse(source('node_modules/electron/package.json')) as { version: string }
    ).version;
    expect(installed).toBe(pinned);
    expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('#17 every IPC channel validates the sender frame', async () => {
    const ipcMain = new FakeIpcMain();
    const called = vi.fn();
    const implementations = Object.fromEntries(invokeChannels.map((c) => [c, called]));
    registerIpcHandlers(ipcMain, implementations as unknown as InvokeImplementations);
    for (const channel of invokeChannels) {
      for (const sender of [...FOREIGN, 'about:srcdoc', null]) {
        expect(await ipcMain.invoke(channel, sender, undefined)).toMatchObject({ ok: false });
      }
    }
    expect(called).not.toHaveBeenCalled();
    // Random payloads and more senders: main/ipc-fuzz.test.ts.
  });

  it('#18 the app is served from a custom protocol, never file://', () => {
    expect(APP_SCHEME_DEFINITION).toMatchObject({ scheme: 'app', privileges: { standard: true } });
    expect(source('main/index.ts')).toMatch(/\.loadURL\(APP_ENTRY_URL\)/);
    for (const { file, text } of mainSources) expect(text, file).not.toMatch(/\.loadFile\(/);
    // The grantFileProtocolExtraPrivileges fuse is off too: main/electron-builder-config.test.ts.
  });

  // #19 (fuses) is checked where the fuses are set and flipped: the configuration in
  // main/electron-builder-config.test.ts, the bytes in the packaged binary in
  // test/packaging/asar-contents.test.ts.

  it('#20 the page sees no Electron API: the preload exposes only the contract bridge', () => {
    const preload = source('preload/index.ts');
    expect(count(preload, /exposeInMainWorld\(/g)).toBe(1);
    expect(preload).toMatch(/exposeInMainWorld\('workstation', createBridge\(ipcRenderer\)\)/);
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const bridge = createBridge(ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    // Channels outside the contract never reach ipcRenderer: preload/bridge.test.ts.
  });

  it('(remote module: removed from Electron in 14; neither it nor @electron/remote is used)', () => {
    const pkg = JSON.parse(source('package.json')) as Record<string, Record<string, string>>;
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@electron/remote');
    for (const { file, text } of mainSources) expect(text, file).not.toMatch(/enableRemoteModule/);
  });
});

describe('wiring: main creates windows and IPC handlers only through the tested modules', () => {
  it('every BrowserWindow is made by createHardenedWindow', () => {
    for (const { file, text } of mainSources) {
      expect(count(text, /new BrowserWindow\(/g), file).toBe(
        count(text, /createWindow: \((\w+)\) => new BrowserWindow\(\1\)/g),
      );
      if (file !== 'window-factory.ts') expect(text, file).not.toMatch(/webPreferences\s*:/);
    }
  });

  it('no IPC listener is registered outside registerIpcHandlers', () => {
    for (const { file, text } of mainSources) {
      if (file === 'ipc.ts') continue;
      expect(text, file).not.toMatch(/ipcMain\.(handle|handleOnce|on|once)\(/);
    }
    expect(source('main/index.ts')).toMatch(/registerIpcHandlers\(\s*ipcMain,/);
  });
});
