import type { Patient } from 'fhir/r4';
import { useCallback, useState } from 'react';
import { formatHumanName } from '../../../../shared/fhir/human-name';
import { useSession } from '../../fhir/FhirProvider';
import {
  clearRecentPatients,
  readRecentPatients,
  recentPatientsKey,
  recordRecentPatient,
  type RecentPatient,
} from './recent-patients';

/** The recent-patients list for the signed-in server + user. */
export function useRecentPatients() {
  const session = useSession();
  const key = recentPatientsKey(session.server.id, session.user.key);
  // Re-read whenever the key changes or this hook wrote to the list.
  const [state, setState] = useState(() => ({ key, patients: readRecentPatients(key) }));
  const patients = state.key === key ? state.patients : readRecentPatients(key);
  const reload = useCallback(() => setState({ key, patients: readRecentPatients(key) }), [key]);

  const record = useCallback(
    (patient: Patient | Omit<RecentPatient, 'openedAt'>) => {
      const entry =
        'resourceType' in patient
          ? {
              id: patient.id ?? '',
              name: formatHumanName(patient.name),
              ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
              ...(patient.gender ? { gender: patient.gender } : {}),
            }
          : patient;
      try {
        recordRecentPatient(key, entry);
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
