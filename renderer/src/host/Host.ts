/**
 * Everything the renderer needs from its environment. `ElectronHost` wraps the preload
 * bridge (`window.workstation`); `BrowserHost` is the plain-browser implementation used by
 * the browser host (server/web) and by every E2E test. The renderer picks one at start
 * (element-web's BasePlatform / WebPlatform / ElectronPlatform pattern).
 */
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import type { AppConfig } from '../../../shared/config/app-config';
import type {
  UserSettingsPatch,
  UserSettingsSaveResult,
  UserSettingsSnapshot,
} from '../../../shared/config/user-settings';
import type { InvokeResponse } from '../../../shared/ipc/contract';

export interface SecretStore {
  /** False when secrets live only in memory for this session (no safe OS storage). */
  readonly persistent: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Query parameters the authorization server sent back to the redirect URI. */
export interface RedirectResult {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/**
 * How this host completes a SMART authorization.
 * - `page-redirect`: the browser navigates to the authorization server and comes back to
 *   the app page (fhirclient's normal flow).
 * - `loopback`: open the URL in the system browser and catch the redirect on a loopback
 *   listener in main (RFC 8252), then `ready({ code, stateKey })`.
 */
export type SmartRedirectMode =
  | { kind: 'page-redirect' }
  | {
      kind: 'loopback';
      /** Starts a listener; returns the redirect URI and a promise for the callback query. */
      start(): Promise<{
        redirectUri: string;
        result: (timeoutMs: number) => Promise<RedirectResult>;
      }>;
    };

export interface EhrLaunch {
  iss: string;
  launch: string;
}

/** A screen or window the user may share, as the app's picker shows it. */
export interface ScreenSource {
  /** Opaque id (`screen:…` / `window:…`), handed back to {@link ScreenSources.choose}. */
  id: string;
  /** Screen or window title, as the OS reports it (user data, not translated). */
  name: string;
  kind: 'screen' | 'window';
  /** Small PNG data URL; just `data:image/png;base64,` when the OS gave no picture. */
  thumbnail: string;
}

/**
 * The app's own screen-share picker, for hosts whose `getDisplayMedia()` shows none
 * (Electron): list the sources, let the user pick, `choose` it, then call
 * `getDisplayMedia()`, which main answers with that source (once, within a few seconds).
 */
export interface ScreenSources {
  list(): Promise<ScreenSource[]>;
  /** Names the source for the next `getDisplayMedia()`; `null` cancels. */
  choose(sourceId: string | null): Promise<void>;
}

export interface AuditListOptions {
  /** At most this many entries (default 1,000, at most 10,000: `DEFAULT_/MAX_AUDIT_LIST_LIMIT`). */
  limit?: number;
  /** Only this clinician's entries (`user.reference`, e.g. `Practitioner/123`). */
  userReference?: string;
}

/**
 * The local, append-only audit trail (issue 7 item 4): there is no way to change or delete
 * an entry through it. Entries are validated with `auditEntrySchema` before they are kept.
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first (the order they were appended in, reversed). */
  list(options?: AuditListOptions): Promise<AuditEntry[]>;
}

/** Why the OS locked the workstation. */
export type SystemLockReason = 'lock-screen' | 'suspend';

/** How a print ended: a PDF saved (Electron), the print dialog shown (browser), or cancelled. */
export type PrintOutcome = 'saved' | 'printed' | 'cancelled';

/** Where the desktop app's update stands (see `updateStatusSchema` in shared/ipc/contract.ts). */
export type UpdateStatus = InvokeResponse<'updates:status'>;

/** What "Restart and install now" did: `deferred` when a call is running. */
export type InstallOutcome = InvokeResponse<'updates:install-now'>;

/** Update control, Electron only (electron-updater in main). */
export interface UpdateControl {
  /**
   * Tell main a call is running: while it is, no update is checked for, downloaded,
   * installed or restarted into. Never rejects (a failure is logged to the console).
   */
  setCallActive(active: boolean): Promise<void>;
  /** Where the update stands now. Rejects when main cannot be asked. */
  status(): Promise<UpdateStatus>;
  /** Every change main announces (an update downloaded, a call started or ended). */
  onStatus(listener: (status: UpdateStatus) => void): () => void;
  /**
   * Quit and install the downloaded update now. Main refuses during a call (`deferred`; the
   * update then installs on quit). Rejects when main cannot be asked.
   */
  installNow(): Promise<InstallOutcome>;
}

/**
 * The clinician's own settings (Settings screen; shared/config/user-settings.ts decides which
 * and how far). Electron keeps them in the user's `config.json` through main; the browser in
 * this profile's localStorage. Either way `getConfig()` includes them after a save.
 */
export interface UserSettingsStore {
  /** The baseline of "stricter only" settings, where settings are kept, and whether saving works. */
  load(): Promise<UserSettingsSnapshot>;
  /**
   * Save a patch: field errors come back as `{ saved: false, errors }` with nothing saved.
   * Rejects, with the previous settings kept, when they cannot be stored.
   */
  save(patch: UserSettingsPatch): Promise<UserSettingsSaveResult>;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  readonly secrets: SecretStore;
  /** Effective configuration (servers to offer). */
  getConfig(): Promise<AppConfig>;
  readonly smartRedirect: SmartRedirectMode;
  /** Open a URL outside the app (system browser in Electron, new tab in the browser). */
  openExternal(url: string): Promise<void>;
  /**
   * EHR launches that arrive while running (Electron deep link). The browser host gets its
   * launch from the page URL instead and never calls the listener.
   */
  onEhrLaunch(listener: (launch: EhrLaunch) => void): () => void;
  /**
   * Present when screen sharing needs the app's picker (Electron). Absent in the browser,
   * where `getDisplayMedia()` shows Chromium's own picker.
   */
  readonly screenSources?: ScreenSources;
  /**
   * A system notification when the workstation is not in front (a patient knocking in the
   * lobby): Electron's main shows it and flashes the taskbar; the browser uses Web
   * Notifications while the tab is hidden. Resolves true when one was shown; never rejects.
   */
  notify(note: { title: string; body: string }): Promise<boolean>;
  /**
   * Append-only local audit trail. Electron: JSONL file in userData, main only appends
   * (IPC 'audit:append' / 'audit:list'); browser: IndexedDB database 'cw-audit', add-only.
   */
  readonly auditLog: AuditLog;
  /**
   * OS lock screen / suspend (Electron powerMonitor 'lock-screen' / 'suspend').
   * The browser host never calls the listener. Returns an unsubscribe function.
   */
  onSystemLock(listener: (reason: SystemLockReason) => void): () => void;
  /**
   * Print the current view: Electron webContents.printToPDF + save dialog → 'saved' or
   * 'cancelled'; browser: window.print() → 'printed'. Print CSS (@media print) decides
   * what shows. Never rejects for a user cancel.
   */
  printView(options: { suggestedFileName: string }): Promise<PrintOutcome>;
  /** Updates; present only in Electron (electron-updater). */
  readonly updates?: UpdateControl;
  /**
   * Where Settings saves the clinician's own settings. Both real hosts have it; a host without
   * it (test fakes) gets the browser's localStorage store from `withUserSettings`.
   */
  readonly userSettings?: UserSettingsStore;
}
