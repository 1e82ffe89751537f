/**
 * The Electron implementation of {@link Host}: a thin wrapper over the preload bridge
 * (`window.workstation`). Every reply arrives as `{ ok, value } | { ok, error }`
 * (Signal-Desktop's shape); this class turns failures back into thrown errors so callers
 * use ordinary `try`/`await`.
 */
import { parseAppConfig, type AppConfig } from '../../../shared/config/app-config';
import {
  eventContract,
  invokeContract,
  type WorkstationBridge,
} from '../../../shared/ipc/contract';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { call, HostCallError } from './electron-call';
import { ElectronUpdates, ElectronUserSettings } from './electron-updates-settings';
import type {
  AuditListOptions,
  AuditLog,
  EhrLaunch,
  Host,
  PrintOutcome,
  RedirectResult,
  ScreenSource,
  ScreenSources,
  SecretStore,
  SmartRedirectMode,
  SystemLockReason,
  UpdateControl,
  UserSettingsStore,
} from './Host';

export { HostCallError };

/**
 * Secrets in the safeStorage vault. Main refuses to persist when safeStorage would store
 * plain text; then the secret lives only in this renderer's memory and `persistent`
 * turns false, so the UI can say "you will have to sign in again after a restart".
 */
class ElectronSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  private persistentNow = true;

  constructor(private readonly bridge: WorkstationBridge) {
    call(bridge, 'app:info', undefined).then(
      (info) => {
        this.persistentNow = info.secretsPersistent;
      },
      () => {
        this.persistentNow = false;
      },
    );
  }

  get persistent(): boolean {
    return this.persistentNow;
  }

  async get(key: string): Promise<string | null> {
    const inMemory = this.memory.get(key);
    if (inMemory !== undefined) return inMemory;
    return call(this.bridge, 'secrets:get', { key });
  }

  async set(key: string, value: string): Promise<void> {
    try {
      await call(this.bridge, 'secrets:set', { key, value });
      this.memory.delete(key);
    } catch (error) {
      if (!(error instanceof HostCallError)) throw error;
      // Refused by the vault (no OS encryption): keep it for this session only.
      this.persistentNow = false;
      this.memory.set(key, value);
    }
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    await call(this.bridge, 'secrets:delete', { key });
  }
}

/**
 * Screen sharing through main's `desktopCapturer` (main/display-media.ts): Electron shows
 * no picker for `getDisplayMedia()`, so the renderer shows the sources and names the one
 * main should answer the next `getDisplayMedia()` call with.
 */
class ElectronScreenSources implements ScreenSources {
  constructor(private readonly bridge: WorkstationBridge) {}

  async list(): Promise<ScreenSource[]> {
    const raw = await call(this.bridge, 'screen:sources', undefined);
    // Parsed again: the bridge is a trust boundary in both directions (the thumbnails end
    // up in <img src>, so only PNG data URLs may pass).
    const parsed = invokeContract['screen:sources'].response.safeParse(raw);
    if (!parsed.success) throw new HostCallError('screen:sources', 'Invalid screen source list');
    return parsed.data;
  }

  async choose(sourceId: string | null): Promise<void> {
    await call(this.bridge, 'screen:choose', { sourceId });
  }
}

/** The audit trail in main's append-only file (main/audit-file.ts). */
class ElectronAuditLog implements AuditLog {
  constructor(private readonly bridge: WorkstationBridge) {}

  async append(entry: AuditEntry): Promise<void> {
    await call(this.bridge, 'audit:append', entry);
  }

  async list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const raw = await call(this.bridge, 'audit:list', { ...options });
    // Parsed again: the bridge is a trust boundary in both directions.
    const parsed = invokeContract['audit:list'].response.safeParse(raw);
    if (!parsed.success) throw new HostCallError('audit:list', 'Invalid audit trail');
    return parsed.data;
  }
}

export class ElectronHost implements Host {
  readonly kind = 'electron';
  readonly secrets: SecretStore;
  readonly smartRedirect: SmartRedirectMode;
  readonly screenSources: ScreenSources;
  readonly auditLog: AuditLog;
  readonly updates: UpdateControl;
  readonly userSettings: UserSettingsStore;
  /** The cold-start launch from `launch:pending`, asked for once (see {@link onEhrLaunch}). */
  private pendingLaunch: Promise<EhrLaunch | null> | undefined;
  private pendingDelivered = false;

  constructor(private readonly bridge: WorkstationBridge) {
    this.secrets = new ElectronSecretStore(bridge);
    this.screenSources = new ElectronScreenSources(bridge);
    this.auditLog = new ElectronAuditLog(bridge);
    this.updates = new ElectronUpdates(bridge);
    this.userSettings = new ElectronUserSettings(bridge);
    this.smartRedirect = {
      kind: 'loopback',
      start: async () => {
        const { listenerId, redirectUri } = await call(bridge, 'smart:loopback-start', undefined);
        return {
          redirectUri,
          result: async (timeoutMs: number): Promise<RedirectResult> =>
            call(bridge, 'smart:loopback-wait', { listenerId, timeoutMs }),
        };
      },
    };
  }

  async getConfig(): Promise<AppConfig> {
    const raw = await call(this.bridge, 'config:get', undefined);
    // Parsed again here: the bridge is a trust boundary in both directions.
    const parsed = parseAppConfig(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  }

  async openExternal(url: string): Promise<void> {
    await call(this.bridge, 'shell:open-external', { url });
  }

  /** Main's `powerMonitor` events, validated again here. */
  onSystemLock(listener: (reason: SystemLockReason) => void): () => void {
    return this.bridge.on('system:lock', (payload) => {
      const parsed = eventContract['system:lock'].safeParse(payload);
      if (parsed.success) listener(parsed.data.reason);
    });
  }

  /** A PDF through main (`print:view`); a closed save dialog is `cancelled`, not an error. */
  async printView(options: { suggestedFileName: string }): Promise<PrintOutcome> {
    return call(this.bridge, 'print:view', { suggestedFileName: options.suggestedFileName });
  }

  /** Main decides (window in front or not) and shows it; a failed call shows nothing. */
  async notify(note: { title: string; body: string }): Promise<boolean> {
    try {
      return (await call(this.bridge, 'app:notify', note)).shown;
    } catch {
      return false;
    }
  }

  /**
   * EHR launches: first the one that started the app (a cold-start deep link main kept for
   * `launch:pending`), then every `launch:ehr` event. Main hands the pending launch over only
   * once, so it is fetched once per host and delivered to the first subscriber that is still
   * subscribed when it arrives (React may subscribe, unsubscribe and subscribe again).
   */
  onEhrLaunch(listener: (launch: EhrLaunch) => void): () => void {
    let subscribed = true;
    this.pendingLaunch ??= call(this.bridge, 'launch:pending', undefined).then(
      (launch) => {
        // Parsed again: the bridge is a trust boundary in both directions.
        const parsed = eventContract['launch:ehr'].nullable().safeParse(launch);
        return parsed.success ? parsed.data : null;
      },
      // No pending launch to offer (older main, refused call): nothing to deliver.
      () => null,
    );
    void this.pendingLaunch.then((launch) => {
      if (!subscribed || launch === null || this.pendingDelivered) return;
      this.pendingDelivered = true;
      listener(launch);
    });
    const off = this.bridge.on('launch:ehr', (payload) => {
      const parsed = eventContract['launch:ehr'].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
    return () => {
      subscribed = false;
      off();
    };
  }
}
