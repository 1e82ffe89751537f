/**
 * The workstation's configuration: which FHIR servers a clinician can sign in to.
 * Read from a JSON file (Electron: userData or managed config; browser host: `/config.json`
 * served by server/web) and never trusted raw.
 */
import { z } from 'zod';

export const fhirServerConfigSchema = z.object({
  /** Stable id used in storage keys; lower-case letters, digits and dashes. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'server id: lower-case letters, digits, dashes'),
  /** Shown to the clinician in the server picker. */
  name: z.string().min(1).max(200),
  /** FHIR base URL (the SMART `iss` / `aud`). */
  fhirBaseUrl: z.url(),
  /** OAuth client id registered with that server for this app (public client). */
  clientId: z.string().min(1).max(200),
  /** Scopes to request; defaults in the renderer follow SMART App Launch 2. */
  scope: z.string().max(2000).optional(),
  /**
   * Redirect URI override: some EHRs require an https page that forwards the code to the
   * loopback port. Leave unset to use the loopback (Electron) or the app page (browser).
   */
  redirectUri: z.url().optional(),
  /** True for the embedded sandbox started by the app itself. */
  embedded: z.boolean().default(false),
});

/**
 * Languages the UI ships, in the order the pickers list them: the single list, used by the
 * config schema (`languages`) and by the renderer (renderer/src/i18n re-exports it). Each needs
 * its `renderer/src/i18n/locales/<lng>/` folder, which renderer/src/i18n/i18n.test.ts checks.
 * A clinic may offer a subset.
 */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'it', 'es'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Defaults a missing setting falls back to (also what the Settings screen shows). */
export const CONFIG_DEFAULTS = {
  idleLockMinutes: 10,
  pinUnlock: false,
  callOnLock: 'keep-audio',
  pinDays: 7,
  wipeOnSignOut: false,
  retentionDays: 30,
  updatesEnabled: true,
} as const;

/** A whole number in a range, with one message for every way to miss it. */
function wholeNumber(min: number, max: number, unit: string) {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

/**
 * A TURN relay for video consultations, in `RTCIceServer` shape so it can be handed to
 * `RTCPeerConnection` as is (WebRTC §4.2.1). Only `turn:` / `turns:` URIs (RFC 7065): STUN
 * alone does not help behind the clinic firewalls this setting exists for.
 */
export const turnServerSchema = z.object({
  urls: z
    .array(
      z
        .string()
        .regex(/^turns?:[^\s]+$/, 'TURN server URL must start with turn: or turns: (RFC 7065)'),
    )
    .min(1, 'at least one turn: or turns: URL')
    .max(10),
  username: z.string().min(1).max(500).optional(),
  credential: z.string().min(1).max(500).optional(),
});

/** Idle lock (issue 7 item 5): clinic policy on shared machines. */
export const securitySettingsSchema = z.object({
  /** Minutes without input before patient data is hidden. */
  idleLockMinutes: wholeNumber(1, 240, 'minutes').default(CONFIG_DEFAULTS.idleLockMinutes),
  /** Whether a local PIN may unlock instead of SMART re-authentication. */
  pinUnlock: z.boolean().default(CONFIG_DEFAULTS.pinUnlock),
  /** What a running call does while the workstation is locked. */
  callOnLock: z.enum(['keep-audio', 'pause']).default(CONFIG_DEFAULTS.callOnLock),
});

/** Offline cache policy (issue 3, retention from issue 7). */
export const cacheSettingsSchema = z.object({
  /** Days "Keep available offline" pins a patient. */
  pinDays: wholeNumber(1, 365, 'days').default(CONFIG_DEFAULTS.pinDays),
  /** Wipe the user's cache on sign-out (unsent notes kept unless the user discards them). */
  wipeOnSignOut: z.boolean().default(CONFIG_DEFAULTS.wipeOnSignOut),
  /** Days cached patient data is kept before it is deleted. */
  retentionDays: wholeNumber(1, 365, 'days').default(CONFIG_DEFAULTS.retentionDays),
});

/** Application updates (issue 7 item 6); only the Electron host acts on them. */
export const updateSettingsSchema = z.object({
  enabled: z.boolean().default(CONFIG_DEFAULTS.updatesEnabled),
  /** Update feed (electron-updater generic provider); https only. */
  url: z.url({ protocol: /^https$/, error: 'update URL must be an https URL' }).optional(),
});

/** Which settings a clinic's machine-wide file fixed (shown locked in Settings). */
export const managedInfoSchema = z.object({
  /** The machine-wide file that was read. */
  path: z.string().min(1),
  /** Dotted paths of the settings it set, e.g. `security.idleLockMinutes`. */
  lockedFields: z.array(z.string().min(1)),
});

/**
 * A configuration file that could not be used, naming the file and the field.
 * `blocking`: the app must not start normally (an invalid machine-wide file is never
 * silently ignored and never replaced by the user's settings).
 */
export const configProblemSchema = z.object({
  file: z.object({ kind: z.enum(['managed', 'user']), path: z.string().min(1) }),
  /** Dotted path of the bad field; `(root)` / `(file)` when the file as a whole is bad. */
  field: z.string().min(1),
  message: z.string().min(1),
  blocking: z.boolean(),
});

export const appConfigSchema = z.object({
  servers: z.array(fhirServerConfigSchema).max(50),
  /** Server preselected in the picker. Must be one of `servers[].id` when set. */
  defaultServerId: z.string().optional(),
  /**
   * Video consultations: the signaling service (server/signaling) rooms are created on. The
   * browser host fills it with its embedded service when no FHIR server is configured.
   */
  consult: z
    .object({
      /** Base URL of the signaling service (`/api/rooms`, `/ws`, `/patient.html`). */
      signalingUrl: z.url(),
    })
    .optional(),
  /** TURN relays for consultations, added to the ICE servers of every call. */
  turnServers: z.array(turnServerSchema).max(10).optional(),
  /** Offline cache policy: pin length, retention and whether sign-out wipes the cache. */
  cache: cacheSettingsSchema.optional(),
  /** Idle lock policy. */
  security: securitySettingsSchema.optional(),
  /** Languages offered in the language picker (all shipped ones when unset). */
  languages: z
    .array(z.enum(SUPPORTED_LANGUAGES))
    .min(1, 'list at least one language')
    .refine((list) => new Set(list).size === list.length, 'languages must not repeat')
    .optional(),
  /** Application updates. */
  updates: updateSettingsSchema.optional(),
  /**
   * Cross-border summaries: a FHIR terminology server asked (`CodeSystem/$lookup` with
   * `displayLanguage`) for a designation neither the document nor the offline pack has.
   */
  terminology: z.object({ lookupUrl: z.url({ protocol: /^https?$/ }) }).optional(),
  /** Set by the host, never read from a file: what the clinic's file fixed. */
  managed: managedInfoSchema.optional(),
  /** Set by the host, never read from a file: configuration files that could not be used. */
  problems: z.array(configProblemSchema).optional(),
});

export type FhirServerConfig = z.output<typeof fhirServerConfigSchema>;
export type AppConfig = z.output<typeof appConfigSchema>;
export type TurnServerConfig = z.output<typeof turnServerSchema>;
export type SecuritySettings = z.output<typeof securitySettingsSchema>;
export type CacheSettings = z.output<typeof cacheSettingsSchema>;
export type UpdateSettings = z.output<typeof updateSettingsSchema>;
export type ManagedInfo = z.output<typeof managedInfoSchema>;
export type ConfigProblem = z.output<typeof configProblemSchema>;

/** Client id the embedded sandbox registers for this app. */
export const SANDBOX_CLIENT_ID = 'clinician-workstation';

/**
 * What a configuration file may hold: everything but the fields the host fills in. Unknown
 * keys are dropped (a user file written for a newer version still loads).
 */
export const appConfigFileSchema = appConfigSchema.omit({ managed: true, problems: true });

/** Result of parsing untrusted configuration, naming the first bad field. */
export type ConfigParseResult<T> =
  { ok: true; value: T } | { ok: false; field: string; message: string; error: string };

/**
 * Parse the effective configuration a host hands over (IPC, `/config.json`), with an error
 * message that names the bad field.
 */
export function parseAppConfig(input: unknown): ConfigParseResult<AppConfig> {
  return withDefaultServerCheck(appConfigSchema.safeParse(input));
}

/** Parse a user's configuration file (`userData/config.json`, the browser host's `--config`). */
export function parseUserConfigFile(input: unknown): ConfigParseResult<AppConfig> {
  return withDefaultServerCheck(appConfigFileSchema.safeParse(input));
}

function withDefaultServerCheck(
  result: z.ZodSafeParseResult<AppConfig>,
): ConfigParseResult<AppConfig> {
  if (!result.success) return configIssue(result.error);
  const { defaultServerId, servers } = result.data;
  if (defaultServerId !== undefined && !servers.some((s) => s.id === defaultServerId)) {
    return invalidField('defaultServerId', `no server with id "${defaultServerId}"`);
  }
  return { ok: true, value: result.data };
}

/** A failed parse for `field`, with the one-line message every caller shows. */
export function invalidField(
  field: string,
  message: string,
): { ok: false; field: string; message: string; error: string } {
  return { ok: false, field, message, error: `Invalid configuration at ${field}: ${message}` };
}

/**
 * The first zod issue as a dotted field path and a message. An unknown key names the key
 * itself, so a misspelt setting in a clinic's file points at the typo.
 */
export function configIssue(error: z.ZodError): {
  ok: false;
  field: string;
  message: string;
  error: string;
} {
  const issue = error.issues[0];
  if (!issue) return invalidField('(root)', 'unknown problem');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    return invalidField([...path, key].join('.'), 'unknown setting (check the spelling)');
  }
  return invalidField(path.length > 0 ? path.join('.') : '(root)', issue.message);
}
