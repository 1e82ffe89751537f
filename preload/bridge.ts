/**
 * The core of the preload: builds `window.workstation` from an `ipcRenderer`-like object.
 * Like vscode's preload, it refuses any channel outside the contract before touching IPC,
 * so a compromised renderer cannot reach other handlers; listeners get validated payloads
 * only, never the IPC event (which would leak `sender`).
 */
import {
  eventContract,
  invokeContract,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type IpcResult,
  type WorkstationBridge,
} from '../shared/ipc/contract';

/** The slice of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as Record<string, unknown>;
  return reply.ok === true
    ? 'value' in reply
    : reply.ok === false && typeof reply.error === 'string';
}

export function createBridge(
  ipc: IpcRendererLike,
  warn: (message: string) => void = (message) => console.warn(message),
): WorkstationBridge {
  async function invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<IpcResult<InvokeResponse<C>>> {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: `Unknown IPC channel: ${String(channel)}` };
    }
    const contract = invokeContract[channel];
    const parsedRequest = contract.request.safeParse(request);
    if (!parsedRequest.success) {
      return {
        ok: false,
        error: `Invalid request for ${channel}: ${firstIssue(parsedRequest.error)}`,
      };
    }
    let reply: unknown;
    try {
      reply = await ipc.invoke(channel, parsedRequest.data);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (!isReply(reply)) return { ok: false, error: `Malformed reply on ${channel}` };
    if (!reply.ok) return { ok: false, error: reply.error };
    const value = contract.response.safeParse(reply.value);
    if (!value.success) return { ok: false, error: `Invalid response on ${channel}` };
    return { ok: true, value: value.data as InvokeResponse<C> };
  }

  function on<C extends EventChannel>(
    channel: C,
    listener: (payload: EventPayload<C>) => void,
  ): () => void {
    if (!isEventChannel(channel)) throw new Error(`Unknown IPC event: ${String(channel)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const schema = eventContract[channel];
    const wrapped = (_event: unknown, payload: unknown): void => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        warn(`[preload] dropped invalid ${channel} event`);
        return;
      }
      // The schema is the one for `channel`; TypeScript cannot narrow the union by it.
      listener(parsed.data as EventPayload<C>);
    };
    ipc.on(channel, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, wrapped);
    };
  }

  return Object.freeze({ invoke, on });
}

function firstIssue(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`;
}
