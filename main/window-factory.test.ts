import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './testing/fake-electron';
import {
  createHardenedWindow,
  hardenedWebPreferences,
  MAX_EXTERNAL_URL_LENGTH,
  toExternalUrl,
} from './window-factory';

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
      disableBlinkFeatures: 'Auxclick',
    });
  });
});

describe('toExternalUrl', () => {
  it('passes https and mailto as the parser serializes them', () => {
    expect(toExternalUrl('https://example.org')).toBe('https://example.org/');
    expect(toExternalUrl('HTTPS://Example.ORG/a b?q=1#f')).toBe('https://example.org/a%20b?q=1#f');
    expect(toExternalUrl('mailto:care@clinic.example?subject=Follow-up&body=Hi')).toBe(
      'mailto:care@clinic.example?subject=Follow-up&body=Hi',
    );
    expect(toExternalUrl('  https://example.org/\n')).toBe('https://example.org/');
  });

  it.each([
    ['plain http', 'http://example.org/'],
    ['http to loopback without the sign-in policy', 'http://127.0.0.1:4000/authorize'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['smb share (NTLM leak)', 'smb://attacker.example/share'],
    ['Windows UNC via file', 'file://attacker.example/share/x.exe'],
    ['ms-msdt handler', 'ms-msdt:/id PCWDiagnostic'],
    ['the deep-link scheme itself', 'clinician-workstation://launch?iss=x'],
    ['app origin', 'app://workstation/index.html'],
    ['userinfo look-alike', 'https://clinic.example@attacker.example/'],
    ['mailto attaching a file', 'mailto:a@b.example?attach=/etc/passwd'],
    ['mailto attaching, encoded name', 'mailto:a@b.example?%61ttach=C:%5Cx'],
    ['relative', '/index.html'],
    ['not a URL', 'not a url'],
    ['too long', `https://example.org/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`],
  ])('refuses %s', (_name, url) => {
    expect(toExternalUrl(url)).toBeUndefined();
  });

  it('allows http only to a loopback IP literal, and only when asked', () => {
    const signIn = { allowLoopbackHttp: true };
    expect(toExternalUrl('http://127.0.0.1:4000/authorize?x=1', signIn)).toBe(
      'http://127.0.0.1:4000/authorize?x=1',
    );
    expect(toExternalUrl('http://2130706433:4000/a', signIn)).toBe('http://127.0.0.1:4000/a');
    expect(toExternalUrl('http://[::1]:4000/a', signIn)).toBe('http://[::1]:4000/a');
    expect(toExternalUrl('http://localhost:4000/a', signIn)).toBeUndefined();
    expect(toExternalUrl('http://127.0.0.1.attacker.example/', signIn)).toBeUndefined();
    expect(toExternalUrl('http://user@127.0.0.1:4000/', signIn)).toBeUndefined();
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

  it('denies every window.open and sends only https and mailto URLs to the system', () => {
    const { window, openExternal } = setup();
    const handler = window.webContents.windowOpenHandler;
    expect(handler).toBeDefined();
    for (const url of [
      'https://example.org/a',
      'mailto:care@clinic.example',
      'http://127.0.0.1:8080/x',
      'https://clinic.example@attacker.example/',
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
      'mailto:care@clinic.example',
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
    expect(nav('http://attacker.example/')).toBe(true);
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
