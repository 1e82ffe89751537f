/**
 * Main's side of the IPC contract (shared/ipc/contract.ts). Every channel is registered
 * here and nowhere else; each call is checked in this order:
 * 1. the sender frame's URL must be the app origin (a frame of another origin that somehow
 *    reached `ipcRenderer` gets nothing; Electron security checklist #17),
 * 2. the request is parsed with the channel's zod schema,
 * 3. the injected implementation runs,
 * 4. its answer is parsed with the response schema,
 * and the result always comes back as `{ ok: true, value } | { ok: false, error }`: nothing
 * throws across IPC, whatever the payload (main/ipc-fuzz.test.ts throws thousands at it).
 */
import type { z } from 'zod';
import {
  eventContract,
  invokeChannels,
  invokeContract,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type IpcResult,
} from '../shared/ipc/contract';
import { isAppOrigin } from './app-origin';

/** What an implementation knows about its caller. */
export interface InvokeContext {
  senderUrl: string;
}

/** One function per channel in `C`. */
export type ChannelImplementations<C extends InvokeChannel> = {
  [K in C]: (
    request: z.output<(typeof invokeContract)[K]['request']>,
    context: InvokeContext,
  ) => InvokeResponse<K> | Promise<InvokeResponse<K>>;
};

/**
 * Channels answered by main/display-media.ts, which shares their state (the sources listed
 * last, the pending choice) with the session's display-media request handler; index.ts adds
 * them beside the stateless handlers of invoke-handlers.ts.
 */
export type DisplayMediaChannel = 'screen:sources' | 'screen:choose';

/**
 * One function per contract channel; a missing channel is a type error, except for the
 * display-media channels: without them (tests, a session without a display-media handler)
 * those channels answer `{ ok: false }`.
 */
export type InvokeImplementations = ChannelImplementations<
  Exclude<InvokeChannel, DisplayMediaChannel>
> &
  Partial<ChannelImplementations<DisplayMediaChannel>>;

/** The part of an `IpcMainInvokeEvent` the sender check reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The slice of `ipcMain` used here; the real `ipcMain` satisfies it. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/**
 * Run one invoke through the checks above. Exported for tests and for a future in-process
 * caller; the IPC listener is a thin wrapper around it.
 */
export async function dispatchInvoke(
  channel: InvokeChannel,
  event: InvokeEventLike,
  rawRequest: unknown,
  implementations: InvokeImplementations,
  log: (line: string) => void = () => undefined,
): Promise<IpcResult<unknown>> {
  try {
    return await checkAndRun(channel, event, rawRequest, implementations, log);
  } catch (error) {
    // Only reachable through a bug or an exotic value (a getter that throws while zod reads
    // it): still an answer, never a rejected invoke.
    log(`[ipc] ${channel} failed unexpectedly: ${safeMessage(error)}`);
    return { ok: false, error: `Internal error in ${channel}` };
  }
}

async function checkAndRun(
  channel: InvokeChannel,
  event: InvokeEventLike,
  rawRequest: unknown,
  implementations: InvokeImplementations,
  log: (line: string) => void,
): Promise<IpcResult<unknown>> {
  const frameUrl: unknown = event.senderFrame?.url;
  const senderUrl = typeof frameUrl === 'string' ? frameUrl : '';
  if (!isAppOrigin(senderUrl)) {
    log(`[ipc] refused ${channel} from ${senderUrl || '(no frame)'}`);
    return { ok: false, error: `IPC refused: ${channel} is only available to the app` };
  }
  const contract = invokeContract[channel];
  const parsed = contract.request.safeParse(rawRequest);
  if (!parsed.success) {
    return { ok: false, error: `Invalid request for ${channel}: ${describeIssue(parsed.error)}` };
  }
  const implementation = implementations[channel] as
    ((request: unknown, context: InvokeContext) => unknown) | undefined;
  if (!implementation) return { ok: false, error: `${channel} is not available` };
  let value: unknown;
  try {
    value = await implementation(parsed.data, { senderUrl });
  } catch (error) {
    const message = safeMessage(error);
    log(`[ipc] ${channel} failed: ${message}`);
    return { ok: false, error: message };
  }
  const checked = contract.response.safeParse(value);
  if (!checked.success) {
    log(`[ipc] ${channel} produced an invalid response: ${describeIssue(checked.error)}`);
    return { ok: false, error: `Internal error: ${channel} produced an invalid response` };
  }
  return { ok: true, value: checked.data };
}

/**
 * Register a handler for every contract channel. Returns a function that removes them
 * (tests, and a clean shutdown).
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  implementations: InvokeImplementations,
  log?: (line: string) => void,
): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event, ...args) =>
      // The preload always sends exactly one argument (`undefined` for channels without a
      // request); anything else did not come through the bridge.
      args.length > 1
        ? Promise.resolve({
            ok: false,
            error: `Invalid request for ${channel}: one argument expected`,
          })
        : dispatchInvoke(channel, event, args[0], implementations, log),
    );
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}

/** The slice of `WebContents` events are sent through. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Push an event to the renderer after validating its payload, so main can never send the
 * renderer something the preload would reject anyway.
 */
export function sendEvent<C extends EventChannel>(
  target: EventTarget,
  channel: C,
  payload: EventPayload<C>,
): IpcResult<null> {
  const parsed = eventContract[channel].safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: `Invalid ${channel} event: ${describeIssue(parsed.error)}` };
  }
  target.send(channel, parsed.data);
  return { ok: true, value: null };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${where}: ${issue.message}`;
}

function safeMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
