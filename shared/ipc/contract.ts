/**
 * The one IPC contract between the renderer and Electron main.
 *
 * A closed map `channel → { request, response }` with `domain:action` names. The preload
 * exposes `invoke` for these channels only (and `on` for {@link eventContract}); main parses
 * every payload again with the same schemas and checks the sender frame's origin.
 * Replies are `{ ok: true, value } | { ok: false, error }` (Signal-Desktop's shape) so a
 * failure is a value the renderer can show, never an unhandled rejection.
 */
import { z } from 'zod';
import { auditEntrySchema } from '../audit/audit-entry';
import { appConfigSchema } from '../config/app-config';
import {
  userSettingsPatchSchema,
  userSettingsSaveResultSchema,
  userSettingsSnapshotSchema,
} from '../config/user-settings';

const secretKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:@/-]+$/, 'secret keys are plain identifiers');

/** An EHR launch (SMART App Launch §EHR launch): the FHIR server and the opaque launch id. */
const ehrLaunch = z.object({ iss: z.url(), launch: z.string().min(1).max(2048) });

/**
 * A `desktopCapturer` source id: `screen:<n>:0` or `window:<handle>:<0|1>` (Electron's
 * `DesktopCapturerSource.id`).
 */
export const screenSourceIdSchema = z
  .string()
  .max(200)
  .regex(/^(screen|window):[\w.:-]+$/, 'not a desktopCapturer source id');

/** Longest thumbnail data URL accepted (a 320×180 PNG is far below this). */
export const MAX_SCREEN_THUMBNAIL_CHARS = 512 * 1024;

/**
 * One screen or window the user may share, as the picker shows it. The thumbnail is a small
 * PNG data URL; it is empty (`data:image/png;base64,`) when the OS gave none.
 */
export const screenSourceSchema = z.object({
  id: screenSourceIdSchema,
  name: z.string().max(500),
  kind: z.enum(['screen', 'window']),
  thumbnail: z.string().startsWith('data:image/png;base64,').max(MAX_SCREEN_THUMBNAIL_CHARS),
});

/** Most audit entries one `audit:list` call returns (the IPC message stays a few MB at most). */
export const MAX_AUDIT_LIST_LIMIT = 10_000;
/** What `audit:list` returns when the caller names no limit. */
export const DEFAULT_AUDIT_LIST_LIMIT = 1_000;

/**
 * The file name the save dialog proposes for a printed view, without a folder: main puts it
 * in the user's documents folder, so path separators and control characters are refused here.
 */
export const printFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'a file name without folders or control characters');

/** Why the workstation is being locked by the OS (Electron `powerMonitor` events). */
export const systemLockReasonSchema = z.enum(['lock-screen', 'suspend']);

/**
 * Where the desktop app's update stands (main/updater.ts): `off` (the configuration turns
 * updates off, or a development build), `idle` (checking in the background, nothing ready) or
 * `downloaded` (`version` installs on quit or on "Restart and install now"). `callActive`:
 * main will not restart now because a call is running.
 */
export const updateStatusSchema = z.object({
  state: z.enum(['off', 'idle', 'downloaded']),
  version: z.string().min(1).max(100).optional(),
  callActive: z.boolean(),
});

/** What "Restart and install now" did: `deferred` during a call (installs on quit instead). */
export const installOutcomeSchema = z.enum(['installing', 'deferred', 'nothing-to-install']);

export const invokeContract = {
  /** Static facts about the running app (version, platform, whether secrets persist). */
  'app:info': {
    request: z.undefined(),
    response: z.object({
      version: z.string(),
      platform: z.string(),
      secretsPersistent: z.boolean(),
    }),
  },
  /** The effective configuration: FHIR servers to offer, including the embedded sandbox. */
  'config:get': {
    request: z.undefined(),
    response: appConfigSchema,
  },
  /** Read a secret (tokens, keys) from the safeStorage vault. `null` when absent. */
  'secrets:get': {
    request: z.object({ key: secretKey }),
    response: z.string().nullable(),
  },
  /**
   * Store a secret. Refused (ok: false) when safeStorage would fall back to plain text
   * (`basic_text` backend on Linux): tokens then live only in the renderer's memory.
   */
  'secrets:set': {
    request: z.object({ key: secretKey, value: z.string().max(64 * 1024) }),
    response: z.null(),
  },
  'secrets:delete': {
    request: z.object({ key: secretKey }),
    response: z.null(),
  },
  /**
   * Start a one-shot loopback listener for a SMART redirect (RFC 8252 §7.3) on
   * `http://127.0.0.1:<random port>/callback`. Returns the redirect URI to register with
   * the authorization request and an id to wait on.
   */
  'smart:loopback-start': {
    request: z.undefined(),
    response: z.object({ listenerId: z.string(), redirectUri: z.url() }),
  },
  /**
   * Wait for the browser to hit the loopback callback. Resolves with the query the
   * authorization server sent (`code` + `state`, or `error` + `error_description`).
   */
  'smart:loopback-wait': {
    request: z.object({
      listenerId: z.string(),
      timeoutMs: z.number().int().positive().max(900_000),
    }),
    response: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      error: z.string().optional(),
      errorDescription: z.string().optional(),
    }),
  },
  /** Open an http(s) URL in the system browser (SMART sign-in, RFC 8252 §8.12). */
  'shell:open-external': {
    request: z.object({ url: z.url().max(8192) }),
    response: z.null(),
  },
  /**
   * Take the EHR launch that started the app, once (`null` when there is none). A deep link
   * on a cold start arrives before the renderer can subscribe to `launch:ehr`, so main keeps
   * it until the renderer asks; launches while running come as `launch:ehr` events.
   */
  'launch:pending': {
    request: z.undefined(),
    response: ehrLaunch.nullable(),
  },
  /**
   * The screens and windows that can be shared (`desktopCapturer.getSources`), for the
   * app's own picker: Electron shows none for `getDisplayMedia()`.
   */
  'screen:sources': {
    request: z.undefined(),
    response: z.array(screenSourceSchema).max(500),
  },
  /**
   * What the next `getDisplayMedia()` call gets: one of the ids `screen:sources` listed last,
   * or `null` to cancel. The choice answers one request only and expires after a few seconds.
   */
  'screen:choose': {
    request: z.object({ sourceId: screenSourceIdSchema.nullable() }),
    response: z.null(),
  },
  /**
   * Get the clinician's attention (a patient knocking) when the window is minimised or not in
   * front: a system notification and a flashing taskbar entry. `shown` is false when the
   * window is in front (the app's own banner and chime suffice) or the desktop has no
   * notifications.
   */
  'app:notify': {
    request: z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }),
    response: z.object({ shown: z.boolean() }),
  },
  /**
   * Append one entry to the local audit trail (issue 7 item 4). Main parses it again with
   * `auditEntrySchema` and only ever appends to its JSONL file in userData.
   */
  'audit:append': {
    request: auditEntrySchema,
    response: z.null(),
  },
  /** Read the local audit trail, newest first, optionally only one clinician's entries. */
  'audit:list': {
    request: z.object({
      limit: z.number().int().min(1).max(MAX_AUDIT_LIST_LIMIT).optional(),
      userReference: z.string().min(1).max(500).optional(),
    }),
    response: z.array(auditEntrySchema).max(MAX_AUDIT_LIST_LIMIT),
  },
  /**
   * Print the app's current view to an A4 PDF (`webContents.printToPDF`, print CSS applies)
   * and save it where the user picks in the save dialog. `cancelled` when the user closed
   * the dialog: not an error.
   */
  'print:view': {
    request: z.object({ suggestedFileName: printFileNameSchema }),
    response: z.enum(['saved', 'cancelled']),
  },
  /**
   * A call started or ended: while one runs, main neither checks for, downloads nor installs
   * updates, and never restarts the app (issue 7 item 6).
   */
  'updates:set-call-active': {
    request: z.object({ active: z.boolean() }),
    response: z.null(),
  },
  /** Where the update stands now; changes arrive as `updates:status` events. */
  'updates:status': {
    request: z.undefined(),
    response: updateStatusSchema,
  },
  /**
   * Quit and install the downloaded update now (the clinician's explicit "Restart and install
   * now"). Main refuses during a call (`deferred`): the update then installs on quit.
   */
  'updates:install-now': {
    request: z.undefined(),
    response: installOutcomeSchema,
  },
  /**
   * The user's own settings: the baseline each "stricter only" setting is measured against,
   * where they are kept (the user's `config.json`), and why saving is impossible, if it is.
   */
  'settings:get': {
    request: z.undefined(),
    response: userSettingsSnapshotSchema,
  },
  /**
   * Change the user's own settings (shared/config/user-settings.ts). Main checks the patch
   * again (locks, schema, stricter only), rewrites only the edited fields of the user's file
   * atomically and answers the new values from `config:get` at once. Field errors come back as
   * `{ saved: false, errors }`; a file that cannot be read or written as `{ ok: false }`, with
   * the file left as it was.
   */
  'settings:save': {
    request: userSettingsPatchSchema,
    response: userSettingsSaveResultSchema,
  },
} as const;

/** Events main pushes to the renderer. */
export const eventContract = {
  /** An EHR launch arrived as a deep link `<scheme>://launch?iss=…&launch=…`. */
  'launch:ehr': ehrLaunch,
  /**
   * The OS locked the screen or is suspending (`powerMonitor` 'lock-screen' / 'suspend'): the
   * renderer hides patient data at once (issue 7 item 5).
   */
  'system:lock': z.object({ reason: systemLockReasonSchema }),
  /** The update's state changed (downloaded, a call started or ended). */
  'updates:status': updateStatusSchema,
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type EventChannel = keyof typeof eventContract;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<
  (typeof invokeContract)[C]['response']
>;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventContract)[C]>;

/** What every invoke resolves to. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const eventChannels = Object.keys(eventContract) as EventChannel[];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeContract, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(eventContract, value);
}

/**
 * The bridge the preload exposes as `window.workstation`, and nothing else.
 */
export interface WorkstationBridge {
  invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<IpcResult<InvokeResponse<C>>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}
