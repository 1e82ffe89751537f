/**
 * Plays electron-updater in main/updater.ts tests and the E2E fake bridge (no vitest here): a real Node EventEmitter (so an
 * `error` event without a listener throws, as it would in main), and each check answers with
 * the next scripted result.
 */
import { EventEmitter } from 'node:events';
import type { AutoUpdaterLike } from '../updater';

export class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: AutoUpdaterLike['logger'] = null;
  feed: unknown;
  checks = 0;
  installs = 0;
  cancels = 0;
  /** What the next `checkForUpdates` does. */
  next: () => ReturnType<AutoUpdaterLike['checkForUpdates']> = () => Promise.resolve(null);

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }
  checkForUpdates(): ReturnType<AutoUpdaterLike['checkForUpdates']> {
    this.checks += 1;
    return this.next();
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
  /** An update found; its download settles when the returned functions are called. */
  scriptDownload() {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const downloadPromise = new Promise<unknown>((res, rej) => {
      resolve = () => res(['/tmp/update.AppImage']);
      reject = rej;
    });
    this.next = () =>
      Promise.resolve({
        downloadPromise,
        cancellationToken: { cancel: () => (this.cancels += 1) },
      });
    return { resolve, reject };
  }
}
