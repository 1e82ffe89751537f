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
  /** Offline cache policy (issue 3): pin length and whether sign-out wipes the user's cache. */
  cache: z
    .object({
      /** Days "Keep available offline" pins a patient. */
      pinDays: z.number().int().min(1).max(365).default(7),
      /** Wipe the user's cache on sign-out (unsent notes kept unless the user discards them). */
      wipeOnSignOut: z.boolean().default(false),
    })
    .optional(),
});

export type FhirServerConfig = z.output<typeof fhirServerConfigSchema>;
export type AppConfig = z.output<typeof appConfigSchema>;

/** Client id the embedded sandbox registers for this app. */
export const SANDBOX_CLIENT_ID = 'clinician-workstation';

/** Parse untrusted config JSON, with an error message that names the bad field. */
export function parseAppConfig(
  input: unknown,
): { ok: true; value: AppConfig } | { ok: false; error: string } {
  const result = appConfigSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return {
      ok: false,
      error: `Invalid configuration at ${where}: ${issue?.message ?? 'unknown'}`,
    };
  }
  const { defaultServerId, servers } = result.data;
  if (defaultServerId !== undefined && !servers.some((s) => s.id === defaultServerId)) {
    return {
      ok: false,
      error: `Invalid configuration at defaultServerId: no server with id "${defaultServerId}"`,
    };
  }
  return { ok: true, value: result.data };
}
