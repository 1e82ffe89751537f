/**
 * OS lock and suspend → the renderer hides patient data at once (issue 7 item 5). The idle
 * timer in the renderer covers a workstation left alone; this covers a clinician who locks
 * the screen (Win+L, Ctrl+Cmd+Q, Super+L) or closes the laptop lid, after which the next
 * person to unlock the OS session must not find a chart open.
 *
 * Electron emits 'lock-screen' on macOS and Windows only. Elsewhere (Linux desktops) the lock
 * is polled instead: `powerMonitor.getSystemIdleState()` answers 'locked' where Chromium can
 * tell (the desktop's screen saver service), and a change to 'locked' counts as one lock.
 * Where the desktop reports nothing, the renderer's idle lock and 'suspend' still apply.
 * @see https://www.electronjs.org/docs/latest/api/power-monitor#event-lock-screen-macos-windows
 * @see https://www.electronjs.org/docs/latest/api/power-monitor#powermonitorgetsystemidlestateidlethreshold
 */
import type { PowerMonitor } from 'electron';
import type { EventPayload } from '../shared/ipc/contract';

export type SystemLockReason = EventPayload<'system:lock'>['reason'];

/** The slice of Electron's `powerMonitor` used here; the real one satisfies it. */
export interface PowerMonitorLike extends Pick<PowerMonitor, 'getSystemIdleState'> {
  on(event: SystemLockReason, listener: () => void): unknown;
  removeListener(event: SystemLockReason, listener: () => void): unknown;
}

/** How often the lock state is polled where there is no 'lock-screen' event. */
export const LOCK_POLL_INTERVAL_MS = 3000;

/**
 * Seconds of no input after which `getSystemIdleState` says 'idle' rather than 'active'. Only
 * 'locked' matters here, which Chromium reports whatever the threshold; a minute keeps the
 * other answers meaningful in logs.
 */
export const IDLE_THRESHOLD_SECONDS = 60;

/** Platforms (`process.platform`) where Electron emits 'lock-screen'. */
export function hasLockScreenEvent(platform: string): boolean {
  return platform === 'darwin' || platform === 'win32';
}

export interface WatchSystemLockOptions {
  /** `process.platform`: decides between the 'lock-screen' event and polling. */
  platform: string;
  /** Runs `task` every `ms`; returns a stop function (default: an unref'd `setInterval`). */
  every?: (ms: number, task: () => void) => () => void;
  log?: (line: string) => void;
}

/**
 * Calls `onLock` for every 'lock-screen' and 'suspend' and, on platforms without the
 * 'lock-screen' event, once for each change of the polled idle state to 'locked'. Returns a
 * function that stops watching. `powerMonitor` may only be used after the app is ready.
 */
export function watchSystemLock(
  powerMonitor: PowerMonitorLike,
  onLock: (reason: SystemLockReason) => void,
  options: WatchSystemLockOptions,
): () => void {
  const onLockScreen = (): void => onLock('lock-screen');
  const onSuspend = (): void => onLock('suspend');
  powerMonitor.on('suspend', onSuspend);
  let stopPolling: (() => void) | undefined;
  if (hasLockScreenEvent(options.platform)) {
    powerMonitor.on('lock-screen', onLockScreen);
  } else {
    stopPolling = pollLockState(powerMonitor, onLockScreen, options);
  }
  return () => {
    powerMonitor.removeListener('lock-screen', onLockScreen);
    powerMonitor.removeListener('suspend', onSuspend);
    stopPolling?.();
  };
}

function pollLockState(
  powerMonitor: Pick<PowerMonitorLike, 'getSystemIdleState'>,
  onLocked: () => void,
  options: WatchSystemLockOptions,
): () => void {
  const log = options.log ?? (() => undefined);
  let wasLocked = false;
  let failed = false;
  const every = options.every ?? defaultEvery;
  log('[power] no lock-screen event on this platform: polling the idle state for a screen lock');
  return every(LOCK_POLL_INTERVAL_MS, () => {
    let locked: boolean;
    try {
      locked = powerMonitor.getSystemIdleState(IDLE_THRESHOLD_SECONDS) === 'locked';
    } catch (error) {
      // Not expected; logged once so a broken desktop service cannot flood the log.
      if (!failed) log(`[power] could not read the idle state: ${String(error)}`);
      failed = true;
      return;
    }
    if (locked && !wasLocked) onLocked();
    wasLocked = locked;
  });
}

function defaultEvery(ms: number, task: () => void): () => void {
  const handle = setInterval(task, ms);
  // Never keep the process alive just to poll.
  handle.unref();
  return () => clearInterval(handle);
}
