/**
 * The browser host's configuration: its `--config` file (which SMART servers to offer; README,
 * "Point it at a real SMART server") and the clinic's machine-wide file, combined by the same
 * rules as the desktop app (shared/config/merge-config.ts). Validated with the shared zod
 * schemas; a bad file is an error that names the field and is never rewritten.
 */
import { readFile } from 'node:fs/promises';
import { parseUserConfigFile, type AppConfig } from '../../shared/config/app-config';
import {
  combineConfigFiles,
  type CombinedConfig,
  type ConfigFileRead,
} from '../../shared/config/merge-config';

/**
 * Read and validate the `--config` file; a missing path means "no servers configured". A bad
 * file throws: the operator who passed it sees the error at once and the host does not start.
 */
export async function loadConfigFile(path: string | undefined): Promise<AppConfig> {
  if (path === undefined) return { servers: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read configuration file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseUserConfigFile(json);
  if (!parsed.ok) throw new Error(`Configuration file ${path}: ${parsed.error}`);
  return parsed.value;
}

/**
 * Read the machine-wide file without judging it: a missing file is normal, anything else
 * that is not JSON becomes a problem the app shows on its error screen.
 */
export async function readManagedConfigFile(path: string): Promise<ConfigFileRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: `cannot read the file: ${(error as Error).message}` };
  }
  try {
    return { kind: 'json', json: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'unreadable', reason: `not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * The browser host's settings before it adds its sandbox: the `--config` file with the
 * machine-wide file's settings on top. `blocked` when the machine-wide file is unusable (the
 * app then shows the error screen and offers no server).
 */
export async function resolveWebHostConfig(files: {
  configFile?: string | undefined;
  managedConfigFile?: string | undefined;
}): Promise<CombinedConfig> {
  const user = await loadConfigFile(files.configFile);
  const managed =
    files.managedConfigFile === undefined
      ? undefined
      : {
          path: files.managedConfigFile,
          read: await readManagedConfigFile(files.managedConfigFile),
        };
  return combineConfigFiles({
    managed,
    ...(files.configFile === undefined
      ? {}
      : { user: { path: files.configFile, read: { kind: 'json', json: user } } }),
  });
}
