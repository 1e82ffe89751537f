/**
 * What each `$summary` section takes from the local record and how its narrative table reads.
 * Problems: active Conditions. Allergies: active AllergyIntolerances, including an explicit
 * "no known allergy" statement. Medications: current MedicationStatements and
 * MedicationRequests. Immunizations: completed ones. Results and vital signs: the latest final
 * Observation of each code. Procedures: completed ones. Refuted and entered-in-error
 * statements never appear.
 */
import type { ResourceStore } from '../fhir/store';
import type { StoredResource } from '../fhir/types';
import { isRecord } from '../fhir/types';
import { conceptText, observationValueText, statusCode, str, whenText } from './summary-text';
import type { SectionKey } from './vocabulary';

export interface SectionSpec {
  key: SectionKey;
  title: string;
  /** Resource types the section reads; each needs read permission. */
  types: string[];
  select: (store: ResourceStore, patientId: string, type: string) => StoredResource[];
  headers: string[];
  row: (r: StoredResource, store: ResourceStore) => string[];
  /** Narrative and emptyReason text when a required section has nothing. */
  emptyText?: string;
}

/** At most this many results, vital signs or procedures (newest first). */
export const MAX_LISTED = 50;

const notRefuted = (r: StoredResource): boolean => {
  const v = statusCode(r.verificationStatus);
  return v !== 'entered-in-error' && v !== 'refuted';
};

const byStatus =
  (field: string, allowed: readonly string[]) =>
  (store: ResourceStore, patientId: string, type: string): StoredResource[] =>
    store.byPatientSorted(type, patientId).filter((r) => {
      const value = r[field];
      return typeof value === 'string' && allowed.includes(value);
    });

function hasCategory(r: StoredResource, code: string): boolean {
  const categories = Array.isArray(r.category) ? r.category.filter(isRecord) : [];
  return categories.some(
    (c) => Array.isArray(c.coding) && c.coding.some((x) => isRecord(x) && x.code === code),
  );
}

/**
 * The newest final Observation of each code in a category. An Observation filed under both
 * laboratory and vital-signs (a home glucose meter, say) is listed once, under results.
 */
const latestPerCode =
  (category: 'laboratory' | 'vital-signs') =>
  (store: ResourceStore, patientId: string, type: string): StoredResource[] => {
    const seen = new Set<string>();
    const out: StoredResource[] = [];
    for (const r of store.byPatientSorted(type, patientId)) {
      if (!hasCategory(r, category)) continue;
      if (category === 'vital-signs' && hasCategory(r, 'laboratory')) continue;
      if (!['final', 'amended', 'corrected'].includes(String(r.status))) continue;
      const key = codeKey(r.code);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
      if (out.length >= MAX_LISTED) break;
    }
    return out;
  };

function codeKey(v: unknown): string {
  if (isRecord(v) && Array.isArray(v.coding) && isRecord(v.coding[0]))
    return `${String(v.coding[0].system)}|${String(v.coding[0].code)}`;
  return conceptText(v);
}

function reactionText(r: StoredResource): string {
  const reactions = Array.isArray(r.reaction) ? r.reaction.filter(isRecord) : [];
  return reactions
    .map((x) => {
      const manifestations = Array.isArray(x.manifestation)
        ? x.manifestation.map(conceptText).join(', ')
        : '';
      const severity = str(x.severity);
      return severity ? `${manifestations} (${severity})` : manifestations;
    })
    .join('; ');
}

/** The medicine's name: the coded concept, else the referenced Medication's code, else its display. */
function medicineText(r: StoredResource, store: ResourceStore): string {
  if (r.medicationCodeableConcept !== undefined) return conceptText(r.medicationCodeableConcept);
  const ref = isRecord(r.medicationReference) ? r.medicationReference : undefined;
  const target =
    typeof ref?.reference === 'string' ? /Medication\/([^/]+)$/.exec(ref.reference) : null;
  const medication = target?.[1] ? store.get('Medication', target[1]) : undefined;
  return (
    (medication ? conceptText(medication.code) : '') ||
    str(ref?.display) ||
    'Medicine not named in the record'
  );
}

function dosageText(r: StoredResource): string {
  const list: unknown = r.dosage ?? r.dosageInstruction;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  return isRecord(first) ? (str(first.text) ?? '') : '';
}

const WHEN = ['effectiveDateTime', 'effectivePeriod', 'issued'] as const;

export const SECTION_SPECS: readonly SectionSpec[] = [
  {
    key: 'problems',
    title: 'Active problems',
    types: ['Condition'],
    select: (store, patientId, type) =>
      store
        .byPatientSorted(type, patientId)
        .filter(
          (r) =>
            ['active', 'recurrence', 'relapse'].includes(statusCode(r.clinicalStatus) ?? '') &&
            notRefuted(r),
        ),
    headers: ['Problem', 'Onset', 'Status'],
    row: (r) => [
      conceptText(r.code),
      whenText(r, ['onsetDateTime', 'onsetPeriod', 'onsetString', 'recordedDate']),
      statusCode(r.clinicalStatus) ?? '',
    ],
    emptyText: 'No active problems are recorded.',
  },
  {
    key: 'allergies',
    title: 'Allergies and intolerances',
    types: ['AllergyIntolerance'],
    select: (store, patientId, type) =>
      store.byPatientSorted(type, patientId).filter((r) => {
        const clinical = statusCode(r.clinicalStatus);
        return (clinical === undefined || clinical === 'active') && notRefuted(r);
      }),
    headers: ['Substance', 'Reaction', 'Criticality', 'Recorded'],
    row: (r) => [
      conceptText(r.code),
      reactionText(r),
      str(r.criticality) ?? '',
      whenText(r, ['onsetDateTime', 'recordedDate']),
    ],
    emptyText: 'No information about allergies is recorded.',
  },
  {
    key: 'medications',
    title: 'Medication summary',
    types: ['MedicationStatement', 'MedicationRequest'],
    select: (store, patientId, type) =>
      byStatus(
        'status',
        type === 'MedicationStatement' ? ['active', 'intended', 'on-hold'] : ['active', 'on-hold'],
      )(store, patientId, type),
    headers: ['Medicine', 'Status', 'Dosage', 'Since'],
    row: (r, store) => [
      medicineText(r, store),
      str(r.status) ?? '',
      dosageText(r),
      whenText(r, ['effectiveDateTime', 'effectivePeriod', 'authoredOn', 'dateAsserted']),
    ],
    emptyText: 'No current medicines are recorded.',
  },
  {
    key: 'immunizations',
    title: 'Immunizations',
    types: ['Immunization'],
    select: byStatus('status', ['completed']),
    headers: ['Vaccine', 'Date'],
    row: (r) => [
      conceptText(r.vaccineCode),
      whenText(r, ['occurrenceDateTime', 'occurrenceString']),
    ],
  },
  {
    key: 'results',
    title: 'Results',
    types: ['Observation'],
    select: latestPerCode('laboratory'),
    headers: ['Test', 'Result', 'Date'],
    row: (r) => [conceptText(r.code), observationValueText(r), whenText(r, WHEN)],
  },
  {
    key: 'vitalSigns',
    title: 'Vital signs',
    types: ['Observation'],
    select: latestPerCode('vital-signs'),
    headers: ['Measurement', 'Value', 'Date'],
    row: (r) => [conceptText(r.code), observationValueText(r), whenText(r, WHEN)],
  },
  {
    key: 'procedures',
    title: 'Procedures',
    types: ['Procedure'],
    select: (store, patientId, type) =>
      byStatus('status', ['completed'])(store, patientId, type).slice(0, MAX_LISTED),
    headers: ['Procedure', 'Date'],
    row: (r) => [conceptText(r.code), whenText(r, ['performedDateTime', 'performedPeriod'])],
  },
];
