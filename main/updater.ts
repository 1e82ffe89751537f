/**
 * Application updates with electron-updater (issue 7 item 6): check at start and every few
 * hours, download in the background, install when the app quits.
 *
 * Clinic rules on top of electron-updater's defaults:
 * - **Off when the configuration says so** (`updates.enabled: false`, typically in the
 *   machine-wide file of a clinic whose IT deploys versions itself). `updates.url` points the
 *   generic provider at the clinic's own update server.
 * - **Never during a call.** While the renderer reports a running call, no check starts, a
 *   running download is cancelled (its bandwidth belongs to the video), a downloaded update
 *   is not installed if the app quits (so a clinician who quits by mistake is back in the call
 *   in seconds, not after an installer), and nothing restarts the app. When the call ends, a
 *   check catches up.
 * - **Never crash.** electron-updater reports failures as an `error` event (an emitter without
 *   an `error` listener throws) and as rejected promises; both are handled and logged.
 * @see https://www.electron.build/auto-update
 */
import type { UpdateSettings } from '../shared/config/app-config';
import type { InvokeResponse } from '../shared/ipc/contract';

/** What the renderer is told (`updates:status`): the state, the ready version, a running call. */
export type UpdateStatus = InvokeResponse<'updates:status'>;
/** What {@link Updater.installNow} did. */
export type InstallOutcome = InvokeResponse<'updates:install-now'>;

/** How often a running workstation checks again. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** What electron-updater accepts as `autoUpdater.logger` (electron-log satisfies it). */
export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

interface UpdateInfoLike {
  readonly version: string;
}

/** The slice of electron-updater's `autoUpdater` (an `AppUpdater`) used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{
    readonly downloadPromise?: Promise<unknown> | null;
    readonly cancellationToken?: { cancel(): void };
  } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  on(
    event: 'update-available' | 'update-downloaded' | 'update-cancelled',
    listener: (info: UpdateInfoLike) => void,
  ): unknown;
}

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterLike;
  /** `config.updates` of the effective configuration. */
  settings: UpdateSettings | undefined;
  /** `app.isPackaged`: an unpackaged (development) app has nothing to update. */
  isPackaged: boolean;
  log: (line: string) => void;
  /** Handed to electron-updater so its own messages go through the redacting log. */
  logger?: UpdaterLogger;
  intervalMs?: number;
  /** Runs `task` every `ms`; returns a stop function (default: an unref'd `setInterval`). */
  every?: (ms: number, task: () => void) => () => void;
}

/** Why an update is or is not being handled, for logs and tests. */
export type UpdaterStatus = 'off' | 'idle' | 'downloaded';

export class Updater {
  private status: UpdaterStatus = 'off';
  /** The downloaded version, once there is one. */
  private readyVersion: string | undefined;
  private callActive = false;
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  private started = false;
  private stopTimer: (() => void) | undefined;
  /** Cancels the download in flight, if any. */
  private cancelDownload: (() => void) | undefined;

  constructor(private readonly deps: UpdaterDeps) {}

  get state(): UpdaterStatus {
    return this.status;
  }

  /** What the renderer shows: whether an update is ready and whether a call holds it back. */
  getStatus(): UpdateStatus {
    return {
      state: this.status,
      ...(this.status === 'downloaded' && this.readyVersion ? { version: this.readyVersion } : {}),
      callActive: this.callActive,
    };
  }

  /**
   * Calls `listener` after every change of {@link getStatus} (an update downloaded, a call
   * started or ended). Returns an unsubscribe function.
   */
  onStatus(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(): void {
    const status = this.getStatus();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.deps.log(`[updates] a status listener failed: ${errorMessage(error)}`);
      }
    }
  }

  /** Configure electron-updater and check now and every few hours (unless updates are off). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { autoUpdater, settings, log } = this.deps;
    // Whatever happens below, an `error` event must never reach an emitter without listeners.
    autoUpdater.on('error', (error) => log(`[updates] failed: ${error.message}`));
    if (settings?.enabled === false || !this.deps.isPackaged) {
      autoUpdater.autoDownload = false;
      autoUpdater.autoInstallOnAppQuit = false;
      log(
        settings?.enabled === false
          ? '[updates] off: the configuration disables updates'
          : '[updates] off: not a packaged app',
      );
      return;
    }
    try {
      if (this.deps.logger) autoUpdater.logger = this.deps.logger;
      if (settings?.url !== undefined) {
        autoUpdater.setFeedURL({ provider: 'generic', url: settings.url });
      }
    } catch (error) {
      log(`[updates] off: could not use the update feed: ${errorMessage(error)}`);
      autoUpdater.autoDownload = false;
      autoUpdater.autoInstallOnAppQuit = false;
      return;
    }
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = !this.callActive;
    autoUpdater.on('update-available', (info) =>
      log(`[updates] version ${info.version} available, downloading`),
    );
    autoUpdater.on('update-cancelled', (info) =>
      log(`[updates] download of ${info.version} stopped for a call; resumes after it`),
    );
    autoUpdater.on('update-downloaded', (info) => {
      this.status = 'downloaded';
      this.readyVersion = info.version;
      this.cancelDownload = undefined;
      log(`[updates] version ${info.version} downloaded; it installs when the app quits`);
      this.announce();
    });
    this.status = 'idle';
    void this.check();
    const every = this.deps.every ?? defaultEvery;
    this.stopTimer = every(this.deps.intervalMs ?? UPDATE_CHECK_INTERVAL_MS, () => {
      void this.check();
    });
  }

  /** Stop the periodic checks (app quitting). */
  stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }

  /**
   * Ask for updates now, unless updates are off or a call is running. Never rejects:
   * failures are logged by the `error` listener (electron-updater emits every failure).
   */
  async check(): Promise<void> {
    if (this.status === 'off' || this.callActive) return;
    try {
      const result = await this.deps.autoUpdater.checkForUpdates();
      const download = result?.downloadPromise;
      if (!download) return;
      const token = result.cancellationToken;
      const cancel = (): void => token?.cancel();
      // A second check during a download joins the first one's download: keep its token.
      this.cancelDownload ??= cancel;
      // A call may have started while the check ran (read through a method: TypeScript
      // would keep the `callActive === false` narrowing from before the await).
      if (this.isCallActive()) this.cancelDownload();
      const settled = (): void => {
        if (this.cancelDownload === cancel) this.cancelDownload = undefined;
      };
      // A failure was emitted as `error` (or `update-cancelled`): here it is only kept handled.
      void download.then(settled, settled);
    } catch {
      // Already reported through the `error` event.
    }
  }

  private isCallActive(): boolean {
    return this.callActive;
  }

  /**
   * The renderer says a call started or ended. Starting: cancel a download in flight and do
   * not install on quit. Ending: install on quit again, and check (a check may have been
   * skipped, or a download stopped, during the call).
   */
  setCallActive(active: boolean): void {
    if (active === this.callActive) return;
    this.callActive = active;
    if (this.status === 'off') return;
    this.deps.autoUpdater.autoInstallOnAppQuit = !active;
    this.announce();
    if (active) {
      this.cancelDownload?.();
      this.cancelDownload = undefined;
      return;
    }
    void this.check();
  }

  /**
   * Quit and install a downloaded update now (for an explicit "Restart to update"). Refused
   * during a call: the update then waits for the next quit. Never restarts on its own.
   */
  installNow(): InstallOutcome {
    if (this.status !== 'downloaded') return 'nothing-to-install';
    if (this.callActive) {
      this.deps.log('[updates] not restarting during a call; the update installs on quit');
      return 'deferred';
    }
    this.deps.autoUpdater.quitAndInstall();
    return 'installing';
  }
}

function defaultEvery(ms: number, task: () => void): () => void {
  const handle = setInterval(task, ms);
  // Never keep the process alive just to check for updates.
  handle.unref();
  return () => clearInterval(handle);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
