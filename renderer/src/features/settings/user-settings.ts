/**
 * Settings a clinician may change for themselves on this device, kept where the app keeps
 * the language choice: `localStorage` (browser profile / Electron user profile).
 *
 * Only settings that take effect are here. The idle-lock time reaches every feature because
 * {@link withUserSettings} folds it into `host.getConfig()`, which the idle lock reads; a
 * setting the clinic's machine-wide file fixes (`managed.lockedFields`) is never overridden.
 * The language is kept by i18n itself (`LANGUAGE_STORAGE_KEY`), not here.
 */
import { z } from 'zod';
import {
  CONFIG_DEFAULTS,
  securitySettingsSchema,
  type AppConfig,
} from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';
import type { Host } from '../../host/Host';

/** localStorage key of the user's own settings. */
export const USER_SETTINGS_KEY = 'cw.settings';

/** The settings a user may set here (same ranges as the configuration file). */
export const userSettingsSchema = z.object({
  idleLockMinutes: securitySettingsSchema.shape.idleLockMinutes.unwrap().optional(),
});
export type UserSettings = z.output<typeof userSettingsSchema>;

/** Dotted configuration path each user setting overrides, to check it against the locks. */
export const USER_SETTING_FIELDS = {
  idleLockMinutes: 'security.idleLockMinutes',
} as const satisfies Record<keyof UserSettings, string>;

/**
 * The saved settings; nothing saved, storage disabled or a stored value that no longer
 * parses all mean "no own settings" (a bad value must not lock the user out or in).
 */
export function readUserSettings(storage: Pick<Storage, 'getItem'> | undefined): UserSettings {
  let text: string | null = null;
  try {
    text = storage?.getItem(USER_SETTINGS_KEY) ?? null;
  } catch {
    return {};
  }
  if (text === null) return {};
  try {
    const parsed = userSettingsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Save the settings; false when the browser refuses storage (private mode, quota). */
export function writeUserSettings(
  storage: Pick<Storage, 'setItem'>,
  settings: UserSettings,
): boolean {
  try {
    storage.setItem(USER_SETTINGS_KEY, JSON.stringify(userSettingsSchema.parse(settings)));
    return true;
  } catch {
    return false;
  }
}

/** `config` with the user's settings applied wherever the clinic has not fixed the field. */
export function applyUserSettings(config: AppConfig, settings: UserSettings): AppConfig {
  const minutes = settings.idleLockMinutes;
  if (minutes === undefined || isLocked(config.managed, USER_SETTING_FIELDS.idleLockMinutes)) {
    return config;
  }
  const security = config.security ?? securitySettingsSchema.parse({});
  return { ...config, security: { ...security, idleLockMinutes: minutes } };
}

/** The idle-lock minutes in effect for `config` (already including the user's choice). */
export function effectiveIdleLockMinutes(config: AppConfig): number {
  return config.security?.idleLockMinutes ?? CONFIG_DEFAULTS.idleLockMinutes;
}

/**
 * The host with `getConfig()` answering the effective settings including the user's own,
 * read fresh on every call. A Proxy rather than a copy, so every other member (and any the
 * Host interface gains later) stays the host's own, called on the host itself.
 */
export function withUserSettings(host: Host, storage: Pick<Storage, 'getItem'> | undefined): Host {
  const getConfig = async (): Promise<AppConfig> =>
    applyUserSettings(await host.getConfig(), readUserSettings(storage));
  return new Proxy(host, {
    get(target, property) {
      if (property === 'getConfig') return getConfig;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
