/**
 * Audit events of the session itself (issue 7): 'signed-in' when the signed-in app mounts
 * (once per session: AuthGate remounts the offline layer per server and user), and
 * 'signed-out' through the function this registers with AuthGate, which runs it before its
 * sign-out policy. Renders nothing.
 *
 * Sign-out records first, then gives the outbox a few seconds to send the AuditEvent while the
 * token is still valid: the wipe-on-sign-out policy that follows counts unsent entries, and a
 * sent one neither prompts nor is lost. A session restored from saved tokens (an app restart)
 * also records 'signed-in': it is a new session of that user on this workstation.
 */
import { useEffect, useRef } from 'react';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { useAudit } from './useAudit';

/** How long sign-out waits for the AuditEvent to be sent before going ahead regardless. */
export const SIGN_OUT_FLUSH_MS = 3000;

export type AuditSignOut = () => Promise<void>;

export interface AuditSessionEventsProps {
  /** AuthGate keeps the function and calls it at sign-out (null when unmounted). */
  registerSignOut?: (record: AuditSignOut | null) => void;
  flushWaitMs?: number;
}

export function AuditSessionEvents(props: AuditSessionEventsProps): null {
  const audit = useAudit();
  const offline = useOptionalOffline();
  const signedIn = useRef(false);
  const { registerSignOut, flushWaitMs = SIGN_OUT_FLUSH_MS } = props;

  useEffect(() => {
    if (signedIn.current) return;
    signedIn.current = true;
    void audit({ action: 'signed-in' });
  }, [audit]);

  useEffect(() => {
    if (!registerSignOut) return;
    registerSignOut(async () => {
      await audit({ action: 'signed-out' });
      if (!offline) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        offline.flushOutbox().catch(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, flushWaitMs))),
      ]);
      clearTimeout(timer);
    });
    return () => registerSignOut(null);
  }, [registerSignOut, audit, offline, flushWaitMs]);

  return null;
}
