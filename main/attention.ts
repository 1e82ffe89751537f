/**
 * Getting the clinician's attention when the workstation is not in front: a patient knocking
 * in the consult lobby while the window is minimised or behind another app. Main shows a
 * system notification (Electron's main-process `Notification`, so the renderer needs no
 * `notifications` permission) and flashes the taskbar entry; a click brings the window back.
 * When the window is already in front, nothing is shown: the lobby's own chime and banner do.
 */
import type { InvokeRequest, InvokeResponse } from '../shared/ipc/contract';

/** The slice of `BrowserWindow` used here; the real one satisfies it. */
export interface AttentionWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  flashFrame(flag: boolean): void;
}

/** The slice of an Electron `Notification` used here. */
export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface AttentionDeps {
  getWindow: () => AttentionWindow | undefined;
  /** `new Notification(options)`; the real constructor satisfies it. */
  createNotification: (options: {
    title: string;
    body: string;
    silent: boolean;
  }) => NotificationLike;
  /** `Notification.isSupported()` (false on a Linux desktop without a notification daemon). */
  isSupported: () => boolean;
}

export class Attention {
  /** Shown notifications, kept referenced until closed (else they may be garbage-collected and their click lost). */
  private readonly live = new Set<NotificationLike>();

  constructor(private readonly deps: AttentionDeps) {}

  notify(note: InvokeRequest<'app:notify'>): InvokeResponse<'app:notify'> {
    const win = this.deps.getWindow();
    if (!win || win.isDestroyed()) return { shown: false };
    if (win.isFocused() && win.isVisible() && !win.isMinimized()) return { shown: false };
    win.flashFrame(true);
    if (!this.deps.isSupported()) return { shown: false };
    // Silent: the renderer plays the knock chime itself, once.
    const notification = this.deps.createNotification({
      title: note.title,
      body: note.body,
      silent: true,
    });
    this.live.add(notification);
    notification.on('click', () => {
      this.live.delete(notification);
      const current = this.deps.getWindow();
      if (!current || current.isDestroyed()) return;
      if (current.isMinimized()) current.restore();
      current.show();
      current.focus();
      current.flashFrame(false);
    });
    notification.on('close', () => this.live.delete(notification));
    notification.show();
    return { shown: true };
  }

  /** Notifications still on screen (tests). */
  get pending(): number {
    return this.live.size;
  }
}
