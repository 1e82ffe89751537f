/**
 * The plain-browser implementation of {@link Host}, used by the browser host (server/web)
 * and by every E2E test. There is no OS vault: secrets live in memory and in this tab's
 * sessionStorage (gone when the tab closes), hence `persistent: false`.
 */
import { parseAppConfig, type AppConfig } from '../../../shared/config/app-config';
import type {
  AuditLog,
  EhrLaunch,
  Host,
  PrintOutcome,
  SecretStore,
  SmartRedirectMode,
  SystemLockReason,
} from './Host';
import { IndexedDbAuditLog } from './indexeddb-audit-log';
import { LocalUserSettings, type SettingsStorage } from './local-user-settings';
import { webNotify, type WebNotifyEnv } from './web-notify';

/** Prefix of the sessionStorage entries holding secrets. */
export const BROWSER_SECRET_PREFIX = 'cw.secret.';

/** Thrown when `/config.json` cannot be loaded or is invalid; the App shows it full-screen. */
export class ConfigLoadError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'ConfigLoadError';
  }
}

class SessionSecretStore implements SecretStore {
  readonly persistent = false;
  private readonly memory = new Map<string, string>();

  constructor(private readonly storage: Storage | undefined) {}

  get(key: string): Promise<string | null> {
    const value =
      this.memory.get(key) ?? this.storage?.getItem(BROWSER_SECRET_PREFIX + key) ?? null;
    return Promise.resolve(value);
  }

  set(key: string, value: string): Promise<void> {
    this.memory.set(key, value);
    try {
      this.storage?.setItem(BROWSER_SECRET_PREFIX + key, value);
    } catch {
      // Quota or privacy mode: memory alone still serves this page's lifetime.
    }
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.memory.delete(key);
    this.storage?.removeItem(BROWSER_SECRET_PREFIX + key);
    return Promise.resolve();
  }
}

export interface BrowserHostEnv {
  /** Origin the page was served from; `/config.json` is read from there. */
  origin: string;
  fetch: typeof fetch;
  sessionStorage?: Storage;
  /** Where the clinician's own settings are kept; absent → Settings cannot save. */
  localStorage?: SettingsStorage;
  open: (url: string, target: string, features: string) => unknown;
  /** Web Notifications for {@link Host.notify}; absent → nothing is shown. */
  notifications?: WebNotifyEnv;
  /** Where the audit trail is kept (database `cw-audit`); absent → appends fail loudly. */
  indexedDB?: IDBFactory;
  /** `window.print()` and the document whose title names the PDF Chromium proposes. */
  print?: () => void;
  document?: { title: string };
}

/**
 * No `screenSources`: in the browser `getDisplayMedia()` shows Chromium's own picker, so
 * screen sharing needs nothing from the host. No `updates`: the page is updated by serving
 * a new build. The clinician's own settings live in localStorage ({@link LocalUserSettings})
 * and are applied on top of `/config.json` on every `getConfig()`.
 */
export class BrowserHost implements Host {
  readonly kind = 'browser';
  readonly secrets: SecretStore;
  readonly smartRedirect: SmartRedirectMode = { kind: 'page-redirect' };
  readonly auditLog: AuditLog;
  readonly userSettings: LocalUserSettings;
  private configPromise: Promise<AppConfig> | undefined;

  constructor(private readonly env: BrowserHostEnv) {
    this.secrets = new SessionSecretStore(env.sessionStorage);
    this.auditLog = new IndexedDbAuditLog(env.indexedDB);
    this.userSettings = new LocalUserSettings(env.localStorage, () => this.serverConfig());
  }

  /** `/config.json` with the clinician's own settings, read fresh, on top. */
  async getConfig(): Promise<AppConfig> {
    return this.userSettings.apply(await this.serverConfig());
  }

  /** Reads `GET /config.json` once per page; a failure is not cached so Retry works. */
  private serverConfig(): Promise<AppConfig> {
    this.configPromise ??= this.loadConfig().catch((error: unknown) => {
      this.configPromise = undefined;
      throw error;
    });
    return this.configPromise;
  }

  private async loadConfig(): Promise<AppConfig> {
    const url = `${this.env.origin}/config.json`;
    let response: Response;
    try {
      response = await this.env.fetch(url, { headers: { accept: 'application/json' } });
    } catch {
      throw new ConfigLoadError(`Cannot reach ${url} to load the app configuration.`, url);
    }
    if (!response.ok) {
      throw new ConfigLoadError(
        `Loading the app configuration from ${url} failed with HTTP ${response.status}.`,
        url,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ConfigLoadError(`The app configuration at ${url} is not valid JSON.`, url);
    }
    const parsed = parseAppConfig(body);
    if (!parsed.ok) throw new ConfigLoadError(`${url}: ${parsed.error}`, url);
    return parsed.value;
  }

  openExternal(url: string): Promise<void> {
    this.env.open(url, '_blank', 'noopener');
    return Promise.resolve();
  }

  notify(note: { title: string; body: string }): Promise<boolean> {
    return this.env.notifications
      ? webNotify(this.env.notifications, note)
      : Promise.resolve(false);
  }

  /**
   * `window.print()`, with the document title set to the suggested name meanwhile: Chromium
   * proposes the title as the file name under "Save as PDF". The print dialog blocks until it
   * closes and does not say whether the user printed or cancelled, hence always `printed`.
   */
  printView(options: { suggestedFileName: string }): Promise<PrintOutcome> {
    const { print, document } = this.env;
    if (!print) return Promise.reject(new Error('Printing is not available in this window'));
    const previousTitle = document?.title;
    try {
      if (document) document.title = options.suggestedFileName;
      print();
      return Promise.resolve('printed');
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      if (document && previousTitle !== undefined) document.title = previousTitle;
    }
  }

  /** A web page learns nothing about the OS lock; the idle lock covers the browser host. */
  onSystemLock(_listener: (reason: SystemLockReason) => void): () => void {
    return () => undefined;
  }

  /** The browser host receives EHR launches through the page URL, never as events. */
  onEhrLaunch(_listener: (launch: EhrLaunch) => void): () => void {
    return () => undefined;
  }
}
