import { describe, expect, it, vi } from 'vitest';
import { webNotify } from './web-notify';

function fakeNotification(initial: NotificationPermission, answer: NotificationPermission) {
  const shown: { title: string; options?: NotificationOptions; instance: unknown }[] = [];
  class FakeNotification {
    static permission: NotificationPermission = initial;
    static requestPermission = vi.fn(() => {
      FakeNotification.permission = answer;
      return Promise.resolve(answer);
    });
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, ...(options ? { options } : {}), instance: this });
    }
  }
  return { Ctor: FakeNotification as unknown as typeof Notification, shown, FakeNotification };
}

const note = { title: 'Patient waiting', body: 'Margaret Thompson is in the lobby' };

describe('webNotify', () => {
  it('shows nothing while the page is in front', async () => {
    const { Ctor, shown } = fakeNotification('granted', 'granted');
    expect(
      await webNotify({ isHidden: () => false, Notification: Ctor, focus: vi.fn() }, note),
    ).toBe(false);
    expect(shown).toEqual([]);
  });

  it('asks once, then shows with one tag; a click focuses the page', async () => {
    const { Ctor, shown, FakeNotification } = fakeNotification('default', 'granted');
    const focus = vi.fn();
    expect(await webNotify({ isHidden: () => true, Notification: Ctor, focus }, note)).toBe(true);
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    expect(shown[0]).toMatchObject({
      title: 'Patient waiting',
      options: { body: note.body, tag: 'workstation-attention' },
    });
    (shown[0]?.instance as { onclick: () => void }).onclick();
    expect(focus).toHaveBeenCalled();
    await webNotify({ isHidden: () => true, Notification: Ctor, focus }, note);
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
  });

  it('respects a refusal, and browsers without notifications', async () => {
    const { Ctor, shown } = fakeNotification('default', 'denied');
    expect(
      await webNotify({ isHidden: () => true, Notification: Ctor, focus: vi.fn() }, note),
    ).toBe(false);
    expect(shown).toEqual([]);
    expect(
      await webNotify({ isHidden: () => true, Notification: undefined, focus: vi.fn() }, note),
    ).toBe(false);
  });
});
