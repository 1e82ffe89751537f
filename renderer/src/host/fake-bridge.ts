/** A scriptable stand-in for the preload bridge (`window.workstation`), for host tests. */
import type {
  EventChannel,
  InvokeChannel,
  IpcResult,
  WorkstationBridge,
} from '../../../shared/ipc/contract';

export type Handler = (request: unknown) => IpcResult<unknown>;

/** A bridge whose replies come from per-channel handlers, recording every call. */
export function fakeBridge(handlers: Partial<Record<InvokeChannel, Handler>>) {
  const calls: { channel: InvokeChannel; request: unknown }[] = [];
  const listeners = new Map<EventChannel, ((payload: unknown) => void)[]>();
  const bridge = {
    invoke: (channel: InvokeChannel, request: unknown) => {
      calls.push({ channel, request });
      const handler = handlers[channel];
      return Promise.resolve(handler ? handler(request) : { ok: false, error: `no ${channel}` });
    },
    on: (channel: EventChannel, listener: (payload: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return () => {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
      };
    },
  } as unknown as WorkstationBridge;
  const emit = (channel: EventChannel, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  return { bridge, calls, emit };
}
