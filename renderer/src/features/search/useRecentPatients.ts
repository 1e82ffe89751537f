import { useCallback, useState } from 'react';
import { useSession } from '../../fhir/FhirProvider';
import {
  clearRecentPatients,
  readRecentPatients,
  recentPatientsKey,
  recordRecentPatient,
} from './recent-patients';

/** The recent-patients list (ids) for the signed-in server + user. */
export function useRecentPatients() {
  const session = useSession();
  const key = recentPatientsKey(session.server.id, session.user.key);
  // Re-read whenever the key changes or this hook wrote to the list.
  const [state, setState] = useState(() => ({ key, patients: readRecentPatients(key) }));
  const patients = state.key === key ? state.patients : readRecentPatients(key);
  const reload = useCallback(() => setState({ key, patients: readRecentPatients(key) }), [key]);

  const record = useCallback(
    (patientId: string | undefined) => {
      if (!patientId) return;
      try {
        recordRecentPatient(key, patientId);
      } catch {
        return; // an id that is not a FHIR id is not remembered
      }
      reload();
    },
    [key, reload],
  );

  const clear = useCallback(() => {
    clearRecentPatients(key);
    reload();
  }, [key, reload]);

  return { patients, record, clear };
}
