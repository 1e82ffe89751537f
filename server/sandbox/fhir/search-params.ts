/**
 * The search parameters this server understands, per resource type, as value extractors.
 * A deliberate subset of https://hl7.org/fhir/R4/searchparameter-registry.html: what the
 * workstation and common SMART apps query. Anything else is reported back as unsupported.
 */
import { isRecord } from './types';
import type { StoredResource } from './types';

export type ParamKind = 'token' | 'date' | 'reference' | 'string';

export interface ParamDef {
  kind: ParamKind;
  /** Values to match: tokens as {system?, code}, dates as strings, references as strings. */
  values: (r: StoredResource) => unknown[];
}

function at(r: Record<string, unknown>, path: string): unknown[] {
  let current: unknown[] = [r];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (!isRecord(item)) continue;
      const v = item[key];
      if (Array.isArray(v)) next.push(...(v as unknown[]));
      else if (v !== undefined && v !== null) next.push(v);
    }
    current = next;
  }
  return current;
}

const paths =
  (...ps: string[]) =>
  (r: StoredResource): unknown[] =>
    ps.flatMap((p) => at(r, p));

/** The date that orders a resource on a timeline and answers `date=`/`_sort=date`. */
const CLINICAL_DATE_PATHS = [
  'effectiveDateTime',
  'effectivePeriod.start',
  'effectiveInstant',
  'onsetDateTime',
  'onsetPeriod.start',
  'performedDateTime',
  'performedPeriod.start',
  'occurrenceDateTime',
  'authoredOn',
  'started',
  'createdDateTime',
  'period.start',
  'date',
  'recordedDate',
  'issued',
  'created',
  'billablePeriod.start',
  'dateAsserted',
  'birthDate',
];

export function clinicalDate(r: Record<string, unknown>): string | undefined {
  for (const p of CLINICAL_DATE_PATHS) {
    const v = at(r, p)[0];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

const clinicalDateValues = (r: StoredResource): unknown[] => {
  const d = clinicalDate(r);
  return d === undefined ? [] : [d];
};

const COMMON: Record<string, ParamDef> = {
  _id: { kind: 'token', values: (r) => [r.id] },
  _lastUpdated: { kind: 'date', values: (r) => [r.meta.lastUpdated] },
};

const CLINICAL: Record<string, ParamDef> = {
  // Task names its patient in `for` (R4 Task `patient` = Task.for).
  patient: {
    kind: 'reference',
    values: paths('subject.reference', 'patient.reference', 'for.reference'),
  },
  subject: { kind: 'reference', values: paths('subject.reference', 'patient.reference') },
  encounter: {
    kind: 'reference',
    values: paths('encounter.reference', 'context.encounter.reference'),
  },
  code: {
    kind: 'token',
    values: paths('code', 'medicationCodeableConcept', 'vaccineCode', 'type'),
  },
  category: { kind: 'token', values: paths('category') },
  date: { kind: 'date', values: clinicalDateValues },
  status: { kind: 'token', values: paths('status') },
  'clinical-status': { kind: 'token', values: paths('clinicalStatus') },
  'verification-status': { kind: 'token', values: paths('verificationStatus') },
  criticality: { kind: 'token', values: paths('criticality') },
  intent: { kind: 'token', values: paths('intent') },
  identifier: { kind: 'token', values: paths('identifier') },
  'onset-date': { kind: 'date', values: paths('onsetDateTime', 'onsetPeriod.start') },
  authoredon: { kind: 'date', values: paths('authoredOn') },
  started: { kind: 'date', values: paths('started') },
  modality: { kind: 'token', values: paths('series.modality', 'modality') },
  type: { kind: 'token', values: paths('type') },
  'vaccine-code': { kind: 'token', values: paths('vaccineCode') },
  class: { kind: 'token', values: paths('class') },
  'component-code': { kind: 'token', values: paths('component.code') },
};

const NAMED: Record<string, ParamDef> = {
  name: { kind: 'string', values: paths('name') },
  family: { kind: 'string', values: paths('name.family') },
  given: { kind: 'string', values: paths('name.given') },
  identifier: { kind: 'token', values: paths('identifier') },
  gender: { kind: 'token', values: paths('gender') },
  active: { kind: 'token', values: paths('active') },
};

const PATIENT: Record<string, ParamDef> = {
  ...NAMED,
  birthdate: { kind: 'date', values: paths('birthDate') },
  'death-date': { kind: 'date', values: paths('deceasedDateTime') },
  language: { kind: 'token', values: paths('communication.language') },
  'general-practitioner': { kind: 'reference', values: paths('generalPractitioner.reference') },
  organization: { kind: 'reference', values: paths('managingOrganization.reference') },
  telecom: { kind: 'token', values: paths('telecom') },
};

const NON_CLINICAL = new Set([
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Medication',
  'Device',
]);

/** The parameters supported for a resource type (including `_id` and `_lastUpdated`). */
export function paramsFor(type: string): Record<string, ParamDef> {
  if (type === 'Patient') return { ...COMMON, ...PATIENT };
  if (NON_CLINICAL.has(type)) {
    return {
      ...COMMON,
      ...NAMED,
      code: { kind: 'token', values: paths('code') },
      patient: { kind: 'reference', values: paths('patient.reference') },
    };
  }
  return { ...COMMON, ...CLINICAL };
}

/** Result parameters handled by the search engine itself rather than as filters. */
export const CONTROL_PARAMS = new Set([
  '_count',
  '_sort',
  '_summary',
  '_total',
  '_format',
  '_pretty',
]);

/** Sort keys: `_sort=date|_lastUpdated|family|name|given|birthdate|_id` (with `-` for descending). */
export function sortKey(type: string, key: string): ((r: StoredResource) => string) | undefined {
  switch (key) {
    case 'date':
      return (r) => clinicalDate(r) ?? '';
    case '_lastUpdated':
      return (r) => r.meta.lastUpdated;
    case '_id':
      return (r) => r.id;
    case 'birthdate':
      return type === 'Patient'
        ? (r) => (typeof r.birthDate === 'string' ? r.birthDate : '')
        : undefined;
    case 'family':
    case 'name':
      return (r) => {
        const n = at(r, 'name')[0];
        if (!isRecord(n)) return '';
        const family = typeof n.family === 'string' ? n.family : '';
        const given = Array.isArray(n.given) ? n.given.join(' ') : '';
        return `${family} ${given}`.toLowerCase();
      };
    case 'given':
      return (r) => {
        const given = at(r, 'name.given')[0];
        return typeof given === 'string' ? given.toLowerCase() : '';
      };
    default:
      return undefined;
  }
}
