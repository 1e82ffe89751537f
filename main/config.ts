/**
 * The effective configuration main hands the renderer (`config:get`).
 *
 * Two files may exist: a managed one (installed by the clinic's IT, e.g. /etc/… or
 * %ProgramData%\…) and the user's `userData/config.json`. The managed file wins when it
 * exists; the one file that decides is always the highest-precedence file present, so a
 * broken managed file is never silently replaced by the user's servers. Files are only read,
 * never written: a bad file stays as the user or IT left it, for them to fix.
 * When nothing usable is configured, the embedded sandbox is started and offered.
 */
import {
  parseAppConfig,
  SANDBOX_CLIENT_ID,
  type AppConfig,
  type FhirServerConfig,
} from '../shared/config/app-config';

export interface ConfigFile {
  path: string;
  kind: 'managed' | 'user';
}

export interface LoadedConfig {
  /** The configuration from the deciding file; `undefined` when none applies. */
  config: AppConfig | undefined;
  /** The file `config` came from. */
  source: ConfigFile | undefined;
  /** Human-readable problems, each naming its file. */
  errors: string[];
}

/**
 * Read the config files in precedence order (`undefined` paths are skipped).
 * `readJson` resolves `undefined` for a missing file and rejects for unreadable JSON.
 */
export async function loadConfigFiles(
  files: readonly (ConfigFile | undefined)[],
  readJson: (path: string) => Promise<unknown>,
): Promise<LoadedConfig> {
  for (const file of files) {
    if (!file) continue;
    let json: unknown;
    try {
      json = await readJson(file.path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { config: undefined, source: undefined, errors: [`${describe(file)}: ${reason}`] };
    }
    if (json === undefined) continue;
    const parsed = parseAppConfig(json);
    if (!parsed.ok) {
      return {
        config: undefined,
        source: undefined,
        errors: [`${describe(file)} (${file.path}): ${parsed.error}`],
      };
    }
    return { config: parsed.value, source: file, errors: [] };
  }
  return { config: undefined, source: undefined, errors: [] };
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
  files: readonly (ConfigFile | undefined)[];
  readJson: (path: string) => Promise<unknown>;
  /** Starts the embedded sandbox (EmbeddedServices.start) and gives its FHIR base URL. */
  startEmbedded: () => Promise<{ fhirBaseUrl: string; signalingUrl?: string }>;
  /** `dialog.showErrorBox` in production: the clinician must see why servers are missing. */
  showError: (title: string, message: string) => void;
  log?: (line: string) => void;
}

export interface EffectiveConfig {
  config: AppConfig;
  /** True when the sandbox was started because nothing usable was configured. */
  embedded: boolean;
  errors: string[];
}

/**
 * Load, validate and complete the configuration. Never throws: every failure becomes an
 * error shown once, and the app still starts (with the sandbox, or with no server when even
 * the sandbox failed).
 */
export async function resolveEffectiveConfig(deps: ResolveConfigDeps): Promise<EffectiveConfig> {
  const log = deps.log ?? (() => undefined);
  const loaded = await loadConfigFiles(deps.files, deps.readJson);
  const errors = [...loaded.errors];
  let result: EffectiveConfig;
  if (loaded.config && loaded.config.servers.length > 0) {
    log(`[config] ${loaded.config.servers.length} server(s) from ${loaded.source?.path ?? '?'}`);
    result = { config: loaded.config, embedded: false, errors };
  } else {
    try {
      const { fhirBaseUrl, signalingUrl } = await deps.startEmbedded();
      log(`[config] no server configured; embedded sandbox at ${fhirBaseUrl}`);
      result = {
        config: {
          servers: [sandboxServer(fhirBaseUrl)],
          defaultServerId: 'sandbox',
          ...(signalingUrl ? { consult: { signalingUrl } } : {}),
        },
        embedded: true,
        errors,
      };
    } catch (error) {
      errors.push(`The embedded sandbox could not start: ${String(error)}`);
      result = { config: { servers: [] }, embedded: false, errors };
    }
  }
  if (errors.length > 0) {
    for (const error of errors) log(`[config] ${error}`);
    const fallback = result.embedded
      ? 'The workstation started with the embedded sandbox instead. The file was left unchanged.'
      : 'No FHIR server is available.';
    deps.showError('Configuration problem', `${errors.join('\n\n')}\n\n${fallback}`);
  }
  return result;
}

/**
 * Where the clinic's IT installs a managed configuration, per platform.
 * `CLINICIAN_WORKSTATION_MANAGED_CONFIG` overrides it (tests, unusual deployments).
 */
export function managedConfigPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const override = env.CLINICIAN_WORKSTATION_MANAGED_CONFIG;
  if (override) return override;
  switch (platform) {
    case 'win32': {
      const programData = env.ProgramData ?? env.PROGRAMDATA;
      return programData ? `${programData}\\ClinicianWorkstation\\config.json` : undefined;
    }
    case 'darwin':
      return '/Library/Application Support/ClinicianWorkstation/config.json';
    default:
      return '/etc/clinician-workstation/config.json';
  }
}

function describe(file: ConfigFile): string {
  return file.kind === 'managed' ? 'Managed configuration' : 'Configuration file';
}
