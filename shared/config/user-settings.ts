/**
 * Which settings a clinician may change for themselves in Settings, and how far.
 *
 * Decided field by field (issue 7 item 2 leftovers); everything not listed here is shown
 * read-only and stays IT's to set in the configuration files:
 *
 * | Setting | In Settings | Why |
 * |---|---|---|
 * | `languages` | free choice | Which languages the picker offers is a matter of taste. |
 * | `security.idleLockMinutes` | shorter only | Security: a user may lock sooner, never later. |
 * | `security.pinUnlock` | off only | A PIN instead of SMART re-authentication is weaker. |
 * | `security.callOnLock` | `pause` only | Call audio in a locked room is the weaker choice. |
 * | `cache.retentionDays`, `cache.pinDays` | shorter only | Less patient data kept on disk. |
 * | `cache.wipeOnSignOut` | on only | Wiping is the stricter choice. |
 * | `updates.enabled` | on only | Turning updates off means missing security fixes. |
 * | `servers`, `defaultServerId` | read-only | SMART client registrations belong to IT; own servers are added at sign-in. |
 * | `consult.signalingUrl`, `turnServers` | read-only | Network infrastructure and relay credentials the clinic issues. |
 * | `updates.url`, `terminology.lookupUrl` | read-only | Where code and patient codes are fetched from or sent to. |
 *
 * "Stricter only" is measured against the **baseline**: the value the workstation would use
 * without the user's own settings (the clinic's or operator's file, else the default). A field
 * the clinic's machine-wide file fixes (`managed.lockedFields`) is never changed at all.
 *
 * Values are checked with the configuration file's own zod schemas, so Settings can never save
 * what the file would reject.
 */
import { z } from 'zod';
import {
  appConfigSchema,
  cacheSettingsSchema,
  CONFIG_DEFAULTS,
  securitySettingsSchema,
  updateSettingsSchema,
  type AppConfig,
  type ManagedInfo,
} from './app-config';
import { isLocked } from './managed-config';

/** The configuration file's schema of each user-editable setting, keyed by dotted path. */
export const USER_SETTING_SCHEMAS = {
  'security.idleLockMinutes': securitySettingsSchema.shape.idleLockMinutes.unwrap(),
  'security.pinUnlock': securitySettingsSchema.shape.pinUnlock.unwrap(),
  'security.callOnLock': securitySettingsSchema.shape.callOnLock.unwrap(),
  'cache.retentionDays': cacheSettingsSchema.shape.retentionDays.unwrap(),
  'cache.pinDays': cacheSettingsSchema.shape.pinDays.unwrap(),
  'cache.wipeOnSignOut': cacheSettingsSchema.shape.wipeOnSignOut.unwrap(),
  languages: appConfigSchema.shape.languages.unwrap(),
  'updates.enabled': updateSettingsSchema.shape.enabled.unwrap(),
} as const;

export type UserSettingField = keyof typeof USER_SETTING_SCHEMAS;
export const USER_SETTING_FIELDS = Object.keys(USER_SETTING_SCHEMAS) as UserSettingField[];

type FieldValue<K extends UserSettingField> = z.output<(typeof USER_SETTING_SCHEMAS)[K]>;

/** Every user-editable setting resolved; `languages: null` means "all shipped languages". */
export type UserSettingValues = {
  [K in UserSettingField]: K extends 'languages' ? FieldValue<K> | null : FieldValue<K>;
};

export const userSettingValuesSchema = z.object({
  ...USER_SETTING_SCHEMAS,
  languages: USER_SETTING_SCHEMAS.languages.nullable(),
});

/**
 * A change to the user's own settings: a value sets it, `null` removes it (the baseline
 * applies again). Fields left out stay as they are. Also the `settings:save` IPC request.
 */
export const userSettingsPatchSchema = z.strictObject(
  Object.fromEntries(
    USER_SETTING_FIELDS.map((field) => [field, USER_SETTING_SCHEMAS[field].nullable().optional()]),
  ) as { [K in UserSettingField]: z.ZodOptional<z.ZodNullable<(typeof USER_SETTING_SCHEMAS)[K]>> },
);
export type UserSettingsPatch = z.output<typeof userSettingsPatchSchema>;

/**
 * How strict each security-relevant value is (higher is stricter); fields without an entry
 * are a free choice. A user may save a value only if it is at least as strict as the baseline.
 */
const STRICTNESS: { [K in UserSettingField]?: (value: FieldValue<K>) => number } = {
  'security.idleLockMinutes': (minutes) => -minutes,
  'security.pinUnlock': (allowed) => (allowed ? 0 : 1),
  'security.callOnLock': (policy) => (policy === 'pause' ? 1 : 0),
  'cache.retentionDays': (days) => -days,
  'cache.pinDays': (days) => -days,
  'cache.wipeOnSignOut': (wipe) => (wipe ? 1 : 0),
  'updates.enabled': (enabled) => (enabled ? 1 : 0),
};

/** Whether `field` may only be made stricter than its baseline. */
export function isStricterOnly(field: UserSettingField): boolean {
  return STRICTNESS[field] !== undefined;
}

/** Whether `value` may be saved for `field` given the baseline (free fields: always). */
export function isAllowedValue<K extends UserSettingField>(
  field: K,
  value: FieldValue<K>,
  baseline: UserSettingValues,
): boolean {
  const rank = STRICTNESS[field];
  const base = baseline[field];
  if (!rank || base === null) return true;
  return rank(value) >= rank(base as FieldValue<K>);
}

/** The resolved user-editable settings of `config` (defaults where it sets none). */
export function userSettingValues(config: AppConfig): UserSettingValues {
  const security = { ...securitySettingsSchema.parse({}), ...config.security };
  const cache = { ...cacheSettingsSchema.parse({}), ...config.cache };
  return {
    'security.idleLockMinutes': security.idleLockMinutes,
    'security.pinUnlock': security.pinUnlock,
    'security.callOnLock': security.callOnLock,
    'cache.retentionDays': cache.retentionDays,
    'cache.pinDays': cache.pinDays,
    'cache.wipeOnSignOut': cache.wipeOnSignOut,
    languages: config.languages ?? null,
    'updates.enabled': config.updates?.enabled ?? CONFIG_DEFAULTS.updatesEnabled,
  };
}

/** Why one value of a patch cannot be saved. `message` is English, for logs and IPC. */
export const userSettingErrorSchema = z.object({
  field: z.enum(USER_SETTING_FIELDS as [UserSettingField, ...UserSettingField[]]),
  /**
   * `locked`: the clinic's file fixes it; `invalid`: the configuration schema rejects it;
   * `weaker`: less strict than the baseline, which is in `limit`.
   */
  code: z.enum(['locked', 'invalid', 'weaker']),
  message: z.string().min(1).max(500),
  limit: z.union([z.number(), z.boolean(), z.string()]).optional(),
});
export type UserSettingError = z.output<typeof userSettingErrorSchema>;

/** What checking or saving a patch ended in. Also the `settings:save` IPC response. */
export const userSettingsSaveResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true) }),
  z.object({ saved: z.literal(false), errors: z.array(userSettingErrorSchema).min(1).max(20) }),
]);
export type UserSettingsSaveResult = z.output<typeof userSettingsSaveResultSchema>;

/** What Settings needs to know before it offers an edit. Also the `settings:get` IPC response. */
export const userSettingsSnapshotSchema = z.object({
  /** The values without the user's own settings: the limit of every "stricter only" field. */
  baseline: userSettingValuesSchema,
  /** Where the user's settings are kept: their configuration file, or this browser profile. */
  storage: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
    z.object({ kind: z.literal('browser') }),
  ]),
  /**
   * Set when nothing can be saved now (the user's file is unreadable or invalid, or the
   * clinic's file is unusable): the reason, in English. The files are then left untouched.
   */
  readOnlyReason: z.string().min(1).max(1000).optional(),
});
export type UserSettingsSnapshot = z.output<typeof userSettingsSnapshotSchema>;

/** What a patch is checked against. */
export interface PatchContext {
  baseline: UserSettingValues;
  managed?: ManagedInfo | undefined;
}

/**
 * Check untrusted edits (form input, IPC) field by field: locked fields, the configuration
 * schema, and "stricter only". Returns the typed patch, or every field's error at once so the
 * form can show them all.
 */
export function checkUserSettingsPatch(
  input: Partial<Record<UserSettingField, unknown>>,
  context: PatchContext,
): { ok: true; patch: UserSettingsPatch } | { ok: false; errors: UserSettingError[] } {
  const errors: UserSettingError[] = [];
  const patch: Record<string, unknown> = {};
  for (const field of USER_SETTING_FIELDS) {
    if (!Object.hasOwn(input, field)) continue;
    const raw = input[field];
    if (raw === undefined) continue;
    if (isLocked(context.managed, field)) {
      errors.push({ field, code: 'locked', message: `${field} is set by the clinic` });
      continue;
    }
    if (raw === null) {
      patch[field] = null;
      continue;
    }
    const parsed = USER_SETTING_SCHEMAS[field].safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'invalid value';
      errors.push({ field, code: 'invalid', message: `${field}: ${message}` });
      continue;
    }
    const value = parsed.data;
    if (!isAllowedValue(field, value, context.baseline)) {
      const limit = context.baseline[field] as number | boolean | string;
      errors.push({
        field,
        code: 'weaker',
        message: `${field}: only the clinic can allow a less strict value than ${String(limit)}`,
        limit,
      });
      continue;
    }
    patch[field] = value;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, patch: userSettingsPatchSchema.parse(patch) };
}
