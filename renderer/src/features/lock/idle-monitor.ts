/**
 * Idle detection for the workstation lock (issue 7 item 5): no pointer, key, wheel, touch or
 * focus event for `timeoutMs` → `onIdle`, once.
 *
 * Activity only records a timestamp (pointermove fires at display rate, so no timer is
 * re-armed per event); one timer checks the wall clock when it fires and re-arms for the
 * remainder. Judging by `now()` rather than by the timer alone means a machine that slept, or
 * a background tab whose timers were throttled, locks as soon as its timer runs again instead
 * of waiting another full period. Time comes from `Date.now` and `setTimeout`, so Vitest's fake
 * timers and Playwright's `page.clock` both drive it.
 */

/** Events that count as the clinician being there. Listened for in the capture phase. */
export const ACTIVITY_EVENTS = [
  'pointerdown',
  'pointermove',
  'keydown',
  'wheel',
  'touchstart',
  'focus',
] as const;

export interface IdleMonitorOptions {
  /** Where activity is observed: the window (capture phase sees every element's events). */
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  timeoutMs: number;
  onIdle: () => void;
  /** Wall clock; `Date.now` unless a test passes another. */
  now?: () => number;
}

export interface IdleMonitor {
  /** Counts as activity (e.g. the app itself knows the user just acted). */
  touch(): void;
  /** Milliseconds left before `onIdle`; 0 once it has fired. */
  remainingMs(): number;
  /** Removes the listeners and the timer; `onIdle` will not be called afterwards. */
  stop(): void;
}

/** Starts watching at once; the idle period starts now. */
export function startIdleMonitor(options: IdleMonitorOptions): IdleMonitor {
  const now = options.now ?? Date.now;
  const timeoutMs = Math.max(0, options.timeoutMs);
  let lastActivity = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;

  const remainingMs = () => (done ? 0 : Math.max(0, lastActivity + timeoutMs - now()));

  const check = () => {
    timer = undefined;
    if (done) return;
    const left = remainingMs();
    if (left > 0) {
      timer = setTimeout(check, left);
      return;
    }
    stop();
    options.onIdle();
  };

  const onActivity = () => {
    if (!done) lastActivity = now();
  };

  const listenerOptions: AddEventListenerOptions = { capture: true, passive: true };
  for (const type of ACTIVITY_EVENTS) {
    options.target.addEventListener(type, onActivity, listenerOptions);
  }
  timer = setTimeout(check, timeoutMs);

  function stop() {
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    for (const type of ACTIVITY_EVENTS) {
      options.target.removeEventListener(type, onActivity, listenerOptions);
    }
  }

  return { touch: onActivity, remainingMs, stop };
}
