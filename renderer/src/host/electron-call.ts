/**
 * One invoke through the preload bridge, with main's `{ ok: false }` turned back into a thrown
 * {@link HostCallError} so the Electron host's callers use ordinary `try`/`await`.
 */
import type {
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  WorkstationBridge,
} from '../../../shared/ipc/contract';

/** Thrown when main answers `{ ok: false }`; the message is main's explanation. */
export class HostCallError extends Error {
  constructor(
    readonly channel: InvokeChannel,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

export async function call<C extends InvokeChannel>(
  bridge: WorkstationBridge,
  channel: C,
  request: InvokeRequest<C>,
): Promise<InvokeResponse<C>> {
  const reply = await bridge.invoke(channel, request);
  if (reply.ok) return reply.value;
  throw new HostCallError(channel, reply.error);
}
