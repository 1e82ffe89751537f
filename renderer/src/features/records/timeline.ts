/**
 * The clinical date and a one-line summary of each resource, for the Timeline tab.
 * The date chosen is when it happened to the patient (onset, effective, performed, period
 * start), not when it was recorded, falling back to the recorded date.
 */
import type { FhirResource } from 'fhir/r4';
import { formatCodeableConcept } from '../../../../shared/fhir/codings';
import { fhirDateToEpoch } from '../../../../shared/fhir/dates';
import { observationDate, toPoint } from '../../../../shared/fhir/observations';
import type { ResourceIndex } from '../../../../shared/fhir/references';
import { isEnteredInError } from '../../../../shared/fhir/status';
import { medicationName } from './chart-model';

/** The clinical date of a resource as sent, or undefined when it has none. */
export function clinicalDate(r: FhirResource): string | undefined {
  switch (r.resourceType) {
    case 'Observation':
      return observationDate(r);
    case 'Condition':
      return r.onsetDateTime ?? r.onsetPeriod?.start ?? r.recordedDate;
    case 'AllergyIntolerance':
      return r.onsetDateTime ?? r.onsetPeriod?.start ?? r.recordedDate;
    case 'MedicationRequest':
      return r.authoredOn;
    case 'MedicationStatement':
      return r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.dateAsserted;
    case 'MedicationAdministration':
      return r.effectiveDateTime ?? r.effectivePeriod?.start;
    case 'Immunization':
      return r.occurrenceDateTime ?? r.recorded;
    case 'Encounter':
      return r.period?.start ?? r.period?.end;
    case 'Procedure':
      return r.performedDateTime ?? r.performedPeriod?.start;
    case 'ImagingStudy':
      return r.started;
    case 'DocumentReference':
      return r.context?.period?.start ?? r.date;
    case 'DiagnosticReport':
      return r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued;
    case 'CarePlan':
    case 'CareTeam':
      return r.period?.start;
    case 'Goal':
      return r.startDate;
    default:
      return undefined;
  }
}

/** A one-line description of a resource, built from its data (not translated). */
export function resourceSummary(
  r: FhirResource,
  index: ResourceIndex | undefined,
  serverBase?: string,
): string {
  switch (r.resourceType) {
    case 'Observation': {
      const value = toPoint(r).text;
      const name = formatCodeableConcept(r.code);
      return value ? `${name}: ${value}` : name;
    }
    case 'Condition':
    case 'AllergyIntolerance':
    case 'Procedure':
    case 'DiagnosticReport':
      return formatCodeableConcept(r.code);
    case 'MedicationRequest':
    case 'MedicationStatement':
      return medicationName(r, index, serverBase);
    case 'Immunization':
      return formatCodeableConcept(r.vaccineCode);
    case 'Encounter':
      return formatCodeableConcept(r.type?.[0]) || (r.class.display ?? r.class.code ?? '');
    case 'ImagingStudy':
      return r.description ?? r.modality?.map((m) => m.display ?? m.code).join(', ') ?? '';
    case 'DocumentReference':
      return r.description ?? formatCodeableConcept(r.type);
    case 'CarePlan':
      return formatCodeableConcept(r.category?.[0]) || (r.title ?? '');
    default:
      return '';
  }
}

export interface TimelineEntry {
  resource: FhirResource;
  date: string | undefined;
  epoch: number | undefined;
}

/**
 * Every resource with a clinical date, newest first; undated and entered-in-error ones are left
 * out (an entered-in-error record never happened to the patient).
 */
export function buildTimeline(resources: readonly FhirResource[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const resource of resources) {
    if (resource.resourceType === 'Patient' || isEnteredInError(resource)) continue;
    const date = clinicalDate(resource);
    const epoch = fhirDateToEpoch(date);
    if (epoch !== undefined) entries.push({ resource, date, epoch });
  }
  return entries.sort((a, b) => (b.epoch ?? 0) - (a.epoch ?? 0));
}
