import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './testing/fake-electron';
import { createHardenedWindow, hardenedWebPreferences } from './window-factory';

function setup() {
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  const created: BrowserWindowConstructorOptions[] = [];
  const window = createHardenedWindow(
    {
      createWindow: (options) => {
        created.push(options);
        return new FakeBrowserWindow(options);
      },
      openExternal,
      preloadPath: '/app/out/preload/index.cjs',
      log: () => undefined,
    },
    { width: 1200, title: 'Workstation' },
  );
  return { window, openExternal, options: created[0] };
}

describe('hardenedWebPreferences', () => {
  it('turns on isolation and the sandbox and turns off every Node/webview door', () => {
    expect(hardenedWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
  });
});

describe('createHardenedWindow', () => {
  it('creates the window with the caller options and the hardened preferences', () => {
    const { options } = setup();
    expect(options?.width).toBe(1200);
    expect(options?.title).toBe('Workstation');
    expect(options?.webPreferences).toEqual(hardenedWebPreferences('/app/out/preload/index.cjs'));
  });

  it('ignores webPreferences smuggled in through the options', () => {
    const created: BrowserWindowConstructorOptions[] = [];
    createHardenedWindow(
      {
        createWindow: (o) => {
          created.push(o);
          return new FakeBrowserWindow(o);
        },
        openExternal: () => Promise.resolve(),
        preloadPath: '/p.cjs',
      },
      { webPreferences: { sandbox: false, nodeIntegration: true } } as never,
    );
    expect(created[0]?.webPreferences?.sandbox).toBe(true);
    expect(created[0]?.webPreferences?.nodeIntegration).toBe(false);
  });

  it('prevents <webview> from attaching', () => {
    const { window } = setup();
    expect(window.webContents.emitPreventable('will-attach-webview', {}, {}).prevented).toBe(true);
  });

  it('denies every window.open and sends only http(s) URLs to the system browser', () => {
    const { window, openExternal } = setup();
    const handler = window.webContents.windowOpenHandler;
    expect(handler).toBeDefined();
    for (const url of [
      'https://example.org/a',
      'http://127.0.0.1:8080/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://workstation/index.html',
      'smb://share/x',
      'not a url',
    ]) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual([
      'https://example.org/a',
      'http://127.0.0.1:8080/x',
    ]);
  });

  it('allows navigation inside the app origin only', () => {
    const { window, openExternal } = setup();
    const nav = (url: string) => window.webContents.emitPreventable('will-navigate', url).prevented;
    expect(nav('app://workstation/index.html#/patients')).toBe(false);
    expect(nav('app://workstation/other.html')).toBe(false);
    expect(nav('app://evil/index.html')).toBe(true);
    expect(nav('app://workstation.evil/index.html')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('https://attacker.example/')).toBe(true);
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://attacker.example/');
  });

  it('prevents redirects away from the app origin without opening a browser', () => {
    const { window, openExternal } = setup();
    const redirect = (url: string) =>
      window.webContents.emitPreventable('will-redirect', url).prevented;
    expect(redirect('https://elsewhere.example/')).toBe(true);
    expect(redirect('app://workstation/index.html')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('logs instead of throwing when the system browser cannot be opened', async () => {
    const log = vi.fn();
    const window = createHardenedWindow({
      createWindow: (o) => new FakeBrowserWindow(o),
      openExternal: () => Promise.reject(new Error('no browser')),
      preloadPath: '/p.cjs',
      log,
    });
    window.webContents.windowOpenHandler?.({ url: 'https://example.org/' });
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('no browser')));
  });
});
