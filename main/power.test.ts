import type { PowerMonitor } from 'electron';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  hasLockScreenEvent,
  IDLE_THRESHOLD_SECONDS,
  LOCK_POLL_INTERVAL_MS,
  watchSystemLock,
  type PowerMonitorLike,
} from './power';
import { FakeEmitter } from './testing/fake-electron';

type IdleState = ReturnType<PowerMonitorLike['getSystemIdleState']>;

class FakePowerMonitor extends FakeEmitter implements PowerMonitorLike {
  idleState: IdleState = 'active';
  readonly thresholds: number[] = [];
  throwOnRead = false;

  removeListener(event: string, listener: () => void): this {
    return this.off(event, listener);
  }
  fire(event: string): void {
    this.emitPreventable(event);
  }
  getSystemIdleState(idleThreshold: number): IdleState {
    this.thresholds.push(idleThreshold);
    if (this.throwOnRead) throw new Error('no D-Bus');
    return this.idleState;
  }
}

/** A scheduler the test drives: `tick()` runs the polled task once, as the interval would. */
function fakeClock() {
  const timers: { ms: number; task: () => void; stopped: boolean }[] = [];
  return {
    timers,
    every: (ms: number, task: () => void) => {
      const timer = { ms, task, stopped: false };
      timers.push(timer);
      return () => {
        timer.stopped = true;
      };
    },
    tick() {
      for (const timer of timers) if (!timer.stopped) timer.task();
    },
  };
}

describe('watchSystemLock on macOS and Windows (lock-screen event)', () => {
  it.each(['darwin', 'win32'])(
    '%s: reports lock-screen and suspend, and never polls',
    (platform) => {
      const power = new FakePowerMonitor();
      const clock = fakeClock();
      const onLock = vi.fn();
      watchSystemLock(power, onLock, { platform, every: clock.every });
      power.fire('lock-screen');
      power.fire('suspend');
      expect(onLock.mock.calls).toEqual([['lock-screen'], ['suspend']]);
      expect(clock.timers).toEqual([]);
    },
  );

  it('ignores the other power events (unlock, resume, battery)', () => {
    const power = new FakePowerMonitor();
    const onLock = vi.fn();
    watchSystemLock(power, onLock, { platform: 'darwin' });
    for (const event of ['unlock-screen', 'resume', 'on-battery', 'shutdown']) power.fire(event);
    expect(onLock).not.toHaveBeenCalled();
  });

  it('stops watching when unsubscribed', () => {
    const power = new FakePowerMonitor();
    const onLock = vi.fn();
    const stop = watchSystemLock(power, onLock, { platform: 'win32' });
    stop();
    power.fire('lock-screen');
    power.fire('suspend');
    expect(onLock).not.toHaveBeenCalled();
    expect(power.listenerCount('lock-screen') + power.listenerCount('suspend')).toBe(0);
  });
});

describe('watchSystemLock on Linux (polled idle state)', () => {
  function setup() {
    const power = new FakePowerMonitor();
    const clock = fakeClock();
    const onLock = vi.fn();
    const log = vi.fn<(line: string) => void>();
    const stop = watchSystemLock(power, onLock, { platform: 'linux', every: clock.every, log });
    return { power, clock, onLock, log, stop };
  }

  it("is typed against Electron's own powerMonitor (checked by tsc)", () => {
    expectTypeOf<PowerMonitor>().toExtend<PowerMonitorLike>();
    expectTypeOf<ReturnType<PowerMonitor['getSystemIdleState']>>().toEqualTypeOf<
      'active' | 'idle' | 'locked' | 'unknown'
    >();
  });

  it('knows which platforms have the event', () => {
    expect(['darwin', 'win32', 'linux', 'freebsd'].map(hasLockScreenEvent)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('polls every few seconds and locks once per change to "locked"', () => {
    const { power, clock, onLock } = setup();
    expect(clock.timers.map((t) => t.ms)).toEqual([LOCK_POLL_INTERVAL_MS]);
    expect(LOCK_POLL_INTERVAL_MS).toBeLessThanOrEqual(5000);

    const states: IdleState[] = ['active', 'idle', 'locked', 'locked', 'locked', 'active'];
    for (const state of states) {
      power.idleState = state;
      clock.tick();
    }
    expect(onLock.mock.calls).toEqual([['lock-screen']]);

    // Unlocked, then locked again: a second lock.
    power.idleState = 'locked';
    clock.tick();
    expect(onLock).toHaveBeenCalledTimes(2);
    expect(power.thresholds.every((t) => t === IDLE_THRESHOLD_SECONDS)).toBe(true);
  });

  it('treats "unknown" (a desktop that reports no lock) as not locked', () => {
    const { power, clock, onLock } = setup();
    power.idleState = 'unknown';
    clock.tick();
    clock.tick();
    expect(onLock).not.toHaveBeenCalled();
  });

  it('still reports suspend, and has no lock-screen listener to rely on', () => {
    const { power, onLock } = setup();
    expect(power.listenerCount('lock-screen')).toBe(0);
    power.fire('suspend');
    expect(onLock.mock.calls).toEqual([['suspend']]);
  });

  it('logs a failing read once and keeps polling', () => {
    const { power, clock, onLock, log } = setup();
    power.throwOnRead = true;
    clock.tick();
    clock.tick();
    expect(log.mock.calls.filter(([line]) => line.includes('could not read'))).toHaveLength(1);
    power.throwOnRead = false;
    power.idleState = 'locked';
    clock.tick();
    expect(onLock.mock.calls).toEqual([['lock-screen']]);
  });

  it('stops polling when unsubscribed', () => {
    const { power, clock, onLock, stop } = setup();
    stop();
    expect(clock.timers[0]?.stopped).toBe(true);
    power.idleState = 'locked';
    clock.tick();
    expect(onLock).not.toHaveBeenCalled();
  });
});
