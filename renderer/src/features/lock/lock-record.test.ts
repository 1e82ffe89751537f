import { describe, expect, it } from 'vitest';
import {
  decideStart,
  discardAuthorization,
  lockRecordKey,
  readLockRecord,
  REAUTH_INTENT_KEY,
  settleStart,
  signedInSince,
  writeLockRecord,
  writeReauthIntent,
} from './lock-record';
import { MemoryStorage } from './memory-storage';

const weber = { serverId: 'sandbox', userKey: 'Practitioner/practitioner-weber' };
const rossi = { serverId: 'sandbox', userKey: 'Practitioner/practitioner-rossi' };

/** fhirclient's sessionStorage as `authorize()` (no tokens yet) or `ready()` (tokens) leave it. */
function fhirclientState(session: Storage, key: string, withTokens: boolean): void {
  session.setItem('SMART_KEY', JSON.stringify(key));
  session.setItem(
    key,
    JSON.stringify({
      serverUrl: 'http://127.0.0.1:9000/fhir',
      key,
      tokenResponse: withTokens ? { access_token: `at-${key}` } : {},
    }),
  );
}

function setup() {
  return { local: new MemoryStorage(), session: new MemoryStorage() };
}

describe('lock record', () => {
  it('is stored per server and user, without patient data', () => {
    const { local } = setup();
    writeLockRecord(local, weber, { lockedAt: 5, reason: 'idle', authKey: 'k1' });
    expect(lockRecordKey(weber)).toBe('cw.lock.v1:sandbox|Practitioner/practitioner-weber');
    expect(readLockRecord(local, weber)).toEqual({ lockedAt: 5, reason: 'idle', authKey: 'k1' });
    expect(readLockRecord(local, rossi)).toBeNull();
  });

  it('ignores a damaged record rather than trusting it', () => {
    const { local } = setup();
    local.setItem(lockRecordKey(weber), '{"lockedAt":"yesterday"}');
    expect(readLockRecord(local, weber)).toBeNull();
  });
});

describe('signedInSince', () => {
  it('is false for restored tokens: fhirclient still points at the key noted when locking', () => {
    const { session } = setup();
    fhirclientState(session, 'k1', true);
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: 'k1' }, session)).toBe(false);
  });

  it('is false after an Electron restart with restored tokens (no fhirclient state at all)', () => {
    const { session } = setup();
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: null }, session)).toBe(false);
  });

  it('is false when an authorization was started but never completed (Back from the login page)', () => {
    const { session } = setup();
    fhirclientState(session, 'k2', false);
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: 'k1' }, session)).toBe(false);
  });

  it('is true once a code exchange stored tokens under a new key', () => {
    const { session } = setup();
    fhirclientState(session, 'k2', true);
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: 'k1' }, session)).toBe(true);
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: null }, session)).toBe(true);
  });

  it('stops counting an authorization once it is discarded', () => {
    const { session } = setup();
    fhirclientState(session, 'k2', true);
    discardAuthorization(session, 'k2');
    expect(session.getItem('k2')).toBeNull();
    expect(session.getItem('SMART_KEY')).toBeNull();
    expect(signedInSince({ lockedAt: 0, reason: 'idle', authKey: 'k1' }, session)).toBe(false);
  });
});

describe('decideStart / settleStart', () => {
  it('no record: unlocked', () => {
    const { local, session } = setup();
    expect(decideStart(weber, local, session)).toEqual({ kind: 'unlocked' });
  });

  it('a record and no new sign-in (reload, restart): locked, with the original reason and time', () => {
    const { local, session } = setup();
    fhirclientState(session, 'k1', true);
    const record = { lockedAt: 1234, reason: 'suspend' as const, authKey: 'k1' };
    writeLockRecord(local, weber, record);
    const decision = decideStart(weber, local, session);
    expect(decision).toEqual({ kind: 'locked', record });
    settleStart(decision, weber, local, session);
    expect(readLockRecord(local, weber)).toEqual(record);
  });

  it('a record but a fresh sign-in since (sign-out and back in): unlocked, record removed', () => {
    const { local, session } = setup();
    writeLockRecord(local, weber, { lockedAt: 1, reason: 'idle', authKey: 'k1' });
    fhirclientState(session, 'k3', true);
    const decision = decideStart(weber, local, session);
    expect(decision).toEqual({ kind: 'unlocked' });
    settleStart(decision, weber, local, session);
    expect(readLockRecord(local, weber)).toBeNull();
  });

  it("another user's record does not lock this one", () => {
    const { local, session } = setup();
    writeLockRecord(local, rossi, { lockedAt: 1, reason: 'idle', authKey: null });
    expect(decideStart(weber, local, session)).toEqual({ kind: 'unlocked' });
  });

  it('back from the lock re-authentication as the same user: reauthenticated', () => {
    const { local, session } = setup();
    writeLockRecord(local, weber, { lockedAt: 1, reason: 'idle', authKey: 'k1' });
    writeReauthIntent(session, { ...weber, stateKey: 'k2' });
    fhirclientState(session, 'k2', true);
    const decision = decideStart(weber, local, session);
    expect(decision).toEqual({ kind: 'reauthenticated' });
    settleStart(decision, weber, local, session);
    expect(session.getItem(REAUTH_INTENT_KEY)).toBeNull();
    expect(readLockRecord(local, weber)).toBeNull();
  });

  it('back from the lock re-authentication as someone else: other-user', () => {
    const { local, session } = setup();
    writeLockRecord(local, weber, { lockedAt: 1, reason: 'idle', authKey: 'k1' });
    writeReauthIntent(session, { ...weber, stateKey: 'k2' });
    fhirclientState(session, 'k2', true);
    const decision = decideStart(rossi, local, session);
    expect(decision).toEqual({ kind: 'other-user' });
    settleStart(decision, rossi, local, session);
    expect(session.getItem(REAUTH_INTENT_KEY)).toBeNull();
    // Weber's lock stays: his session was not unlocked by Rossi.
    expect(readLockRecord(local, weber)).not.toBeNull();
  });

  it('an abandoned re-authentication (no tokens) leaves the lock in place', () => {
    const { local, session } = setup();
    writeLockRecord(local, weber, { lockedAt: 1, reason: 'idle', authKey: 'k1' });
    writeReauthIntent(session, { ...weber, stateKey: 'k2' });
    fhirclientState(session, 'k2', false);
    expect(decideStart(weber, local, session)).toMatchObject({ kind: 'locked' });
  });
});
