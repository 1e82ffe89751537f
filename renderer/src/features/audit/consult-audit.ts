/**
 * The audit event of a consult's start or end: the patient, and the consult's Encounter as
 * the record touched (created at the start, updated at the end). Kept here so the consult
 * dock needs one line per event.
 */
import type { Encounter } from 'fhir/r4';
import type { AuditEventInput } from './record-audit';

export function consultAuditEvent(
  action: 'consult-started' | 'consult-ended',
  patientId: string,
  encounter: Pick<Encounter, 'id'>,
): AuditEventInput {
  return {
    action,
    patient: `Patient/${patientId}`,
    ...(encounter.id
      ? { entity: { reference: `Encounter/${encounter.id}`, type: 'Encounter' } }
      : {}),
  };
}
