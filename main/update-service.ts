/**
 * Starts the updater (updater.ts) for the app and hands the IPC handlers the one object they
 * use. electron-updater is loaded here, on demand: it reads the packaged app's update
 * configuration when first used. A failure to load it leaves updates off; it never stops the
 * app, and the renderer is told updates are off rather than left waiting.
 */
import type { UpdateSettings } from '../shared/config/app-config';
import {
  Updater,
  type AutoUpdaterLike,
  type InstallOutcome,
  type UpdateStatus,
  type UpdaterLogger,
} from './updater';

/** What the IPC handlers and main's event wiring need from the updater. */
export type UpdateService = Pick<
  Updater,
  'setCallActive' | 'getStatus' | 'installNow' | 'onStatus'
>;

export interface UpdateServiceDeps {
  settings: UpdateSettings | undefined;
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `import('electron-updater')`'s `autoUpdater`; may reject. */
  loadAutoUpdater: () => Promise<AutoUpdaterLike>;
  /** `app.on('will-quit', …)`: the periodic checks stop there. */
  onWillQuit: (listener: () => void) => void;
  log: (line: string) => void;
  logger?: UpdaterLogger;
}

export async function startUpdateService(deps: UpdateServiceDeps): Promise<UpdateService> {
  let autoUpdater: AutoUpdaterLike;
  try {
    autoUpdater = await deps.loadAutoUpdater();
  } catch (error) {
    deps.log(`[updates] off: electron-updater could not start: ${String(error)}`);
    return updatesOff();
  }
  const updater = new Updater({
    autoUpdater,
    settings: deps.settings,
    isPackaged: deps.isPackaged,
    log: deps.log,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  updater.start();
  deps.onWillQuit(() => updater.stop());
  return updater;
}

/** Updates that are off for good: nothing downloads, nothing installs. */
export function updatesOff(): UpdateService {
  let callActive = false;
  return {
    setCallActive: (active: boolean) => {
      callActive = active;
    },
    getStatus: (): UpdateStatus => ({ state: 'off', callActive }),
    installNow: (): InstallOutcome => 'nothing-to-install',
    onStatus: () => () => undefined,
  };
}
