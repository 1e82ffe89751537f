/** An Updater over a FakeAutoUpdater with recording fakes, for main/updater.ts tests. */
import { vi } from 'vitest';
import type { UpdateSettings } from '../../shared/config/app-config';
import { Updater, type UpdaterDeps } from '../updater';
import { FakeAutoUpdater } from './fake-auto-updater';

export function setupUpdater(
  settings: UpdateSettings | undefined = { enabled: true },
  isPackaged = true,
) {
  const autoUpdater = new FakeAutoUpdater();
  const log = vi.fn<(line: string) => void>();
  const timers: { ms: number; task: () => void; stopped: boolean }[] = [];
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps: UpdaterDeps = {
    autoUpdater,
    settings,
    isPackaged,
    log,
    logger,
    every: (ms, task) => {
      const timer = { ms, task, stopped: false };
      timers.push(timer);
      return () => {
        timer.stopped = true;
      };
    },
  };
  return { updater: new Updater(deps), autoUpdater, log, timers, logger };
}
