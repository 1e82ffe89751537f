/**
 * The Electron host's update control and settings store: thin wrappers over main's
 * `updates:*` and `settings:*` channels, each answer parsed again (the bridge is a trust
 * boundary in both directions).
 */
import {
  userSettingsSaveResultSchema,
  userSettingsSnapshotSchema,
  type UserSettingsPatch,
  type UserSettingsSaveResult,
  type UserSettingsSnapshot,
} from '../../../shared/config/user-settings';
import {
  eventContract,
  invokeContract,
  type WorkstationBridge,
} from '../../../shared/ipc/contract';
import { call, HostCallError } from './electron-call';
import type { InstallOutcome, UpdateControl, UpdateStatus, UserSettingsStore } from './Host';

/** Updates through main's electron-updater (main/updater.ts). */
export class ElectronUpdates implements UpdateControl {
  constructor(private readonly bridge: WorkstationBridge) {}

  async setCallActive(active: boolean): Promise<void> {
    try {
      await call(this.bridge, 'updates:set-call-active', { active });
    } catch (error) {
      // Not worth failing a call over: at worst an update installs on the next quit.
      console.warn(`[host] could not tell main about the call: ${String(error)}`);
    }
  }

  async status(): Promise<UpdateStatus> {
    const raw = await call(this.bridge, 'updates:status', undefined);
    const parsed = invokeContract['updates:status'].response.safeParse(raw);
    if (!parsed.success) throw new HostCallError('updates:status', 'Invalid update status');
    return parsed.data;
  }

  onStatus(listener: (status: UpdateStatus) => void): () => void {
    return this.bridge.on('updates:status', (payload) => {
      const parsed = eventContract['updates:status'].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  }

  async installNow(): Promise<InstallOutcome> {
    const raw = await call(this.bridge, 'updates:install-now', undefined);
    const parsed = invokeContract['updates:install-now'].response.safeParse(raw);
    if (!parsed.success) throw new HostCallError('updates:install-now', 'Invalid answer');
    return parsed.data;
  }
}

/** The clinician's own settings in the user's `config.json`, written by main. */
export class ElectronUserSettings implements UserSettingsStore {
  constructor(private readonly bridge: WorkstationBridge) {}

  async load(): Promise<UserSettingsSnapshot> {
    const parsed = userSettingsSnapshotSchema.safeParse(
      await call(this.bridge, 'settings:get', undefined),
    );
    if (!parsed.success) throw new HostCallError('settings:get', 'Invalid settings snapshot');
    return parsed.data;
  }

  async save(patch: UserSettingsPatch): Promise<UserSettingsSaveResult> {
    const parsed = userSettingsSaveResultSchema.safeParse(
      await call(this.bridge, 'settings:save', patch),
    );
    if (!parsed.success) throw new HostCallError('settings:save', 'Invalid answer to a save');
    return parsed.data;
  }
}
