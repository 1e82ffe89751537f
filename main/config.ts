/**
 * The effective configuration main hands the renderer (`config:get`).
 *
 * Two files may exist: the clinic's machine-wide file (installed by IT: /etc/…,
 * %ProgramData%\…, /Library/Application Support/…) and the user's `userData/config.json`.
 * shared/config/merge-config.ts combines them: machine settings override the user's field by
 * field, and a broken machine file blocks the app (the renderer shows an error screen naming
 * the file and the field) instead of silently falling back to the user's servers. Files are
 * only read here; Settings writes the user's own file through user-settings-file.ts, and never
 * one that is broken: a bad file stays as the user or IT left it, for them to fix.
 * When nothing blocks and no server is configured, the embedded sandbox is started and offered.
 */
import {
  SANDBOX_CLIENT_ID,
  type AppConfig,
  type FhirServerConfig,
} from '../shared/config/app-config';
import { managedConfigPath } from '../shared/config/managed-path';
import {
  combineConfigFiles,
  describeConfigProblem,
  type ConfigFileRead,
  type ConfigSource,
} from '../shared/config/merge-config';

export { managedConfigPath };

export interface ConfigFile {
  path: string;
  kind: 'managed' | 'user';
}

/**
 * Read one configuration file for {@link combineConfigFiles}. `readJson` resolves
 * `undefined` for a missing file and rejects for an unreadable file or bad JSON.
 */
export async function readConfigFile(
  path: string,
  readJson: (path: string) => Promise<unknown>,
): Promise<ConfigFileRead> {
  try {
    const json = await readJson(path);
    return json === undefined ? { kind: 'missing' } : { kind: 'json', json };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The server entry for the embedded sandbox. */
export function sandboxServer(fhirBaseUrl: string): FhirServerConfig {
  return {
    id: 'sandbox',
    name: 'Embedded sandbox',
    fhirBaseUrl,
    clientId: SANDBOX_CLIENT_ID,
    embedded: true,
  };
}

export interface ResolveConfigDeps {
  /** The machine-wide file first, then the user's; `undefined` entries are skipped. */
  files: readonly (ConfigFile | undefined)[];
  readJson: (path: string) => Promise<unknown>;
  /** Starts the embedded sandbox (EmbeddedServices.start) and gives its FHIR base URL. */
  startEmbedded: () => Promise<{ fhirBaseUrl: string; signalingUrl?: string }>;
  /**
   * `dialog.showErrorBox` in production. Only for failures the renderer cannot show (the
   * sandbox not starting); file problems travel in `config.problems` to the error screen.
   */
  showError: (title: string, message: string) => void;
  log?: (line: string) => void;
}

export interface EffectiveConfig {
  /** What `config:get` answers; carries `managed` and `problems` for the renderer. */
  config: AppConfig;
  /** True when the sandbox was started because nothing usable was configured. */
  embedded: boolean;
  /** True when the machine-wide file is unusable: no server is offered, no sandbox started. */
  blocked: boolean;
  /** One line per problem, for the log. */
  errors: string[];
  /** The files as read, for later saves of the user's settings (user-settings-file.ts). */
  sources: { managed?: ConfigSource; user?: ConfigSource };
}

/**
 * Load, validate and combine the configuration. Never throws: a blocking problem yields a
 * configuration with no server (the renderer shows the error screen); otherwise the app
 * starts with the configured servers, or the sandbox, or with no server when even the
 * sandbox failed.
 */
export async function resolveEffectiveConfig(deps: ResolveConfigDeps): Promise<EffectiveConfig> {
  const log = deps.log ?? (() => undefined);
  const sources: { managed?: ConfigSource; user?: ConfigSource } = {};
  for (const file of deps.files) {
    if (!file || sources[file.kind]) continue;
    sources[file.kind] = { path: file.path, read: await readConfigFile(file.path, deps.readJson) };
  }
  const combined = combineConfigFiles(sources);
  const errors = (combined.config.problems ?? []).map(describeConfigProblem);
  for (const error of errors) log(`[config] ${error}`);
  if (combined.blocked) {
    log('[config] the clinic configuration is unusable: no server is offered');
    return { config: combined.config, embedded: false, blocked: true, errors, sources };
  }
  const config = combined.config;
  if (config.servers.length > 0) {
    log(`[config] ${config.servers.length} server(s) configured`);
    return { config, embedded: false, blocked: false, errors, sources };
  }
  try {
    const { fhirBaseUrl, signalingUrl } = await deps.startEmbedded();
    log(`[config] no server configured; embedded sandbox at ${fhirBaseUrl}`);
    // A configured signaling service is kept; otherwise the embedded one is offered.
    const consultUrl = config.consult?.signalingUrl ?? signalingUrl;
    return {
      config: {
        ...config,
        servers: [sandboxServer(fhirBaseUrl)],
        defaultServerId: 'sandbox',
        ...(consultUrl ? { consult: { signalingUrl: consultUrl } } : {}),
      },
      embedded: true,
      blocked: false,
      errors,
      sources,
    };
  } catch (error) {
    const message = `The embedded sandbox could not start: ${String(error)}`;
    log(`[config] ${message}`);
    deps.showError('Configuration problem', `${message}\n\nNo FHIR server is available.`);
    return { config, embedded: false, blocked: false, errors: [...errors, message], sources };
  }
}
