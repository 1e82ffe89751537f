import { describe, expect, it, vi } from 'vitest';
import { watchSystemLock, type PowerMonitorLike } from './power';
import { FakeEmitter } from './testing/fake-electron';

class FakePowerMonitor extends FakeEmitter implements PowerMonitorLike {
  removeListener(event: string, listener: () => void): this {
    return this.off(event, listener);
  }
  fire(event: string): void {
    this.emitPreventable(event);
  }
}

describe('watchSystemLock', () => {
  it('reports lock-screen and suspend with their reason', () => {
    const power = new FakePowerMonitor();
    const onLock = vi.fn();
    watchSystemLock(power, onLock);
    power.fire('lock-screen');
    power.fire('suspend');
    expect(onLock.mock.calls).toEqual([['lock-screen'], ['suspend']]);
  });

  it('ignores the other power events (unlock, resume, battery)', () => {
    const power = new FakePowerMonitor();
    const onLock = vi.fn();
    watchSystemLock(power, onLock);
    for (const event of ['unlock-screen', 'resume', 'on-battery', 'shutdown']) power.fire(event);
    expect(onLock).not.toHaveBeenCalled();
  });

  it('stops watching when unsubscribed', () => {
    const power = new FakePowerMonitor();
    const onLock = vi.fn();
    const stop = watchSystemLock(power, onLock);
    stop();
    power.fire('lock-screen');
    power.fire('suspend');
    expect(onLock).not.toHaveBeenCalled();
    expect(power.listenerCount('lock-screen') + power.listenerCount('suspend')).toBe(0);
  });
});
