/**
 * Applying the user's own settings (user-settings.ts) to the places they live: a JSON object
 * in the configuration file's shape (Electron's `userData/config.json`, the browser's
 * localStorage entry) and the effective configuration the renderer reads.
 *
 * Editing works on the JSON as it was read, touching only the edited fields: anything else in
 * the user's file, including keys this version does not know, is written back unchanged.
 */
import {
  appConfigSchema,
  cacheSettingsSchema,
  securitySettingsSchema,
  updateSettingsSchema,
  type AppConfig,
} from './app-config';
import { isLocked } from './managed-config';
import {
  USER_SETTING_FIELDS,
  USER_SETTING_SCHEMAS,
  type UserSettingField,
  type UserSettingsPatch,
  type UserSettingValues,
} from './user-settings';

/** The user's own settings: only those they set (never `null`). */
export type OwnUserSettings = Partial<{
  [K in UserSettingField]: Exclude<UserSettingValues[K], null>;
}>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `field`'s value in a JSON object of the configuration file's shape, if present. */
function readPath(json: Record<string, unknown>, field: UserSettingField): unknown {
  const [head, tail] = field.split('.') as [string, string | undefined];
  if (!Object.hasOwn(json, head)) return undefined;
  const value = json[head];
  if (tail === undefined) return value;
  return isPlainObject(value) && Object.hasOwn(value, tail) ? value[tail] : undefined;
}

/**
 * `json` with `patch` applied: values set, `null` fields removed (and an object left empty by
 * that removed too). `json` itself is not changed. Throws when a field's parent is not an
 * object (the file is not in the configuration's shape; callers check that first).
 */
export function applyPatchToJson(
  json: Record<string, unknown>,
  patch: UserSettingsPatch,
): Record<string, unknown> {
  const next = structuredClone(json);
  for (const field of USER_SETTING_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail === undefined) {
      if (value === null) Reflect.deleteProperty(next, head);
      else next[head] = structuredClone(value);
      continue;
    }
    const current = Object.hasOwn(next, head) ? next[head] : undefined;
    if (current !== undefined && !isPlainObject(current)) {
      throw new Error(`${head} is not an object`);
    }
    const parent: Record<string, unknown> = current ?? {};
    if (value === null) Reflect.deleteProperty(parent, tail);
    else parent[tail] = value;
    if (Object.keys(parent).length === 0) Reflect.deleteProperty(next, head);
    else next[head] = parent;
  }
  return next;
}

/**
 * The user's own settings in a stored JSON object, field by field: a field that does not
 * parse is left out rather than failing the others (stored data may be older, or edited).
 * Also reads the first version's flat `{ "idleLockMinutes": n }`.
 */
export function readOwnSettings(json: unknown): OwnUserSettings {
  if (!isPlainObject(json)) return {};
  const own: Record<string, unknown> = {};
  for (const field of USER_SETTING_FIELDS) {
    let raw = readPath(json, field);
    if (raw === undefined && field === 'security.idleLockMinutes') raw = json.idleLockMinutes;
    if (raw === undefined) continue;
    const parsed = USER_SETTING_SCHEMAS[field].safeParse(raw);
    if (parsed.success) own[field] = parsed.data;
  }
  return own;
}

/** The own settings as a JSON object of the configuration file's shape (for storage). */
export function ownSettingsToJson(own: OwnUserSettings): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of USER_SETTING_FIELDS) {
    if (own[field] !== undefined) patch[field] = own[field];
  }
  return applyPatchToJson({}, patch);
}

/** `own` after `patch`. */
export function patchOwnSettings(own: OwnUserSettings, patch: UserSettingsPatch): OwnUserSettings {
  return readOwnSettings(applyPatchToJson(ownSettingsToJson(own), patch));
}

/**
 * `config` with the user's own settings applied wherever the clinic's file has not fixed the
 * field. The result is re-parsed, so it is exactly what a host would hand the renderer.
 */
export function applyOwnSettings(config: AppConfig, own: OwnUserSettings): AppConfig {
  const patch: Record<string, unknown> = {};
  for (const field of USER_SETTING_FIELDS) {
    if (own[field] !== undefined && !isLocked(config.managed, field)) patch[field] = own[field];
  }
  if (Object.keys(patch).length === 0) return config;
  const { managed, problems, ...rest } = config;
  const json = applyPatchToJson(rest, patch);
  const withDefaults = {
    ...json,
    ...(json.security ? { security: securitySettingsSchema.parse(json.security) } : {}),
    ...(json.cache ? { cache: cacheSettingsSchema.parse(json.cache) } : {}),
    ...(json.updates ? { updates: updateSettingsSchema.parse(json.updates) } : {}),
  };
  return appConfigSchema.parse({
    ...withDefaults,
    ...(managed ? { managed } : {}),
    ...(problems ? { problems } : {}),
  });
}

/**
 * `target` with its user-editable settings (whole `security`, `cache`, `languages`,
 * `updates`) taken from `source`: how main refreshes its live configuration after a save
 * without touching what only a restart may change (servers, the sandbox).
 */
export function takeUserSettingsFrom(target: AppConfig, source: AppConfig): AppConfig {
  const next: AppConfig = { ...target };
  for (const key of ['security', 'cache', 'languages', 'updates'] as const) {
    if (source[key] === undefined) Reflect.deleteProperty(next, key);
    else Object.assign(next, { [key]: source[key] });
  }
  return next;
}
