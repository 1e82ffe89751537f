/** The signed-in clinician as the author of monitoring actions. */
import type { Reference } from 'fhir/r4';
import { useSession } from '../../fhir/FhirProvider';

/** The signed-in clinician as a FHIR reference (author of every action). */
export function usePractitioner(): Reference {
  const { user } = useSession();
  return {
    ...(user.fhirUser ? { reference: user.fhirUser } : {}),
    display: user.display,
  };
}
