/**
 * Combines the clinic's machine-wide file with the user's file into the effective settings
 * (issue 7 item 2). Pure: the hosts (main/config.ts, server/web) read the files and hand over
 * what they found, so both hosts apply exactly the same rules:
 *
 * - A machine setting overrides the user's setting field by field; lists (servers, TURN
 *   servers, languages) are replaced whole: if the clinic lists servers, only those are offered.
 * - An unreadable or invalid machine file blocks the app: it starts on an error screen naming
 *   the file and the field, and never falls back to the user's settings.
 * - An invalid user file is reported too; the machine settings (if any) still apply.
 */
import {
  appConfigSchema,
  cacheSettingsSchema,
  parseUserConfigFile,
  securitySettingsSchema,
  updateSettingsSchema,
  type AppConfig,
  type ConfigProblem,
} from './app-config';
import { lockedFieldsOf, parseManagedConfigFile, type ManagedConfig } from './managed-config';

/** What a host found at a configuration path. */
export type ConfigFileRead =
  | { kind: 'missing' }
  /** Could not be read or is not JSON; `reason` says which. */
  | { kind: 'unreadable'; reason: string }
  | { kind: 'json'; json: unknown };

export interface ConfigSource {
  path: string;
  read: ConfigFileRead;
}

export interface CombinedConfig {
  /**
   * The effective settings before the host adds its sandbox; `servers` may be empty. Carries
   * `managed` (when a machine file was read) and `problems` (when any file was unusable).
   */
  config: AppConfig;
  /** True when the app must show the error screen and offer no server. */
  blocked: boolean;
}

/** One line per problem for logs and dialogs. */
export function describeConfigProblem(problem: ConfigProblem): string {
  const which = problem.file.kind === 'managed' ? 'Clinic configuration' : 'Configuration file';
  return `${which} ${problem.file.path}: ${problem.field}: ${problem.message}`;
}

/** Apply the rules above to what the host read. */
export function combineConfigFiles(files: {
  managed?: ConfigSource | undefined;
  user?: ConfigSource | undefined;
}): CombinedConfig {
  const problems: ConfigProblem[] = [];
  let managed: ManagedConfig | undefined;
  if (files.managed && files.managed.read.kind !== 'missing') {
    const { path, read } = files.managed;
    if (read.kind === 'unreadable') return blockedBy(path, '(file)', read.reason);
    const parsed = parseManagedConfigFile(read.json);
    if (!parsed.ok) return blockedBy(path, parsed.field, parsed.message);
    managed = parsed.value;
  }

  let user: AppConfig | undefined;
  if (files.user && files.user.read.kind !== 'missing') {
    const { path, read } = files.user;
    const file = { kind: 'user' as const, path };
    if (read.kind === 'unreadable') {
      problems.push({ file, field: '(file)', message: read.reason, blocking: false });
    } else {
      const parsed = parseUserConfigFile(read.json);
      if (parsed.ok) user = parsed.value;
      else problems.push({ file, field: parsed.field, message: parsed.message, blocking: false });
    }
  }

  const merged = managed
    ? applyManaged(user ?? { servers: [] }, managed)
    : (user ?? { servers: [] });
  if (managed && files.managed) {
    const { path } = files.managed;
    const { defaultServerId } = managed;
    if (defaultServerId !== undefined && !merged.servers.some((s) => s.id === defaultServerId)) {
      return blockedBy(path, 'defaultServerId', `no server with id "${defaultServerId}"`);
    }
    merged.managed = { path, lockedFields: lockedFieldsOf(managed) };
  }
  if (problems.length > 0) merged.problems = problems;
  return { config: merged, blocked: false };
}

/** The machine file at `path` is unusable: no server, only the problem for the error screen. */
function blockedBy(path: string, field: string, message: string): CombinedConfig {
  return {
    config: {
      servers: [],
      managed: { path, lockedFields: [] },
      problems: [{ file: { kind: 'managed', path }, field, message, blocking: true }],
    },
    blocked: true,
  };
}

/** `user` with every setting `managed` sets replaced by the machine's value. */
export function applyManaged(user: AppConfig, managed: ManagedConfig): AppConfig {
  const servers = managed.servers ?? user.servers;
  const userDefault =
    user.defaultServerId !== undefined && servers.some((s) => s.id === user.defaultServerId)
      ? user.defaultServerId
      : undefined;
  const defaultServerId = managed.defaultServerId ?? userDefault;
  const signalingUrl = managed.consult?.signalingUrl ?? user.consult?.signalingUrl;
  const lookupUrl = managed.terminology?.lookupUrl ?? user.terminology?.lookupUrl;
  const turnServers = managed.turnServers ?? user.turnServers;
  const languages = managed.languages ?? user.languages;
  const cache = overlay(user.cache, managed.cache, (v) => cacheSettingsSchema.parse(v));
  const security = overlay(user.security, managed.security, (v) => securitySettingsSchema.parse(v));
  const updates = overlay(user.updates, managed.updates, (v) => updateSettingsSchema.parse(v));
  // Re-parsed so the result is exactly what a host would hand the renderer.
  return appConfigSchema.parse({
    servers,
    ...(defaultServerId !== undefined ? { defaultServerId } : {}),
    ...(signalingUrl !== undefined ? { consult: { signalingUrl } } : {}),
    ...(turnServers !== undefined ? { turnServers } : {}),
    ...(cache ? { cache } : {}),
    ...(security ? { security } : {}),
    ...(languages !== undefined ? { languages } : {}),
    ...(updates ? { updates } : {}),
    ...(lookupUrl !== undefined ? { terminology: { lookupUrl } } : {}),
  });
}

/** The user's object with the machine's set fields on top; defaults fill the rest. */
function overlay<T extends object>(
  user: T | undefined,
  managed: Partial<T> | undefined,
  complete: (value: unknown) => T,
): T | undefined {
  const set = Object.fromEntries(
    Object.entries(managed ?? {}).filter(([, value]) => value !== undefined),
  );
  if (user === undefined && Object.keys(set).length === 0) return undefined;
  return complete({ ...user, ...set });
}
