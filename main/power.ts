/**
 * OS lock and suspend → the renderer hides patient data at once (issue 7 item 5). The idle
 * timer in the renderer covers a workstation left alone; this covers a clinician who locks
 * the screen (Win+L, Ctrl+Cmd+Q) or closes the laptop lid, after which the next person to
 * unlock the OS session must not find a chart open.
 * @see https://www.electronjs.org/docs/latest/api/power-monitor#event-lock-screen-macos-windows
 */
import type { EventPayload } from '../shared/ipc/contract';

export type SystemLockReason = EventPayload<'system:lock'>['reason'];

/** The slice of Electron's `powerMonitor` used here; the real one satisfies it. */
export interface PowerMonitorLike {
  on(event: SystemLockReason, listener: () => void): unknown;
  removeListener(event: SystemLockReason, listener: () => void): unknown;
}

/**
 * Calls `onLock` for every 'lock-screen' and 'suspend'. Returns a function that stops
 * watching. `powerMonitor` may only be used after the app is ready.
 *
 * 'lock-screen' fires on macOS and Windows only; on Linux desktops Electron reports no screen
 * lock, so there the renderer's idle lock and 'suspend' are what hide the data.
 */
export function watchSystemLock(
  powerMonitor: PowerMonitorLike,
  onLock: (reason: SystemLockReason) => void,
): () => void {
  const onLockScreen = (): void => onLock('lock-screen');
  const onSuspend = (): void => onLock('suspend');
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  return () => {
    powerMonitor.removeListener('lock-screen', onLockScreen);
    powerMonitor.removeListener('suspend', onSuspend);
  };
}
