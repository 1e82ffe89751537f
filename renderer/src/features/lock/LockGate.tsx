/**
 * The workstation lock (issue 7 item 5), wrapped around the signed-in app (inside AuthGate's
 * FhirProvider, around the Shell).
 *
 * Design:
 * - **When** — after `security.idleLockMinutes` (default 10) without pointer, key, wheel,
 *   touch or focus activity (idle-monitor.ts), at once when the OS locks the screen or
 *   suspends (`host.onSystemLock`), or on request (`useLock().lock()`).
 * - **Hidden means absent** — locked, the app's views are unmounted, not covered: no patient
 *   data in the DOM or the accessibility tree. Only while a call runs is the tree kept alive,
 *   and then its DOM is detached from the document (Detachable.tsx), so it is equally absent.
 * - **Unlock** — SMART re-authentication as the same user (useReauth.ts; someone else →
 *   sign-out), or a local PIN when `security.pinUnlock` allows (pin-store.ts: PBKDF2 hash in
 *   sessionStorage, rate limited, 5 wrong → sign-out). A PIN can only be set by someone who
 *   just re-authenticated, never from the locked screen.
 * - **Reloads and restarts stay locked** (lock-record.ts); only a completed sign-in unlocks.
 * - **A running call** follows `security.callOnLock` (useCallLockPolicy in the consult dock).
 * - Lock and unlock are announced to screen readers, audited ('locked' / 'unlocked'), and
 *   focus moves to the lock screen and back to the main content.
 */
import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  securitySettingsSchema,
  type SecuritySettings,
} from '../../../../shared/config/app-config';
import { useSession } from '../../fhir/FhirProvider';
import { loadFhirclient, type SmartLib } from '../../fhir/smart-lib';
import { useHost } from '../../host/HostProvider';
import { useAudit } from '../audit/useAudit';
import { Detachable } from './Detachable';
import { LockContext, type LockState } from './LockContext';
import type { LockOwner } from './lock-record';
import { storageOrMemory } from './memory-storage';
import { LockScreen } from './LockScreen';
import type { PinStoreOptions } from './pin-store';
import { useLockController } from './useLockController';
import { useReauth } from './useReauth';

/** The policy when the configuration sets none (the schema's defaults). */
export const DEFAULT_SECURITY: SecuritySettings = securitySettingsSchema.parse({});

/** Where focus goes after unlocking (the Shell's `<main>`). */
const MAIN_CONTENT_ID = 'main-content';

export interface LockGateProps {
  children: ReactNode;
  /** fhirclient for re-authentication (tests inject a fake). */
  loadLib?: () => Promise<SmartLib>;
  fetch?: typeof fetch;
  /** Browser host: how re-authentication leaves the page (tests record it). */
  navigate?: (url: string) => void;
  /** PBKDF2 cost for the PIN (tests use fewer iterations). */
  pinOptions?: Pick<PinStoreOptions, 'iterations' | 'subtle'>;
}

/** Loads the lock policy, then locks per signed-in user (a new user gets a fresh lock). */
export function LockGate(props: LockGateProps): React.JSX.Element {
  const host = useHost();
  const session = useSession();
  const { t } = useTranslation('lock');
  const [settings, setSettings] = useState<SecuritySettings | null>(null);

  useEffect(() => {
    let live = true;
    host.getConfig().then(
      (config) => {
        if (live) setSettings(config.security ?? DEFAULT_SECURITY);
      },
      // The sign-in already read this configuration; should it fail now, the defaults lock.
      () => {
        if (live) setSettings(DEFAULT_SECURITY);
      },
    );
    return () => {
      live = false;
    };
  }, [host]);

  if (!settings) {
    return (
      <Center mih="60vh">
        <Loader aria-label={t('loading')} />
      </Center>
    );
  }
  return (
    <LockedApp key={`${session.server.id}|${session.user.key}`} {...props} settings={settings} />
  );
}

function LockedApp(props: LockGateProps & { settings: SecuritySettings }) {
  const { t } = useTranslation('lock');
  const host = useHost();
  const session = useSession();
  const audit = useAudit();
  const { settings } = props;
  const owner = useMemo<LockOwner>(
    () => ({ serverId: session.server.id, userKey: session.user.key }),
    [session.server.id, session.user.key],
  );
  const [storage] = useState(() => ({
    local: storageOrMemory('localStorage'),
    session: storageOrMemory('sessionStorage'),
  }));
  const lock = useLockController({
    owner,
    settings,
    host,
    signOut: session.signOut,
    audit,
    local: storage.local,
    session: storage.session,
    activityTarget: window,
    ...(props.pinOptions ? { pinOptions: props.pinOptions } : {}),
  });
  const { unlock, refuse } = lock;

  const onResult = useCallback(
    (result: 'same-user' | 'other-user') =>
      result === 'same-user' ? unlock('smart') : refuse('other-user'),
    [unlock, refuse],
  );
  const reauth = useReauth({
    loadLib: props.loadLib ?? loadFhirclient,
    ...(props.fetch ? { fetch: props.fetch } : {}),
    ...(props.navigate ? { navigate: props.navigate } : {}),
    onResult,
  });

  const [calls, setCalls] = useState(0);
  const registerCall = useCallback(() => {
    setCalls((n) => n + 1);
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      setCalls((n) => n - 1);
    };
  }, []);

  const locked = lock.phase.k !== 'unlocked';
  const context = useMemo<LockState>(
    () => ({ locked, settings, lock: lock.lock, registerCall }),
    [locked, settings, lock.lock, registerCall],
  );

  // Back from the lock: focus the main content again (it was unmounted meanwhile).
  const wasLocked = useRef(locked);
  useEffect(() => {
    if (wasLocked.current && !locked) document.getElementById(MAIN_CONTENT_ID)?.focus();
    wasLocked.current = locked;
  }, [locked]);

  const pinAllowed = settings.pinUnlock && lock.phase.k === 'locked' && lock.pins.has();
  const call = calls === 0 ? 'none' : settings.callOnLock;

  return (
    <LockContext value={context}>
      <VisuallyHidden role="status" aria-live="polite" data-testid="lock-announcer">
        {lock.announcement ? t(`announce.${lock.announcement}`) : ''}
      </VisuallyHidden>
      {lock.phase.k !== 'unlocked' ? (
        <LockScreen
          userName={session.user.display}
          server={session.server}
          view={lock.phase}
          idleMinutes={settings.idleLockMinutes}
          call={call}
          {...(pinAllowed
            ? {
                pin: {
                  pins: lock.pins,
                  onUnlocked: () => unlock('pin'),
                  onExhausted: () => refuse('pin-attempts'),
                },
              }
            : {})}
          pins={lock.pins}
          reauth={reauth}
          onSetPinDone={lock.finishSetPin}
          onSignOut={() => void session.signOut().catch(() => undefined)}
        />
      ) : null}
      {!locked || calls > 0 ? <Detachable attached={!locked}>{props.children}</Detachable> : null}
    </LockContext>
  );
}
