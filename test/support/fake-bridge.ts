/**
 * A fake preload bridge for E2E tests of ElectronHost in plain Chromium (the Electron binary
 * is unavailable here). An init script installs `window.workstation = { invoke, on }`, so the
 * renderer picks ElectronHost; every `invoke` crosses to this Node process through a
 * Playwright binding and is answered by main's own code: main/ipc.ts `dispatchInvoke` (sender
 * check, request and reply parsed with the real contract, `{ ok, value | error }` replies)
 * running main/invoke-handlers.ts over the real modules where they run without Electron:
 * the configuration (main/config.ts) and the user's settings file (main/user-settings-file.ts)
 * in a folder of this test's output, the audit file, and the updater (main/updater.ts) driven
 * by the fake electron-updater of its unit tests. Only what needs Electron or another program
 * is played here: the vault (a Map), the loopback listener and the system browser, launches,
 * notifications (no window to flash), printing (the save dialog is "cancelled") and
 * screen sharing (nothing to share). Reusing createInvokeHandlers makes the fake exhaustive:
 * a channel added to shared/ipc/contract.ts is a type error until main, and so this fake,
 * answers it.
 *
 * The "system browser" is the test's job: {@link FakeBridge.nextExternalUrl} yields what the
 * app opened with `shell:open-external`, and {@link FakeBridge.deliverCallback} answers the
 * pending `smart:loopback-wait` with the query the authorization server sent
 * ({@link signInThroughSystemBrowser} does both).
 */
import { createServer } from 'node:net';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { APP_ENTRY_URL } from '../../main/app-origin';
import { Attention } from '../../main/attention';
import { AuditFile } from '../../main/audit-file';
import { resolveEffectiveConfig } from '../../main/config';
import { DisplayMediaBroker } from '../../main/display-media';
import { createInvokeHandlers } from '../../main/invoke-handlers';
import { dispatchInvoke, type ChannelImplementations } from '../../main/ipc';
import { createJsonFileStore, readJsonFile } from '../../main/json-file-store';
import { FakeAutoUpdater } from '../../main/testing/fake-auto-updater';
import { Updater } from '../../main/updater';
import { UserSettingsFile } from '../../main/user-settings-file';
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

type LoopbackQuery = InvokeResponse<'smart:loopback-wait'>;
type EhrLaunch = EventPayload<'launch:ehr'>;

export interface FakeBridgeOptions {
  /** FHIR base URL of the embedded sandbox (`E2E_FHIR_BASE_URL`), offered when nothing is configured. */
  fhirBaseUrl: string;
  /** Reply for `secrets:set` instead of storing (e.g. the basic_text refusal). */
  refuseSecrets?: string;
  /** What `app:info` says about safeStorage. */
  secretsPersistent?: boolean;
  /** The launch main kept from a cold-start deep link, handed over once by `launch:pending`. */
  pendingLaunch?: EhrLaunch;
  /** The clinic's machine-wide configuration file (JSON), when there is one. */
  managedConfig?: unknown;
}

export interface FakeBridge {
  /** Every invoke in order, with the request as the page sent it. */
  readonly calls: { channel: InvokeChannel; request: unknown }[];
  /** The vault: what `secrets:set` stored and `secrets:delete` has not removed. */
  readonly secrets: Map<string, string>;
  /** Requests that failed the contract, and replies main refused; a correct app leaves this empty. */
  readonly violations: string[];
  /** The loopback redirect URI `smart:loopback-start` hands out. */
  readonly redirectUri: string;
  /** The user's `config.json` that Settings writes through main's UserSettingsFile. */
  readonly userConfigPath: string;
  /**
   * Plays electron-updater under main's Updater (a packaged app, updates on): emit
   * `update-downloaded` to make an update ready; `installs` counts `quitAndInstall` calls.
   */
  readonly autoUpdater: FakeAutoUpdater;
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

/**
 * Installs the fake bridge on `page`; call before the first `page.goto`, inside a test (files
 * go to the test's output folder, `testInfo.outputPath`).
 */
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
  const log = (line: string) => {
    // Main logs these when its own reply breaks the contract: a bug, never expected.
    if (/invalid response|failed unexpectedly/.test(line)) violations.push(line);
  };

  // Start-up as main/index.ts does it, with userData in this test's output folder.
  const userConfigPath = test.info().outputPath('userData', 'config.json');
  const managedPath = test.info().outputPath('managed', 'config.json');
  if (options.managedConfig !== undefined) {
    await createJsonFileStore(managedPath).write(options.managedConfig);
  }
  const effective = await resolveEffectiveConfig({
    files: [
      options.managedConfig === undefined ? undefined : { path: managedPath, kind: 'managed' },
      { path: userConfigPath, kind: 'user' },
    ],
    readJson: readJsonFile,
    startEmbedded: () => Promise.resolve({ fhirBaseUrl: options.fhirBaseUrl }),
    showError: (title, message) => violations.push(`${title}: ${message}`),
    log,
  });
  const userConfigStore = createJsonFileStore(userConfigPath, 0o600, { indent: 2 });
  const settings = new UserSettingsFile({
    path: userConfigPath,
    managed: effective.sources.managed,
    blocked: effective.blocked,
    initial: effective.config,
    readJson: readJsonFile,
    writeJson: (value) => userConfigStore.write(value),
    log,
  });
  const autoUpdater = new FakeAutoUpdater();
  const updater = new Updater({
    autoUpdater,
    settings: effective.blocked ? { enabled: false } : effective.config.updates,
    isPackaged: true,
    log,
    // No periodic checks: the test says when an update is ready.
    every: () => () => undefined,
  });
  updater.start();
  updater.onStatus((status) => {
    send('updates:status', status).catch((error: unknown) => {
      if (!page.isClosed()) violations.push(`updates:status event lost: ${String(error)}`);
    });
  });
  const displayMedia = new DisplayMediaBroker({
    session: { setDisplayMediaRequestHandler: () => undefined },
    desktopCapturer: { getSources: () => Promise.resolve([]) },
  });

  const handlers: ChannelImplementations<InvokeChannel> = {
    ...createInvokeHandlers({
      version: '0.0.0-e2e',
      platform: 'linux',
      vault: {
        persistent: options.secretsPersistent ?? true,
        get: (key) => secrets.get(key) ?? null,
        set: (key, value) => {
          if (options.refuseSecrets !== undefined) throw new Error(options.refuseSecrets);
          secrets.set(key, value);
          return Promise.resolve();
        },
        delete: (key) => {
          secrets.delete(key);
          return Promise.resolve();
        },
      },
      getConfig: () => settings.config(),
      loopback: {
        open: () => {
          listeners += 1;
          return Promise.resolve({ listenerId: `listener-${String(listeners)}`, redirectUri });
        },
        wait: async (_listenerId, timeoutMs) => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('Sign-in timed out')), timeoutMs);
          });
          try {
            return await Promise.race([callbacks.take(), timeout]);
          } finally {
            clearTimeout(timer);
          }
        },
      },
      openExternal: (url) => {
        opened.put(url);
        return Promise.resolve();
      },
      launches: {
        take: () => {
          const launch = pendingLaunch;
          pendingLaunch = null;
          return launch;
        },
      },
      attention: new Attention({
        getWindow: () => undefined,
        createNotification: () => {
          throw new Error('no window, so no notification');
        },
        isSupported: () => false,
      }),
      audit: new AuditFile({ path: test.info().outputPath('userData', 'audit-log.jsonl'), log }),
      printView: () => Promise.resolve('cancelled'),
      updates: updater,
      settings,
    }),
    ...displayMedia.invokeHandlers(),
  };

  await page.exposeBinding(
    '__fakeBridgeInvoke',
    async (source, channel: unknown, request: unknown): Promise<IpcResult<unknown>> => {
      if (!isInvokeChannel(channel)) {
        violations.push(`unknown channel ${String(channel)}`);
        return { ok: false, error: `IPC refused: unknown channel` };
      }
      calls.push({ channel, request });
      const parsed = invokeContract[channel].request.safeParse(request);
      if (!parsed.success) violations.push(`${channel}: ${parsed.error.message}`);
      // Main accepts only the app's own frame (app://workstation); here that is the page.
      const senderUrl = source.frame === page.mainFrame() ? APP_ENTRY_URL : source.frame.url();
      return dispatchInvoke(channel, { senderFrame: { url: senderUrl } }, request, handlers, log);
    },
  );
  await page.addInitScript({ content: initScript });

  async function send<C extends EventChannel>(channel: C, payload: EventPayload<C>) {
    const checked = eventContract[channel].parse(payload);
    // Source text again (see initScript); JSON keeps the payload data, not code.
    await page.evaluate(
      `window.__fakeBridgeEmit(${JSON.stringify(channel)}, ${JSON.stringify(checked)})`,
    );
  }

  return {
    calls,
    secrets,
    violations,
    redirectUri,
    userConfigPath,
    autoUpdater,
    nextExternalUrl: () => opened.take(),
    deliverCallback: (query) => {
      callbacks.put(query);
      return Promise.resolve();
    },
    emit: send,
  };
}

/**
 * Plays the system browser for one sign-in: opens the authorize URL the app handed to
 * `shell:open-external` in a new page of `context`, signs in (and picks the patient for a
 * standalone launch), catches the redirect to the loopback URI and hands its query to the app
 * through `smart:loopback-wait`. Returns the authorize URL.
 */
export async function signInThroughSystemBrowser(
  app: Page,
  context: BrowserContext,
  bridge: FakeBridge,
  account: { username: string; password: string },
  patientName?: string,
): Promise<URL> {
  const authorizeUrl = new URL(await bridge.nextExternalUrl());
  let caught: (url: URL) => void = () => undefined;
  const redirected = new Promise<URL>((resolve) => (caught = resolve));
  await context.route(`${bridge.redirectUri}**`, async (route) => {
    caught(new URL(route.request().url()));
    await route.fulfill({ contentType: 'text/html', body: '<p>You can close this tab.</p>' });
  });
  const browser = await context.newPage();
  await browser.goto(authorizeUrl.toString());
  await browser.getByLabel('Username').fill(account.username);
  await browser.getByLabel('Password').fill(account.password);
  await browser.getByRole('button', { name: 'Sign in' }).click();
  if (patientName !== undefined) {
    await expect(browser.getByRole('heading', { name: 'Choose a patient' })).toBeVisible();
    await browser.getByRole('button', { name: patientName, exact: true }).click();
  }
  const callback = await redirected;
  await browser.close();
  await context.unroute(`${bridge.redirectUri}**`);
  // The app is still waiting for this browser (nothing reset it to the picker meanwhile).
  await expect(app.getByTestId('waiting-for-browser')).toBeVisible();
  await bridge.deliverCallback({
    code: callback.searchParams.get('code') ?? undefined,
    state: callback.searchParams.get('state') ?? undefined,
  });
  return authorizeUrl;
}
