import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_EVENTS, startIdleMonitor } from './idle-monitor';

const MINUTE = 60_000;

describe('startIdleMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-03-01T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls onIdle once the timeout passes without activity, and only once', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    startIdleMonitor({ target, timeoutMs: 10 * MINUTE, onIdle });
    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  for (const type of ACTIVITY_EVENTS) {
    it(`"${type}" restarts the idle period`, () => {
      const target = new EventTarget();
      const onIdle = vi.fn();
      startIdleMonitor({ target, timeoutMs: 10 * MINUTE, onIdle });
      vi.advanceTimersByTime(9 * MINUTE);
      target.dispatchEvent(new Event(type));
      // 10 minutes after the start, but only 1 after the activity.
      vi.advanceTimersByTime(1 * MINUTE);
      expect(onIdle).not.toHaveBeenCalled();
      vi.advanceTimersByTime(9 * MINUTE - 1);
      expect(onIdle).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(onIdle).toHaveBeenCalledTimes(1);
    });
  }

  it('ignores events that are not activity (e.g. a timer-driven scroll)', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    startIdleMonitor({ target, timeoutMs: 5 * MINUTE, onIdle });
    vi.advanceTimersByTime(4 * MINUTE);
    target.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(1 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('judges by the wall clock: a timer that runs late (sleep, throttled tab) locks at once', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    startIdleMonitor({ target, timeoutMs: 10 * MINUTE, onIdle });
    vi.advanceTimersByTime(5 * MINUTE);
    target.dispatchEvent(new Event('keydown')); // last activity: 09:05
    // The machine sleeps two hours: the wall clock jumps, no timer runs meanwhile.
    vi.setSystemTime(Date.now() + 120 * MINUTE);
    // The timer armed for 09:10 runs now; by the clock the user has been away 2 h 5 min.
    vi.advanceTimersByTime(5 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('re-arms for the remainder when activity happened since the timer was set', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    startIdleMonitor({ target, timeoutMs: 10 * MINUTE, onIdle });
    vi.advanceTimersByTime(7 * MINUTE);
    target.dispatchEvent(new Event('wheel')); // 09:07
    vi.advanceTimersByTime(3 * MINUTE); // 09:10: the first timer finds 3 min of idleness
    expect(onIdle).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(7 * MINUTE); // 09:17
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('reports the time left, and 0 after firing', () => {
    const target = new EventTarget();
    const monitor = startIdleMonitor({ target, timeoutMs: 3 * MINUTE, onIdle: () => undefined });
    vi.advanceTimersByTime(1 * MINUTE);
    expect(monitor.remainingMs()).toBe(2 * MINUTE);
    monitor.touch();
    expect(monitor.remainingMs()).toBe(3 * MINUTE);
    vi.advanceTimersByTime(3 * MINUTE);
    expect(monitor.remainingMs()).toBe(0);
  });

  it('stop() removes the timer and the listeners', () => {
    const target = new EventTarget();
    const remove = vi.spyOn(target, 'removeEventListener');
    const onIdle = vi.fn();
    const monitor = startIdleMonitor({ target, timeoutMs: MINUTE, onIdle });
    monitor.stop();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
    expect(remove.mock.calls.map((c) => c[0]).sort()).toEqual([...ACTIVITY_EVENTS].sort());
    expect(vi.getTimerCount()).toBe(0);
  });
});
