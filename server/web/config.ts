/**
 * The browser host's configuration file: which SMART servers to offer (README, "Point it at a
 * real SMART server"). Validated with the shared zod schema; a bad file is an error that names
 * the field and is never rewritten.
 */
import { readFile } from 'node:fs/promises';
import { parseAppConfig, type AppConfig } from '../../shared/config/app-config';

/** Read and validate the config file; a missing path means "no servers configured". */
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
  const parsed = parseAppConfig(json);
  if (!parsed.ok) throw new Error(`Configuration file ${path}: ${parsed.error}`);
  return parsed.value;
}
