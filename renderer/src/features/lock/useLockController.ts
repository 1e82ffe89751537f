/**
 * The lock's state machine behind {@link LockGate}:
 *
 *   unlocked ──idle / OS lock or suspend / lock()──▶ locked
 *   locked ──PIN right──▶ unlocked
 *   locked ──re-authenticated as the same user──▶ set-pin (PIN allowed and none set) ▶ unlocked
 *   locked ──another user, or the last PIN attempt wrong──▶ sign-out
 *
 * It persists the lock (lock-record.ts), so a reload or restart comes back locked, and
 * decides on mount whether this load is a return from the lock's own re-authentication.
 * `owner` and `session` are fixed for the controller's life: the gate is keyed by the user.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SecuritySettings } from '../../../../shared/config/app-config';
import type { Host } from '../../host/Host';
import type { AuditEventInput } from '../audit/useAudit';
import { startIdleMonitor } from './idle-monitor';
import {
  clearLockRecord,
  currentAuthKey,
  decideStart,
  readLockRecord,
  settleStart,
  writeLockRecord,
  type LockOwner,
  type LockReason,
  type StartDecision,
} from './lock-record';
import { PinStore, type PinStoreOptions } from './pin-store';

export type LockPhase =
  | { k: 'unlocked' }
  | { k: 'locked'; reason: LockReason; since: number }
  /** Re-authenticated: offered to set an unlock PIN before the data shows again. */
  | { k: 'set-pin' };

/** How the user got back in (audit detail). */
export type UnlockMethod = 'pin' | 'smart';

export interface LockControllerOptions {
  owner: LockOwner;
  settings: SecuritySettings;
  host: Pick<Host, 'onSystemLock'>;
  /** The session's sign-out (with the offline layer's policy). */
  signOut: () => Promise<void>;
  audit: (event: AuditEventInput) => Promise<void>;
  /** Persistent storage for the lock record (localStorage). */
  local: Storage;
  /** This tab's storage (sessionStorage): fhirclient's state, the PIN, the intent. */
  session: Storage;
  /** Activity source for idle detection (the window). */
  activityTarget: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
  /** PBKDF2 iterations (tests use fewer). */
  pinOptions?: Pick<PinStoreOptions, 'iterations' | 'subtle'>;
}

function initialPhase(decision: StartDecision, offerPin: boolean, now: number): LockPhase {
  switch (decision.kind) {
    case 'unlocked':
      return { k: 'unlocked' };
    case 'locked':
      return { k: 'locked', reason: decision.record.reason, since: decision.record.lockedAt };
    case 'reauthenticated':
      return offerPin ? { k: 'set-pin' } : { k: 'unlocked' };
    case 'other-user':
      return { k: 'locked', reason: 'manual', since: now };
  }
}

export function useLockController(options: LockControllerOptions) {
  const { owner, settings, host, signOut, audit, local, session, activityTarget } = options;
  const now = options.now ?? Date.now;
  const [pins] = useState(() => new PinStore(session, owner, { ...options.pinOptions, now }));
  const [start] = useState(() => {
    const decision = decideStart(owner, local, session);
    const offerPin = settings.pinUnlock && !pins.has();
    return { decision, phase: initialPhase(decision, offerPin, now()) };
  });
  const [phase, setPhase] = useState<LockPhase>(start.phase);
  const phaseRef = useRef<LockPhase>(start.phase);
  const [announcement, setAnnouncement] = useState(
    start.decision.kind === 'reauthenticated' && start.phase.k === 'unlocked' ? 'unlocked' : '',
  );

  const move = useCallback((next: LockPhase, say: 'locked' | 'unlocked' | null) => {
    phaseRef.current = next;
    setPhase(next);
    if (say) setAnnouncement(say);
  }, []);

  // The latest audit and sign-out functions, read when used: their identity changes with
  // the offline layer and the banners, and must not restart the idle timer (effects below).
  const latest = useRef({ audit, signOut });
  useEffect(() => {
    latest.current = { audit, signOut };
  }, [audit, signOut]);
  const record = useCallback((event: AuditEventInput) => {
    void latest.current.audit(event);
  }, []);
  const signOutNow = useCallback(() => {
    void latest.current.signOut().catch(() => undefined);
  }, []);

  // Apply what the mount decided, once (StrictMode runs effects twice; the ref remembers).
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current) return;
    settled.current = true;
    settleStart(start.decision, owner, local, session);
    if (start.decision.kind === 'reauthenticated') {
      record({ action: 'unlocked', detail: 'smart' });
    } else if (start.decision.kind === 'other-user') {
      record({ action: 'unlocked', outcome: 'failure', detail: 'other-user' });
      signOutNow();
    }
  }, [start, owner, local, session, record, signOutNow]);

  const lock = useCallback(
    (reason: LockReason = 'manual') => {
      if (phaseRef.current.k === 'locked') return;
      move({ k: 'locked', reason, since: now() }, 'locked');
      record({ action: 'locked', detail: reason });
    },
    [move, now, record],
  );

  const unlock = useCallback(
    (method: UnlockMethod) => {
      if (phaseRef.current.k !== 'locked') return;
      const offerPin = method === 'smart' && settings.pinUnlock && !pins.has();
      move(offerPin ? { k: 'set-pin' } : { k: 'unlocked' }, offerPin ? null : 'unlocked');
      record({ action: 'unlocked', detail: method });
    },
    [move, settings.pinUnlock, pins, record],
  );

  /** Leaves the set-PIN step (PIN saved or skipped). */
  const finishSetPin = useCallback(() => {
    if (phaseRef.current.k === 'set-pin') move({ k: 'unlocked' }, 'unlocked');
  }, [move]);

  /** Re-authenticated as someone else, or out of PIN attempts: the session ends. */
  const refuse = useCallback(
    (detail: 'other-user' | 'pin-attempts') => {
      pins.clear();
      record({ action: 'unlocked', outcome: 'failure', detail });
      signOutNow();
    },
    [pins, record, signOutNow],
  );

  // Keep the lock across reloads and restarts while locked; forget it once unlocked.
  useEffect(() => {
    if (phase.k === 'locked') {
      if (!readLockRecord(local, owner)) {
        writeLockRecord(local, owner, {
          lockedAt: phase.since,
          reason: phase.reason,
          authKey: currentAuthKey(session),
        });
      }
    } else {
      clearLockRecord(local, owner);
    }
  }, [phase, local, session, owner]);

  // Idle detection runs only while unlocked.
  const idleMs = settings.idleLockMinutes * 60_000;
  useEffect(() => {
    if (phase.k !== 'unlocked') return;
    const monitor = startIdleMonitor({
      target: activityTarget,
      timeoutMs: idleMs,
      onIdle: () => lock('idle'),
      now,
    });
    return () => monitor.stop();
  }, [phase.k, idleMs, activityTarget, lock, now]);

  // The OS locked the screen or is suspending (Electron powerMonitor).
  useEffect(() => host.onSystemLock((reason) => lock(reason)), [host, lock]);

  return { phase, announcement, pins, lock, unlock, finishSetPin, refuse };
}
