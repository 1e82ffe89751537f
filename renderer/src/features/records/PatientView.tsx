/**
 * The chart route (`#/patient/<id>`): the patient chart over the signed-in server's FHIR client.
 */
import { useFhir } from '../../fhir/FhirProvider';
import { useAuditChartOpened } from '../audit/useAuditChartOpened';
import { PatientChart } from './PatientChart';

export function PatientView(props: { patientId: string; section?: string }): React.JSX.Element {
  const fhir = useFhir();
  // Audit trail (issue 7): once per opening of this route (Shell keys it by patient).
  useAuditChartOpened(props.patientId);
  // key: a different patient starts from a fresh state (tab, filters, loaded data).
  return (
    <PatientChart
      key={props.patientId}
      patientId={props.patientId}
      fhir={fhir}
      {...(props.section ? { section: props.section } : {})}
    />
  );
}
