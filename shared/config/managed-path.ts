/**
 * Where a clinic's IT installs the machine-wide configuration file, per platform. Pure (no
 * `node:*`) so the Electron main process and the browser host resolve the same path.
 */

/** Environment variable naming another machine-wide file (tests, unusual deployments). */
export const MANAGED_CONFIG_ENV = 'CW_MANAGED_CONFIG';
/** The variable's earlier, longer name; still honoured so existing setups keep working. */
export const LEGACY_MANAGED_CONFIG_ENV = 'CLINICIAN_WORKSTATION_MANAGED_CONFIG';

/** The product's folder name under the machine-wide configuration folders. */
const APP_FOLDER = 'Clinician Workstation';

/**
 * The machine-wide file for `platform` (`process.platform` values):
 * Linux and other Unix `/etc/clinician-workstation/config.json`, Windows
 * `%ProgramData%\Clinician Workstation\config.json`, macOS
 * `/Library/Application Support/Clinician Workstation/config.json`.
 * `undefined` on Windows when `ProgramData` is not set (then there is no machine-wide folder
 * to look in; guessing `C:\ProgramData` could read a file IT never placed).
 */
export function managedConfigPath(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const override = env[MANAGED_CONFIG_ENV] || env[LEGACY_MANAGED_CONFIG_ENV];
  if (override) return override;
  switch (platform) {
    case 'win32': {
      // Windows environment names are case-insensitive; Node keeps the spelling it found.
      const programData = env.ProgramData ?? env.PROGRAMDATA;
      if (!programData) return undefined;
      return `${programData.replace(/[\\/]+$/, '')}\\${APP_FOLDER}\\config.json`;
    }
    case 'darwin':
      return `/Library/Application Support/${APP_FOLDER}/config.json`;
    default:
      return '/etc/clinician-workstation/config.json';
  }
}
