/**
 * What the views get from the offline layer once a clinician is signed in: the encrypted
 * store (read-only for views), the outbox (the only way to write), the sync engine (the only
 * code that fetches into the store) and the connectivity monitor. Provided by
 * `OfflineProvider`; read with `useOffline()`.
 */
import { createContext, useContext } from 'react';
import type { ConnectivityMonitor } from './connectivity';
import type { OfflineScope } from './offline-scope';
import type { SyncEngine } from './sync-engine';
import type { FhirWriter } from '../fhir/FhirApi';

export interface OfflineServices {
  scope: OfflineScope;
  sync: SyncEngine;
  connectivity: ConnectivityMonitor;
  /** The authenticated write path the outbox flushes through. */
  writer: FhirWriter;
  /** Send what the outbox holds now (also runs on reconnect and on a timer). */
  flushOutbox(): Promise<void>;
  /** Days a pin keeps a patient offline (from configuration; default 7). */
  pinDays: number;
}

export const OfflineContext = createContext<OfflineServices | null>(null);

/** The offline services; throws when used outside a signed-in view. */
export function useOffline(): OfflineServices {
  const services = useContext(OfflineContext);
  if (!services) throw new Error('useOffline() needs an <OfflineProvider> above it');
  return services;
}

/** The offline services when available (views that also work without the cache). */
export function useOptionalOffline(): OfflineServices | null {
  return useContext(OfflineContext);
}
