import type { Patient } from 'fhir/r4';
import { useCallback, useMemo, useState } from 'react';
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
  const [version, setVersion] = useState(0);
  const patients = useMemo(() => {
    void version;
    return readRecentPatients(key);
  }, [key, version]);

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
      setVersion((v) => v + 1);
    },
    [key],
  );

  const clear = useCallback(() => {
    clearRecentPatients(key);
    setVersion((v) => v + 1);
  }, [key]);

  return { patients, record, clear };
}
