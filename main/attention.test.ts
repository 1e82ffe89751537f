import { describe, expect, it } from 'vitest';
import { invokeContract } from '../shared/ipc/contract';
import { Attention, type AttentionWindow, type NotificationLike } from './attention';

class FakeWindow implements AttentionWindow {
  focused = false;
  minimized = true;
  visible = true;
  destroyed = false;
  readonly calls: string[] = [];
  isDestroyed = () => this.destroyed;
  isFocused = () => this.focused;
  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  restore = () => {
    this.calls.push('restore');
    this.minimized = false;
  };
  show = () => void this.calls.push('show');
  focus = () => {
    this.calls.push('focus');
    this.focused = true;
  };
  flashFrame = (flag: boolean) => void this.calls.push(`flash:${String(flag)}`);
}

class FakeNotification implements NotificationLike {
  shown = false;
  private readonly listeners = new Map<string, () => void>();
  constructor(readonly options: { title: string; body: string; silent: boolean }) {}
  show(): void {
    this.shown = true;
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  emit(event: 'click' | 'close'): void {
    this.listeners.get(event)?.();
  }
}

function setup(supported = true) {
  const win = new FakeWindow();
  const made: FakeNotification[] = [];
  const attention = new Attention({
    getWindow: () => win,
    createNotification: (options) => {
      const n = new FakeNotification(options);
      made.push(n);
      return n;
    },
    isSupported: () => supported,
  });
  return { win, made, attention };
}

const knock = { title: 'Patient waiting', body: 'Margaret Thompson is in the lobby' };

describe('Attention: the knock while the window is not in front', () => {
  it('shows a silent system notification and flashes the taskbar when minimised', () => {
    const { win, made, attention } = setup();
    expect(attention.notify(knock)).toEqual({ shown: true });
    expect(made).toHaveLength(1);
    expect(made[0]?.options).toEqual({ ...knock, silent: true });
    expect(made[0]?.shown).toBe(true);
    expect(win.calls).toEqual(['flash:true']);
    expect(attention.pending).toBe(1);
  });

  it('brings the window back on click', () => {
    const { win, made, attention } = setup();
    attention.notify(knock);
    made[0]?.emit('click');
    expect(win.calls).toEqual(['flash:true', 'restore', 'show', 'focus', 'flash:false']);
    expect(attention.pending).toBe(0);
  });

  it('shows nothing when the window is in front: the lobby banner and chime suffice', () => {
    const { win, made, attention } = setup();
    win.focused = true;
    win.minimized = false;
    expect(attention.notify(knock)).toEqual({ shown: false });
    expect(made).toHaveLength(0);
    expect(win.calls).toEqual([]);
  });

  it('notifies when focused but hidden behind the tray, and forgets closed notifications', () => {
    const { win, made, attention } = setup();
    win.focused = true;
    win.minimized = false;
    win.visible = false;
    expect(attention.notify(knock).shown).toBe(true);
    made[0]?.emit('close');
    expect(attention.pending).toBe(0);
  });

  it('still flashes the taskbar where the desktop has no notifications', () => {
    const { win, made, attention } = setup(false);
    expect(attention.notify(knock)).toEqual({ shown: false });
    expect(made).toHaveLength(0);
    expect(win.calls).toEqual(['flash:true']);
  });

  it('the IPC contract refuses an empty title and an oversized body', () => {
    const schema = invokeContract['app:notify'].request;
    expect(schema.safeParse(knock).success).toBe(true);
    expect(schema.safeParse({ title: '', body: 'x' }).success).toBe(false);
    expect(schema.safeParse({ title: 't', body: 'x'.repeat(1001) }).success).toBe(false);
  });
});
