/**
 * Renderer crash recovery (issue 7 item 7). When the renderer process dies (crash, out of
 * memory, killed), the window would stay blank until someone restarts the app; instead main
 * reloads the app and brings the clinician back to the view they were on (the hash route,
 * e.g. `#/patient/123/monitoring`). The renderer keeps nothing that matters only in memory:
 * the record cache and the outbox are in IndexedDB, tokens in the vault.
 *
 * A route that crashes the renderer every time must not become a crash loop: the second crash
 * in a short window reloads the start page instead, and the third gives up and asks the user
 * (try again or quit) instead of reloading forever.
 * @see https://www.electronjs.org/docs/latest/api/web-contents#event-render-process-gone
 */

/** The slice of `WebContents` used here; the real one satisfies it. */
export interface RecoverableContents {
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown;
  on(event: 'did-navigate', listener: (event: unknown, url: string) => void): unknown;
  on(
    event: 'did-navigate-in-page',
    listener: (event: unknown, url: string, isMainFrame: boolean) => void,
  ): unknown;
  getURL(): string;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
}

export interface CrashRecoveryDeps {
  contents: RecoverableContents;
  /** The app's start page (`APP_ENTRY_URL`). */
  entryUrl: string;
  /** Only the app's own pages are restored (`isAppOrigin`): never a page of another origin. */
  isAppUrl: (url: string) => boolean;
  /**
   * Ask the user after repeated crashes (a modal dialog in index.ts). `retry` starts over
   * on the start page; `quit` ends the app.
   */
  askAfterRepeatedCrashes: (info: { crashes: number; reason: string }) => Promise<'retry' | 'quit'>;
  quit: () => void;
  log: (line: string) => void;
  now?: () => number;
  /** Crashes within {@link windowMs} after which recovery gives up (default 3). */
  maxCrashes?: number;
  /** The window crashes are counted in (default 5 minutes). */
  windowMs?: number;
}

/** What the recovery did about one crash (returned for tests and logs). */
export type CrashAction = 'ignored' | 'restored-route' | 'reloaded-start' | 'asked-user';

export class CrashRecovery {
  private lastAppUrl: string | undefined;
  private crashTimes: number[] = [];
  private asking = false;

  constructor(private readonly deps: CrashRecoveryDeps) {}

  /** Subscribe to the window's navigation and crash events. */
  install(): this {
    const { contents } = this.deps;
    contents.on('did-navigate', (_event, url) => this.remember(url));
    contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
      if (isMainFrame) this.remember(url);
    });
    contents.on('render-process-gone', (_event, details) => {
      void this.handleGone(details);
    });
    return this;
  }

  private remember(url: string): void {
    if (this.deps.isAppUrl(url)) this.lastAppUrl = url;
  }

  /** The view to come back to: the last app page seen, else the start page. */
  private restoreUrl(): string {
    if (this.lastAppUrl) return this.lastAppUrl;
    const current = this.deps.contents.getURL();
    return this.deps.isAppUrl(current) ? current : this.deps.entryUrl;
  }

  async handleGone(details: { reason: string; exitCode: number }): Promise<CrashAction> {
    const { contents, log } = this.deps;
    // 'clean-exit' is a normal end (window closing); a destroyed window needs no renderer.
    if (details.reason === 'clean-exit' || contents.isDestroyed() || this.asking) return 'ignored';
    const now = (this.deps.now ?? Date.now)();
    const windowMs = this.deps.windowMs ?? 5 * 60_000;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < windowMs), now];
    const count = this.crashTimes.length;
    log(
      `[crash] renderer gone (${details.reason}, exit code ${String(details.exitCode)}); ${String(count)} in the last ${String(Math.round(windowMs / 60_000))} min`,
    );
    // A failed code integrity check fails again on reload: ask at once.
    if (details.reason === 'integrity-failure' || count >= (this.deps.maxCrashes ?? 3)) {
      return this.ask(count, details.reason);
    }
    if (count === 1) {
      this.load(this.restoreUrl(), 'restoring the last view');
      return 'restored-route';
    }
    // The view itself may be what crashes: start over on the start page.
    this.load(this.deps.entryUrl, 'opening the start page');
    return 'reloaded-start';
  }

  private async ask(crashes: number, reason: string): Promise<CrashAction> {
    this.asking = true;
    let answer: 'retry' | 'quit';
    try {
      answer = await this.deps.askAfterRepeatedCrashes({ crashes, reason });
    } catch (error) {
      this.deps.log(`[crash] could not ask the user: ${String(error)}`);
      answer = 'quit';
    } finally {
      this.asking = false;
    }
    if (answer === 'quit') {
      this.deps.log('[crash] the user chose to quit after repeated crashes');
      this.deps.quit();
    } else {
      this.crashTimes = [];
      this.load(this.deps.entryUrl, 'trying again from the start page');
    }
    return 'asked-user';
  }

  private load(url: string, what: string): void {
    // The URL is not logged: its route names the patient.
    this.deps.log(`[crash] reloading the app, ${what}`);
    if (this.deps.contents.isDestroyed()) return;
    this.deps.contents.loadURL(url).catch((error: unknown) => {
      this.deps.log(`[crash] reload failed: ${String(error)}`);
    });
  }
}
