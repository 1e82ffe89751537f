/**
 * The Settings form's rules, apart from React: which fields each section edits, what a field
 * may be set to here, what an edit becomes in the patch, and when a saved change takes effect.
 * The checking itself is shared/config/user-settings.ts's, the same the hosts run again.
 */
import type { AppConfig } from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';
import {
  isAllowedValue,
  isStricterOnly,
  USER_SETTING_SCHEMAS,
  userSettingValues,
  type UserSettingField,
  type UserSettingsSnapshot,
  type UserSettingValues,
} from '../../../../shared/config/user-settings';
import { SUPPORTED_LANGUAGES } from '../../i18n/i18n';

/** The editable groups of the Settings screen, each with its own Save. */
export const SETTING_SECTIONS = {
  security: ['security.idleLockMinutes', 'security.pinUnlock', 'security.callOnLock'],
  cache: ['cache.retentionDays', 'cache.pinDays', 'cache.wipeOnSignOut'],
  languages: ['languages'],
  updates: ['updates.enabled'],
} as const satisfies Record<string, readonly UserSettingField[]>;
export type SettingSection = keyof typeof SETTING_SECTIONS;

/**
 * When a saved change is used. The lock policy is read when a session starts (LockGate) and
 * so are the offered languages (header); the cache policy when the app starts (AuthGate), and
 * the updater only at start in main.
 */
export const SECTION_EFFECT: Record<SettingSection, 'next-sign-in' | 'restart'> = {
  security: 'next-sign-in',
  cache: 'restart',
  languages: 'next-sign-in',
  updates: 'restart',
};

/** What the form holds for each field: as typed (a number input may hold text). */
export type FormValues = { [K in UserSettingField]: unknown };

/** The form's starting values: the settings in effect. */
export function formValues(config: AppConfig): FormValues {
  return userSettingValues(config);
}

/** Number fields: the schema's range, narrowed to the baseline for "stricter only" ones. */
export type NumberField = 'security.idleLockMinutes' | 'cache.retentionDays' | 'cache.pinDays';

export function numberRange(
  field: NumberField,
  baseline: UserSettingValues,
): { min: number; max: number } {
  const schema = USER_SETTING_SCHEMAS[field];
  const min = schema.minValue ?? 1;
  const schemaMax = schema.maxValue ?? Number.MAX_SAFE_INTEGER;
  return { min, max: isStricterOnly(field) ? Math.min(schemaMax, baseline[field]) : schemaMax };
}

/**
 * How a field is shown: `locked` (the clinic's file fixes it), `fixed` (stricter only and no
 * other value is allowed, e.g. updates on), `read-only` (nothing can be saved now, see the
 * snapshot's reason) or `editable`.
 */
export type FieldMode = 'locked' | 'fixed' | 'read-only' | 'editable';

export function fieldMode(
  field: UserSettingField,
  config: AppConfig,
  snapshot: UserSettingsSnapshot | undefined,
): FieldMode {
  if (isLocked(config.managed, field)) return 'locked';
  if (!snapshot || snapshot.readOnlyReason !== undefined) return 'read-only';
  const current = userSettingValues(config)[field];
  const choices = choicesOf(field);
  if (choices && !choices.some((v) => v !== current && isAllowed(field, v, snapshot.baseline))) {
    return 'fixed';
  }
  return 'editable';
}

/** The values a choice field may take (booleans and enums), in display order. */
export function choicesOf(field: UserSettingField): readonly (boolean | string)[] | undefined {
  if (field === 'security.callOnLock') return USER_SETTING_SCHEMAS[field].options;
  const schema = USER_SETTING_SCHEMAS[field];
  return schema.safeParse(true).success ? [true, false] : undefined;
}

/** Whether the form may offer `value` for `field`. */
export function isAllowed(field: UserSettingField, value: unknown, baseline: UserSettingValues) {
  const parsed = USER_SETTING_SCHEMAS[field].safeParse(value);
  return parsed.success && isAllowedValue(field, parsed.data as never, baseline);
}

/**
 * What an edit means for the patch: number inputs' text becomes a number (an empty or
 * unparsable one `NaN`, which the schema then refuses); every shipped language ticked means
 * "all languages" (`null`: new languages of later versions included).
 */
export function toPatchValue(field: UserSettingField, value: unknown): unknown {
  if (field === 'languages' && Array.isArray(value)) {
    const all = SUPPORTED_LANGUAGES.every((lng) => value.includes(lng));
    return all ? null : SUPPORTED_LANGUAGES.filter((lng) => value.includes(lng));
  }
  if (typeof value === 'string' && isNumberField(field)) {
    return value.trim() === '' ? Number.NaN : Number(value);
  }
  return value;
}

/** Whether `field` is edited in a number input. */
export function isNumberField(field: UserSettingField): field is NumberField {
  return (
    field === 'security.idleLockMinutes' ||
    field === 'cache.retentionDays' ||
    field === 'cache.pinDays'
  );
}

/** The edited fields of a section, as patch values; unchanged ones are left out. */
export function changedFields(
  fields: readonly UserSettingField[],
  values: FormValues,
  initial: FormValues,
): Partial<Record<UserSettingField, unknown>> {
  const changed: Partial<Record<UserSettingField, unknown>> = {};
  for (const field of fields) {
    const next = toPatchValue(field, values[field]);
    const before = toPatchValue(field, initial[field]);
    if (JSON.stringify(next) !== JSON.stringify(before) || Number.isNaN(next)) {
      changed[field] = next;
    }
  }
  return changed;
}
