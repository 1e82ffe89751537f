/**
 * The clinician's own settings (Settings screen) reaching every feature: `getConfig()` must
 * answer them wherever the clinic has not fixed the field.
 *
 * Both real hosts apply them themselves (Electron's main from the user's `config.json`, the
 * browser host from localStorage; see `Host.userSettings`). A host without a settings store
 * (test fakes) gets the browser's localStorage store here, so every feature sees one rule.
 */
import type { AppConfig } from '../../../../shared/config/app-config';
import type { Host } from '../../host/Host';
import { LocalUserSettings, type SettingsStorage } from '../../host/local-user-settings';

export { USER_SETTINGS_KEY } from '../../host/local-user-settings';

/**
 * `host` itself when it keeps user settings; otherwise a Proxy whose `getConfig()` applies
 * those kept in `storage` (read fresh on every call) and whose `userSettings` saves there.
 * A Proxy rather than a copy, so every other member (and any the Host interface gains later)
 * stays the host's own, called on the host itself.
 */
export function withUserSettings(host: Host, storage: SettingsStorage | undefined): Host {
  if (host.userSettings) return host;
  const local = new LocalUserSettings(storage, () => host.getConfig());
  const getConfig = async (): Promise<AppConfig> => local.apply(await host.getConfig());
  return new Proxy(host, {
    get(target, property) {
      if (property === 'getConfig') return getConfig;
      if (property === 'userSettings') return local;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
