import { describe, expect, it, vi } from 'vitest';
import type { InvokeChannel } from '../shared/ipc/contract';
import type { IpcRendererLike } from './bridge';
import { createBridge } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(
  reply: (channel: string, request: unknown) => unknown = () => ({ ok: true, value: null }),
) {
  const listeners = new Map<string, Listener[]>();
  const ipc = {
    invoke: vi.fn((channel: string, request: unknown) => Promise.resolve(reply(channel, request))),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    }),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) =>
    (listeners.get(channel) ?? []).forEach((l) => l({ sender: 'secret' }, payload));
  return { ipc, emit, listeners };
}

describe('createBridge', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards contract channels and returns the parsed reply', async () => {
    const { ipc } = fakeIpc(() => ({
      ok: true,
      value: { version: '1', platform: 'linux', secretsPersistent: false },
    }));
    const bridge = createBridge(ipc);
    await expect(bridge.invoke('app:info', undefined)).resolves.toEqual({
      ok: true,
      value: { version: '1', platform: 'linux', secretsPersistent: false },
    });
    expect(ipc.invoke).toHaveBeenCalledWith('app:info', undefined);
  });

  it('refuses channels outside the contract without touching ipcRenderer', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    for (const channel of ['fs:read', '__proto__', 'toString', 'constructor', '']) {
      await expect(bridge.invoke(channel as InvokeChannel, undefined as never)).resolves.toEqual({
        ok: false,
        error: `Unknown IPC channel: ${channel}`,
      });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('refuses invalid requests before sending them', async () => {
    const { ipc } = fakeIpc();
    const result = await createBridge(ipc).invoke('shell:open-external', { url: 'not a url' });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('url') as string });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('passes main errors through and turns rejections and malformed replies into errors', async () => {
    const errorReply = createBridge(
      fakeIpc(() => ({ ok: false, error: 'Secure storage unavailable' })).ipc,
    );
    await expect(errorReply.invoke('secrets:set', { key: 'k', value: 'v' })).resolves.toEqual({
      ok: false,
      error: 'Secure storage unavailable',
    });
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:info'"));
    await expect(createBridge(ipc).invoke('app:info', undefined)).resolves.toEqual({
      ok: false,
      error: "No handler registered for 'app:info'",
    });
    const malformed = createBridge(fakeIpc(() => 'surprise').ipc);
    await expect(malformed.invoke('app:info', undefined)).resolves.toEqual({
      ok: false,
      error: 'Malformed reply on app:info',
    });
    const wrongShape = createBridge(fakeIpc(() => ({ ok: true, value: { version: 3 } })).ipc);
    await expect(wrongShape.invoke('app:info', undefined)).resolves.toEqual({
      ok: false,
      error: 'Invalid response on app:info',
    });
  });

  it('delivers validated event payloads without the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const warn = vi.fn();
    const bridge = createBridge(ipc, warn);
    const listener = vi.fn();
    const off = bridge.on('launch:ehr', listener);
    emit('launch:ehr', { iss: 'https://ehr.example/fhir', launch: 'L' });
    emit('launch:ehr', { iss: 'nope', launch: 'L' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({
      iss: 'https://ehr.example/fhir',
      launch: 'L',
    });
    expect(warn).toHaveBeenCalledOnce();
    off();
    off();
    expect(listeners.get('launch:ehr')).toEqual([]);
    expect(ipc.removeListener).toHaveBeenCalledOnce();
    emit('launch:ehr', { iss: 'https://ehr.example/fhir', launch: 'L2' });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('refuses to subscribe to channels outside the event contract', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    expect(() => bridge.on('app:info' as never, () => undefined)).toThrow('Unknown IPC event');
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('checks the deployment channels too: audit entries, print names, lock events', async () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createBridge(ipc, vi.fn());
    const bad = await bridge.invoke('audit:append', {
      id: 'not-a-uuid',
      recorded: '2026-11-22T08:00:00Z',
      action: 'locked',
      outcome: 'success',
      user: { reference: 'Practitioner/a' },
      serverId: 'sandbox',
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('id') as string });
    const folder = await bridge.invoke('print:view', { suggestedFileName: 'a/../../b' });
    expect(folder).toMatchObject({ ok: false });
    expect(ipc.invoke).not.toHaveBeenCalled();
    await bridge.invoke('print:view', { suggestedFileName: '  Report  ' });
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith('print:view', {
      suggestedFileName: 'Report',
    });

    const reasons = vi.fn();
    bridge.on('system:lock', ({ reason }) => {
      reasons(reason);
    });
    emit('system:lock', { reason: 'suspend' });
    emit('system:lock', { reason: 'reboot' });
    emit('system:lock', 'lock-screen');
    expect(reasons.mock.calls).toEqual([['suspend']]);
  });

  it('lets only settings patches of the user-editable fields reach main', async () => {
    const { ipc } = fakeIpc(() => ({ ok: true, value: { saved: true } }));
    const bridge = createBridge(ipc);
    await expect(
      bridge.invoke('settings:save', { 'security.idleLockMinutes': 5, languages: null }),
    ).resolves.toEqual({ ok: true, value: { saved: true } });
    const sneaky = { 'updates.url': 'https://evil.example/feed' } as never;
    expect(await bridge.invoke('settings:save', sneaky)).toMatchObject({ ok: false });
    expect(await bridge.invoke('settings:save', { 'cache.pinDays': 0 })).toMatchObject({
      ok: false,
    });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('hands on valid update status events only', () => {
    const { ipc, emit } = fakeIpc();
    const warn = vi.fn();
    const listener = vi.fn();
    createBridge(ipc, warn).on('updates:status', listener);
    emit('updates:status', { state: 'downloaded', version: '2.0.0', callActive: false });
    emit('updates:status', { state: 'installing-now', callActive: false });
    expect(listener.mock.calls).toEqual([
      [{ state: 'downloaded', version: '2.0.0', callActive: false }],
    ]);
    expect(warn).toHaveBeenCalledWith('[preload] dropped invalid updates:status event');
  });
});
