/**
 * The clinician's own settings kept in this browser profile's localStorage: the browser
 * host's {@link UserSettingsStore}, and the fallback for any host without a store of its own.
 *
 * Stored as one JSON object in the configuration file's shape (`{"security":{…}}`), read back
 * field by field through the configuration's zod schemas: localStorage is writable by
 * anything on the origin and may hold an older version's data, so a value that does not parse
 * is ignored rather than trusted (and never blocks the others).
 */
import type { AppConfig } from '../../../shared/config/app-config';
import {
  checkUserSettingsPatch,
  userSettingValues,
  type UserSettingsPatch,
  type UserSettingsSaveResult,
  type UserSettingsSnapshot,
} from '../../../shared/config/user-settings';
import {
  applyOwnSettings,
  ownSettingsToJson,
  patchOwnSettings,
  readOwnSettings,
  type OwnUserSettings,
} from '../../../shared/config/user-settings-apply';
import type { UserSettingsStore } from './Host';

/** localStorage key of the user's own settings. */
export const USER_SETTINGS_KEY = 'cw.settings';

export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class LocalUserSettings implements UserSettingsStore {
  /**
   * @param storage The profile's localStorage; `undefined` where the browser denies it.
   * @param baseConfig The configuration without these settings (the host's own answer): the
   *   baseline of every "stricter only" setting, and the clinic's locks.
   */
  constructor(
    private readonly storage: SettingsStorage | undefined,
    private readonly baseConfig: () => Promise<AppConfig>,
  ) {}

  /** The saved settings; nothing saved or storage denied both mean none. */
  readOwn(): OwnUserSettings {
    let text: string | null;
    try {
      text = this.storage?.getItem(USER_SETTINGS_KEY) ?? null;
    } catch {
      return {};
    }
    if (text === null) return {};
    try {
      return readOwnSettings(JSON.parse(text));
    } catch {
      return {};
    }
  }

  /** `config` with the saved settings applied wherever the clinic has not fixed the field. */
  apply(config: AppConfig): AppConfig {
    return applyOwnSettings(config, this.readOwn());
  }

  async load(): Promise<UserSettingsSnapshot> {
    const base = await this.baseConfig();
    return {
      baseline: userSettingValues(base),
      storage: { kind: 'browser' },
      ...(this.storage
        ? {}
        : { readOnlyReason: 'This browser does not let the app keep settings (storage is off).' }),
    };
  }

  async save(patch: UserSettingsPatch): Promise<UserSettingsSaveResult> {
    const base = await this.baseConfig();
    const checked = checkUserSettingsPatch(patch, {
      baseline: userSettingValues(base),
      managed: base.managed,
    });
    if (!checked.ok) return { saved: false, errors: checked.errors };
    if (!this.storage) throw new Error('This browser does not let the app keep settings.');
    const next = patchOwnSettings(this.readOwn(), checked.patch);
    try {
      this.storage.setItem(USER_SETTINGS_KEY, JSON.stringify(ownSettingsToJson(next)));
    } catch (error) {
      // Quota, private mode: the previous entry is still there, untouched.
      throw new Error(`This browser did not let the app save the settings (${String(error)}).`);
    }
    return { saved: true };
  }
}
