/**
 * Where a lock outlives the page, and how the app tells a fresh sign-in from restored tokens.
 *
 * Why this is needed: the app restores a session from `host.secrets` on every load (browser:
 * sessionStorage; Electron: safeStorage, across restarts). Without a trace of the lock, a
 * reload or an app restart would open a locked session without anyone signing in.
 *
 * - **Lock record** (localStorage, one per server + user, no patient data): written while
 *   locked, removed on unlock. localStorage rather than sessionStorage so an Electron restart
 *   (which clears sessionStorage) still finds it.
 * - **Proof of a fresh sign-in**: fhirclient keeps, in this tab's sessionStorage, the key of
 *   the authorization it completed last (`SMART_KEY`) and, under that key, the token response
 *   its `ready()` obtained by exchanging an authorization code. Restoring saved tokens does
 *   not touch either. So "a token exchange happened since the lock" is: that key differs from
 *   the one noted when locking, and its state holds an access token. `authorize()` alone
 *   (a re-authentication abandoned half-way, then Back) sets the key but leaves the token
 *   response empty, so it does not count.
 * - **Re-authentication intent** (sessionStorage): the browser host's re-authentication
 *   leaves the page; the intent names who was locked and the `state` of that authorization,
 *   so on return the lock can tell "same user, unlock" from "someone else signed in, sign out".
 *
 * This reads fhirclient's storage layout (client-js `smart.ts`: `SMART_KEY`, state under its
 * key), as session-store.ts already does; a `authorizedAt` on the session would be cleaner.
 */
import { z } from 'zod';
import { FHIRCLIENT_SMART_KEY } from '../../fhir/smart-lib';

/** Whose lock this is. */
export interface LockOwner {
  serverId: string;
  /** `SessionUser.key`: fhirUser, else `sub`. */
  userKey: string;
}

export const LOCK_REASONS = ['idle', 'lock-screen', 'suspend', 'manual'] as const;
/** Why the workstation locked: idle time, the OS locking or suspending, or the user. */
export type LockReason = (typeof LOCK_REASONS)[number];

const LOCK_RECORD_PREFIX = 'cw.lock.v1:';
export const REAUTH_INTENT_KEY = 'cw.lock.reauth';

export function lockRecordKey(owner: LockOwner): string {
  return `${LOCK_RECORD_PREFIX}${owner.serverId}|${owner.userKey}`;
}

const lockRecordSchema = z.object({
  lockedAt: z.number(),
  reason: z.enum(LOCK_REASONS),
  /** fhirclient's `SMART_KEY` when the lock began; null when this tab had none. */
  authKey: z.string().nullable(),
});
export type LockRecord = z.output<typeof lockRecordSchema>;

const reauthIntentSchema = z.object({
  serverId: z.string(),
  userKey: z.string(),
  /** The `state` of the authorization the lock screen started. */
  stateKey: z.string().min(1),
});
export type ReauthIntent = z.output<typeof reauthIntentSchema>;

function readJson<T>(storage: Storage, key: string, schema: z.ZodType<T>): T | null {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function remove(storage: Storage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // storage unavailable: nothing to remove
  }
}

export function readLockRecord(local: Storage, owner: LockOwner): LockRecord | null {
  return readJson(local, lockRecordKey(owner), lockRecordSchema);
}

/** False when storage refused it (quota): the lock then holds for this page only. */
export function writeLockRecord(local: Storage, owner: LockOwner, record: LockRecord): boolean {
  try {
    local.setItem(lockRecordKey(owner), JSON.stringify(record));
    return true;
  } catch {
    return false;
  }
}

export function clearLockRecord(local: Storage, owner: LockOwner): void {
  remove(local, lockRecordKey(owner));
}

/** fhirclient's current authorization key in this tab (`SMART_KEY`), or null. */
export function currentAuthKey(session: Storage): string | null {
  return readJson(session, FHIRCLIENT_SMART_KEY, z.string().min(1));
}

const authorizedStateSchema = z.looseObject({
  tokenResponse: z.looseObject({ access_token: z.string().min(1) }),
});

/** Whether fhirclient's state under `key` holds tokens from a completed code exchange. */
export function isAuthorized(session: Storage, key: string): boolean {
  return readJson(session, key, authorizedStateSchema) !== null;
}

/** A token exchange completed in this tab after `record` was written. */
export function signedInSince(record: LockRecord, session: Storage): boolean {
  const key = currentAuthKey(session);
  return key !== null && key !== record.authKey && isAuthorized(session, key);
}

/** Forgets an authorization whose tokens nobody will use (it must not count as a sign-in). */
export function discardAuthorization(session: Storage, key: string): void {
  remove(session, key);
  if (currentAuthKey(session) === key) remove(session, FHIRCLIENT_SMART_KEY);
}

export function writeReauthIntent(session: Storage, intent: ReauthIntent): void {
  session.setItem(REAUTH_INTENT_KEY, JSON.stringify(intent));
}

export function readReauthIntent(session: Storage): ReauthIntent | null {
  return readJson(session, REAUTH_INTENT_KEY, reauthIntentSchema);
}

export function clearReauthIntent(session: Storage): void {
  remove(session, REAUTH_INTENT_KEY);
}

/** How the lock starts when the signed-in app mounts (a load, a reload, a return from sign-in). */
export type StartDecision =
  | { kind: 'unlocked' }
  | { kind: 'locked'; record: LockRecord }
  /** Back from the lock screen's re-authentication, as the same user. */
  | { kind: 'reauthenticated' }
  /** Back from the lock screen's re-authentication as someone else: sign out. */
  | { kind: 'other-user' };

/**
 * Decides without changing storage (React may call it twice); {@link settleStart} applies
 * the clean-up afterwards.
 */
export function decideStart(owner: LockOwner, local: Storage, session: Storage): StartDecision {
  const intent = readReauthIntent(session);
  if (intent && isAuthorized(session, intent.stateKey)) {
    const same = intent.serverId === owner.serverId && intent.userKey === owner.userKey;
    return same ? { kind: 'reauthenticated' } : { kind: 'other-user' };
  }
  const record = readLockRecord(local, owner);
  if (!record || signedInSince(record, session)) return { kind: 'unlocked' };
  return { kind: 'locked', record };
}

/** The storage clean-up that goes with a {@link decideStart} result. */
export function settleStart(
  decision: StartDecision,
  owner: LockOwner,
  local: Storage,
  session: Storage,
): void {
  clearReauthIntent(session);
  if (decision.kind === 'unlocked' || decision.kind === 'reauthenticated') {
    clearLockRecord(local, owner);
  }
}
