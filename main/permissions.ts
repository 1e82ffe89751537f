/**
 * The permission table: deny by default, allow a short list of permissions to the app's own
 * origin only (Signal-Desktop's model). Both the request handler (prompts) and the check
 * handler (synchronous queries such as `navigator.permissions.query`) use the same table, as
 * Electron requires for complete handling.
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
import type { Session } from 'electron';
import { isAppOrigin } from './app-origin';

/**
 * What the app origin may have:
 * - `media`: camera and microphone for video consultations (audio/video only).
 * - `display-capture`: screen sharing in a consultation. Which screen or window is decided
 *   by the clinician in the app's picker and granted by main/display-media.ts (one choice,
 *   one request, within seconds); without a choice nothing is shared.
 * - `fullscreen`: the consultation video can go full screen (user gesture in the app).
 * - `clipboard-sanitized-write`: "copy" buttons (identifiers, record excerpts). Writing is
 *   sanitized by Chromium; reading the clipboard (`clipboard-read`) stays denied.
 * Not granted: `notifications` (the lobby knock is shown by main, main/attention.ts, so
 * pages never need them), geolocation, MIDI, HID/serial/USB, `openExternal` (links go through main's
 * own validated `shell.openExternal`), clipboard reading, and everything Chromium adds later.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  'media',
  'display-capture',
  'fullscreen',
  'clipboard-sanitized-write',
]);

const allowedMediaTypes: ReadonlySet<string> = new Set(['audio', 'video']);

/** The one decision both handlers share. */
export function isPermissionAllowed(
  permission: string,
  origin: string | undefined,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  if (!isAppOrigin(origin)) return false;
  if (permission === 'media') return mediaTypes.every((t) => allowedMediaTypes.has(t));
  return true;
}

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];

export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Install the table on a session. Device permissions (HID, serial, USB) are denied outright.
 * The requesting frame's URL is used, not the top-level page's, so an iframe of another
 * origin never inherits the app's grants.
 */
export function installPermissionHandlers(
  session: PermissionSession,
  log: (line: string) => void = () => undefined,
): void {
  const onRequest: NonNullable<RequestHandler> = (_webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const allowed = isPermissionAllowed(permission, details.requestingUrl, mediaTypes);
    if (!allowed) log(`[permissions] denied ${permission} for ${details.requestingUrl}`);
    callback(allowed);
  };
  const onCheck: NonNullable<CheckHandler> = (_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin);

  session.setPermissionRequestHandler(onRequest);
  session.setPermissionCheckHandler(onCheck);
  session.setDevicePermissionHandler(() => false);
}
