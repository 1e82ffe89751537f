/**
 * The clinic's machine-wide configuration file (issue 7 item 2): installed by IT, read by every
 * user's workstation, and overriding the user's own settings field by field.
 *
 * Unlike the user file, every setting is optional and has no default here: a setting the
 * file leaves out stays the user's to choose, so the parse must tell "set" from "defaulted".
 * Unknown keys are errors, not dropped: a misspelt policy ("idleLockMinute") would otherwise
 * go unenforced without anyone noticing.
 */
import { z } from 'zod';
import {
  cacheSettingsSchema,
  configIssue,
  fhirServerConfigSchema,
  invalidField,
  securitySettingsSchema,
  turnServerSchema,
  updateSettingsSchema,
  appConfigSchema,
  type ConfigParseResult,
} from './app-config';

/** Same fields as the user file's objects, every one optional, no defaults, no unknown keys. */
function strictPartial<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  return z.strictObject(schema.shape).partial();
}

const managedSecuritySchema = z
  .strictObject({
    idleLockMinutes: securitySettingsSchema.shape.idleLockMinutes.unwrap(),
    pinUnlock: securitySettingsSchema.shape.pinUnlock.unwrap(),
    callOnLock: securitySettingsSchema.shape.callOnLock.unwrap(),
  })
  .partial();

const managedCacheSchema = z
  .strictObject({
    pinDays: cacheSettingsSchema.shape.pinDays.unwrap(),
    wipeOnSignOut: cacheSettingsSchema.shape.wipeOnSignOut.unwrap(),
    retentionDays: cacheSettingsSchema.shape.retentionDays.unwrap(),
  })
  .partial();

const managedUpdatesSchema = z
  .strictObject({
    enabled: updateSettingsSchema.shape.enabled.unwrap(),
    url: updateSettingsSchema.shape.url.unwrap(),
  })
  .partial();

/** The machine-wide file's schema. Field names match {@link appConfigSchema}. */
export const managedConfigSchema = z.strictObject({
  /** When set, these are the only servers offered (the user's own are not shown). */
  servers: z.array(z.strictObject(fhirServerConfigSchema.shape)).max(50).optional(),
  defaultServerId: z.string().optional(),
  consult: strictPartial(z.object({ signalingUrl: z.url() })).optional(),
  turnServers: z.array(z.strictObject(turnServerSchema.shape)).max(10).optional(),
  cache: managedCacheSchema.optional(),
  security: managedSecuritySchema.optional(),
  languages: appConfigSchema.shape.languages,
  updates: managedUpdatesSchema.optional(),
  terminology: strictPartial(appConfigSchema.shape.terminology.unwrap()).optional(),
});

export type ManagedConfig = z.output<typeof managedConfigSchema>;

/** Settings whose value is a list: the machine file fixes the whole list, not its items. */
const WHOLE_VALUE_FIELDS = new Set(['servers', 'turnServers', 'languages', 'defaultServerId']);

/**
 * Parse the machine-wide file. `defaultServerId` is checked here only when the file also
 * lists servers; otherwise it is checked against the merged servers.
 */
export function parseManagedConfigFile(input: unknown): ConfigParseResult<ManagedConfig> {
  const result = managedConfigSchema.safeParse(input);
  if (!result.success) return configIssue(result.error);
  const { servers, defaultServerId } = result.data;
  if (servers && defaultServerId !== undefined && !servers.some((s) => s.id === defaultServerId)) {
    return invalidField('defaultServerId', `no server with id "${defaultServerId}"`);
  }
  return { ok: true, value: result.data };
}

/**
 * The dotted paths of every setting the machine file fixes, in schema order: lists as a
 * whole (`servers`), objects per field (`security.idleLockMinutes`). An object the file
 * gives as `{}` fixes nothing.
 */
export function lockedFieldsOf(managed: ManagedConfig): string[] {
  const locked: string[] = [];
  // Typed as unknown: zod may leave an optional key present with `undefined`.
  const entries: [string, unknown][] = Object.entries(managed);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (WHOLE_VALUE_FIELDS.has(key) || typeof value !== 'object' || value === null) {
      locked.push(key);
      continue;
    }
    const subEntries: [string, unknown][] = Object.entries(value);
    for (const [sub, subValue] of subEntries) {
      if (subValue !== undefined) locked.push(`${key}.${sub}`);
    }
  }
  return locked;
}

/** Whether `field` (a dotted path) is fixed by the clinic's file. */
export function isLocked(managed: { lockedFields: readonly string[] } | undefined, field: string) {
  return managed?.lockedFields.includes(field) ?? false;
}
