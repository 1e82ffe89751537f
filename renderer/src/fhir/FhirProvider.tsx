import { createContext, useContext, type ReactNode } from 'react';
import type { FhirServerConfig } from '../../../shared/config/app-config';
import type { FhirApi, FhirWriter } from './FhirApi';
import type { LaunchKind } from './scopes';
import type { SessionUser } from './session';

/** What views may know about the signed-in session. */
export interface SessionInfo {
  server: FhirServerConfig;
  user: SessionUser;
  patientId?: string;
  launchKind: LaunchKind;
  /** Clears tokens (host.secrets and fhirclient's state) and returns to the server picker. */
  signOut: () => Promise<void>;
}

const FhirContext = createContext<FhirApi | null>(null);
const SessionContext = createContext<SessionInfo | null>(null);

/** Injects the FHIR access and session (medplum's MedplumProvider pattern); tests pass fakes. */
export function FhirProvider(props: { api: FhirApi; session: SessionInfo; children: ReactNode }) {
  return (
    <SessionContext.Provider value={props.session}>
      <FhirContext.Provider value={props.api}>{props.children}</FhirContext.Provider>
    </SessionContext.Provider>
  );
}

export function useFhir(): FhirApi {
  const api = useContext(FhirContext);
  if (!api) throw new Error('useFhir() needs a <FhirProvider> above it');
  return api;
}

export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs a <FhirProvider> above it');
  return session;
}

function isWriter(api: FhirApi): api is FhirApi & FhirWriter {
  return typeof (api as Partial<FhirWriter>).putIfNoneMatch === 'function';
}

/**
 * The outbox's write path: the same object as {@link useFhir} (createFhirApi implements
 * `putIfNoneMatch`), or null when the injected API cannot write (test fakes): the offline
 * layer then stays off and views use the network path.
 */
export function useFhirWriter(): FhirWriter | null {
  const api = useFhir();
  return isWriter(api) ? api : null;
}
