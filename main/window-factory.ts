/**
 * The one place a BrowserWindow is made. Every window gets the same hardened
 * `webPreferences` and the same navigation/window-open guards, following Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security) and Signal-Desktop's
 * "navigation prevented everywhere" rule.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { isAppOrigin, toExternalUrl } from './app-origin';

export { MAX_EXTERNAL_URL_LENGTH, toExternalUrl, type ExternalUrlPolicy } from './app-origin';

/** The part of an Electron event the guards use. */
export interface PreventableEvent {
  preventDefault(): void;
}

/**
 * The slice of `WebContents` the guards need. Real `WebContents` satisfies it (checked where
 * main/index.ts passes `BrowserWindow` in); tests pass a fake.
 */
export interface GuardableWebContents {
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardenableWindow {
  readonly webContents: GuardableWebContents;
}

export interface WindowFactoryDeps<W extends HardenableWindow> {
  /** `(options) => new BrowserWindow(options)` in production. */
  createWindow: (options: BrowserWindowConstructorOptions) => W;
  /**
   * `shell.openExternal`: where https and mailto links go instead of a new Electron window.
   * Only ever called with the output of {@link toExternalUrl}.
   */
  openExternal: (url: string) => Promise<void>;
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  log?: (line: string) => void;
}

/**
 * Hardened `webPreferences`. Spread last so nothing a caller passes can weaken them.
 * `spellcheck: false` keeps clinical text from being sent to an OS/cloud dictionary.
 * `disableBlinkFeatures: 'Auxclick'`: a middle click is not a second way to open links
 * (Doyensec's AUXCLICK_JS_CHECK); the window-open handler below refuses them anyway.
 * No `enableBlinkFeatures`, no `experimentalFeatures` (checklist #9, #10).
 */
export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
  };
}

/**
 * Create a window with hardened preferences and install the guards on its webContents.
 * `options.webPreferences` is ignored on purpose: windows differ in size and title, never in
 * security settings.
 */
export function createHardenedWindow<W extends HardenableWindow>(
  deps: WindowFactoryDeps<W>,
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'> = {},
): W {
  const window = deps.createWindow({
    ...options,
    webPreferences: hardenedWebPreferences(deps.preloadPath),
  });
  installNavigationGuards(window.webContents, deps);
  return window;
}

/**
 * - `<webview>` can never be attached (it would bring its own, weaker preferences).
 * - `window.open` / `target=_blank` never opens an Electron window; https and mailto URLs go
 *   to the system (see {@link toExternalUrl}), anything else (`http:`, `file:`, `javascript:`,
 *   custom schemes) is dropped.
 * - Top-level navigation away from the app origin is prevented; https/mailto targets are
 *   opened by the system so a plain link in a record still works. Redirects away from the
 *   app origin are only prevented.
 */
export function installNavigationGuards(
  webContents: GuardableWebContents,
  deps: Pick<WindowFactoryDeps<HardenableWindow>, 'openExternal' | 'log'>,
): void {
  const log = deps.log ?? (() => undefined);
  const openOutside = (url: string, why: string): void => {
    const external = toExternalUrl(url);
    if (external === undefined) {
      log(`[window] blocked ${why} to a URL that may not leave the app: ${truncate(url)}`);
      return;
    }
    deps.openExternal(external).catch((error: unknown) => {
      log(`[window] could not open ${truncate(external)} externally: ${String(error)}`);
    });
  };

  webContents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[window] blocked <webview>');
  });
  webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url, 'window.open');
    return { action: 'deny' };
  });
  webContents.on('will-navigate', (event, url) => {
    if (isAppOrigin(url)) return;
    event.preventDefault();
    openOutside(url, 'navigation');
  });
  // A redirect is the server's choice, not the user's: block it without opening a browser tab.
  webContents.on('will-redirect', (event, url) => {
    if (isAppOrigin(url)) return;
    event.preventDefault();
    log(`[window] blocked redirect to ${truncate(url)}`);
  });
}

function truncate(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
