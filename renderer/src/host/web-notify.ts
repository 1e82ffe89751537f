/**
 * The browser host's system notification (Web Notifications API): only when the page is
 * hidden (another tab, minimised window), asking for permission the first time. Best effort:
 * a refused permission or a browser without notifications never breaks the caller, whose
 * in-page banner always shows.
 */
export interface WebNotifyEnv {
  /** `document.hidden`. */
  isHidden: () => boolean;
  /** `window.Notification`, undefined where the browser has none. */
  Notification: typeof Notification | undefined;
  /** Brings the page to the front on click (`window.focus()`). */
  focus: () => void;
}

export async function webNotify(
  env: WebNotifyEnv,
  note: { title: string; body: string },
): Promise<boolean> {
  const Ctor = env.Notification;
  if (!Ctor || !env.isHidden()) return false;
  let permission = Ctor.permission;
  if (permission === 'default') {
    try {
      permission = await Ctor.requestPermission();
    } catch {
      return false;
    }
  }
  if (permission !== 'granted') return false;
  try {
    // One tag: a second knock replaces the first instead of stacking up.
    const shown = new Ctor(note.title, { body: note.body, tag: 'workstation-attention' });
    shown.onclick = () => {
      env.focus();
      shown.close();
    };
    return true;
  } catch {
    return false; // e.g. Chrome on Android needs a service worker for notifications.
  }
}
