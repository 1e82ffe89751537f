/**
 * What the rest of the app may know about, and ask of, the workstation lock
 * ({@link LockGate} provides it).
 */
import { createContext, useContext } from 'react';
import type { SecuritySettings } from '../../../../shared/config/app-config';
import type { LockReason } from './lock-record';

export interface LockState {
  /** True while patient data is hidden (including the set-a-PIN step after unlocking). */
  readonly locked: boolean;
  /** The clinic's policy (config `security`), its defaults until the config has loaded. */
  readonly settings: SecuritySettings;
  /** Lock now (a "Lock" button or shortcut; idle and OS lock call it themselves). */
  readonly lock: (reason?: LockReason) => void;
  /**
   * A running call registers itself for its whole life and calls the returned function when
   * it ends. While one is registered, locking keeps the app's component tree alive *off the
   * page* (so the call survives) instead of unmounting it.
   */
  readonly registerCall: () => () => void;
}

export const LockContext = createContext<LockState | null>(null);

/** The lock, or null outside a {@link LockGate} (component tests, the patient app). */
export function useOptionalLock(): LockState | null {
  return useContext(LockContext);
}

export function useLock(): LockState {
  const lock = useContext(LockContext);
  if (!lock) throw new Error('useLock() needs a <LockGate> above it');
  return lock;
}
