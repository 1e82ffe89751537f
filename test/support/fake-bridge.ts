/**
 * A fake preload bridge for E2E tests of ElectronHost in plain Chromium (the Electron binary
 * is unavailable here). An init script installs `window.workstation = { invoke, on }`, so the
 * renderer picks ElectronHost; every `invoke` crosses to this Node process through a
 * Playwright binding and is answered the way main answers (main/ipc.ts): the request and the
 * reply are checked against the real zod contract (shared/ipc/contract.ts) and the reply is
 * always `{ ok: true, value } | { ok: false, error }`. Keeping the handlers in Node (instead
 * of in the page) means nothing is bundled into the page and the test reads the fake's state
 * (secrets, opened URLs) directly.
 *
 * The "system browser" is the test's job: {@link FakeBridge.nextExternalUrl} yields what the
 * app opened with `shell:open-external`, and {@link FakeBridge.deliverCallback} answers the
 * pending `smart:loopback-wait` with the query the authorization server sent.
 */
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import {
  eventContract,
  invokeContract,
  isInvokeChannel,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type IpcResult,
} from '../../shared/ipc/contract';
import type { AppConfig } from '../../shared/config/app-config';

type LoopbackQuery = InvokeResponse<'smart:loopback-wait'>;
type EhrLaunch = EventPayload<'launch:ehr'>;

export interface FakeBridgeOptions {
  /** FHIR base URL of the embedded sandbox (`E2E_FHIR_BASE_URL`). */
  fhirBaseUrl: string;
  /** Reply for `secrets:set` instead of storing (e.g. the basic_text refusal). */
  refuseSecrets?: string;
  /** What `app:info` says about safeStorage. */
  secretsPersistent?: boolean;
  /** The launch main kept from a cold-start deep link, handed over once by `launch:pending`. */
  pendingLaunch?: EhrLaunch;
}

export interface FakeBridge {
  /** Every invoke in order, with the request as the page sent it. */
  readonly calls: { channel: InvokeChannel; request: unknown }[];
  /** The vault: what `secrets:set` stored and `secrets:delete` has not removed. */
  readonly secrets: Map<string, string>;
  /** Requests that failed the contract; a correct renderer leaves this empty. */
  readonly violations: string[];
  /** The loopback redirect URI `smart:loopback-start` hands out. */
  readonly redirectUri: string;
  /** Resolves with the next URL the app opens in the "system browser". */
  nextExternalUrl(): Promise<string>;
  /** Answers the pending `smart:loopback-wait` (what main's listener would have caught). */
  deliverCallback(query: LoopbackQuery): Promise<void>;
  /** Pushes an event through the listeners the page registered with `on` (like main). */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): Promise<void>;
}

/**
 * The page side, as source text: Playwright serialises functions with `toString()`, and
 * tsx's keep-names helper (`__name`) would then be undefined inside the page.
 */
const initScript = `(() => {
  const listeners = new Map();
  const invoke = (channel, request) => window.__fakeBridgeInvoke(channel, request);
  const on = (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => { set.delete(listener); };
  };
  Object.defineProperty(window, '__fakeBridgeEmit', {
    value: (channel, payload) => { for (const l of listeners.get(channel) ?? []) l(payload); },
  });
  // contextBridge exposes a frozen copy; so does this.
  Object.defineProperty(window, 'workstation', { value: Object.freeze({ invoke, on }) });
})();`;

/** A port nothing listens on: the test intercepts the redirect before it would connect. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A queue where `take` waits for the next `put` (or takes one already there). */
function channelOf<T>() {
  const items: T[] = [];
  const waiting: ((item: T) => void)[] = [];
  return {
    put(item: T) {
      const next = waiting.shift();
      if (next) next(item);
      else items.push(item);
    },
    take(): Promise<T> {
      const item = items.shift();
      if (item !== undefined) return Promise.resolve(item);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Installs the fake bridge on `page`; call before the first `page.goto`. */
export async function installFakeBridge(
  page: Page,
  options: FakeBridgeOptions,
): Promise<FakeBridge> {
  const redirectUri = `http://127.0.0.1:${String(await unusedPort())}/callback`;
  const calls: FakeBridge['calls'] = [];
  const secrets = new Map<string, string>();
  const violations: string[] = [];
  const opened = channelOf<string>();
  const callbacks = channelOf<LoopbackQuery>();
  let pendingLaunch = options.pendingLaunch ?? null;
  let listeners = 0;

  const config: AppConfig = {
    servers: [
      {
        id: 'sandbox',
        name: 'Embedded sandbox',
        fhirBaseUrl: options.fhirBaseUrl,
        clientId: 'clinician-workstation',
        embedded: true,
      },
    ],
    defaultServerId: 'sandbox',
  };

  /** Main's handlers, reduced to what a single window needs. */
  async function handle(channel: InvokeChannel, request: unknown): Promise<unknown> {
    const key = (request as { key: string } | undefined)?.key ?? '';
    switch (channel) {
      case 'app:info':
        return {
          version: '0.0.0-e2e',
          platform: 'linux',
          secretsPersistent: options.secretsPersistent ?? true,
        };
      case 'config:get':
        return config;
      case 'secrets:get':
        return secrets.get(key) ?? null;
      case 'secrets:set':
        if (options.refuseSecrets !== undefined) throw new Error(options.refuseSecrets);
        secrets.set(key, (request as { value: string }).value);
        return null;
      case 'secrets:delete':
        secrets.delete(key);
        return null;
      case 'smart:loopback-start':
        listeners += 1;
        return { listenerId: `listener-${String(listeners)}`, redirectUri };
      case 'smart:loopback-wait': {
        const { timeoutMs } = request as { timeoutMs: number };
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('Sign-in timed out')), timeoutMs);
        });
        try {
          return await Promise.race([callbacks.take(), timeout]);
        } finally {
          clearTimeout(timer);
        }
      }
      case 'shell:open-external':
        opened.put((request as { url: string }).url);
        return null;
      case 'launch:pending': {
        const launch = pendingLaunch;
        pendingLaunch = null;
        return launch;
      }
    }
  }

  await page.exposeBinding(
    '__fakeBridgeInvoke',
    async (_source, channel: unknown, request: unknown): Promise<IpcResult<unknown>> => {
      if (!isInvokeChannel(channel)) {
        violations.push(`unknown channel ${String(channel)}`);
        return { ok: false, error: `IPC refused: unknown channel` };
      }
      calls.push({ channel, request });
      const contract = invokeContract[channel];
      const parsed = contract.request.safeParse(request);
      if (!parsed.success) {
        violations.push(`${channel}: ${parsed.error.message}`);
        return { ok: false, error: `Invalid request for ${channel}` };
      }
      let value: unknown;
      try {
        value = await handle(channel, parsed.data);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      // A reply outside the contract is a bug in this fake, not in the app.
      return { ok: true, value: contract.response.parse(value) };
    },
  );
  await page.addInitScript({ content: initScript });

  return {
    calls,
    secrets,
    violations,
    redirectUri,
    nextExternalUrl: () => opened.take(),
    deliverCallback: (query) => {
      callbacks.put(query);
      return Promise.resolve();
    },
    emit: async (channel, payload) => {
      const checked = eventContract[channel].parse(payload);
      // Source text again (see initScript); JSON keeps the payload data, not code.
      await page.evaluate(
        `window.__fakeBridgeEmit(${JSON.stringify(channel)}, ${JSON.stringify(checked)})`,
      );
    },
  };
}
