/**
 * `Patient/{id}/$everything` (https://hl7.org/fhir/R4/patient-operation-everything.html):
 * the Patient, every resource in its compartment (grouped by type, newest first), then the
 * Practitioners, Organizations, Medications… the record references. Supports `_since`
 * (meta.lastUpdated ≥), `_type` (comma list) and `_count`; paged like searches.
 */
import { HttpError } from '../http/errors';
import { dateRange } from './dates';
import { patientIdOf } from './references';
import type { ResourceStore } from './store';
import type { StoredResource } from './types';

export function everything(
  store: ResourceStore,
  patientId: string,
  query: URLSearchParams,
): StoredResource[] {
  const patient = store.get('Patient', patientId);
  if (!patient) throw new HttpError(404, `Patient/${patientId} not found`);
  const since = query.get('_since');
  let sinceMs: number | undefined;
  if (since !== null && since !== '') {
    const range = dateRange(since);
    if (!range) throw new HttpError(400, `Invalid _since "${since}": expected a FHIR instant`);
    sinceMs = range.start;
  }
  const typeParam = query.get('_type');
  const types = typeParam ? new Set(typeParam.split(',').map((t) => t.trim())) : undefined;
  const wanted = (r: StoredResource): boolean =>
    (types === undefined || types.has(r.resourceType)) &&
    (sinceMs === undefined || Date.parse(r.meta.lastUpdated) >= sinceMs);

  const out: StoredResource[] = [];
  if (wanted(patient)) out.push(patient);
  for (const type of store.compartmentTypes(patientId).sort()) {
    if (type === 'Patient' || (types !== undefined && !types.has(type))) continue;
    for (const r of store.byPatientSorted(type, patientId)) if (wanted(r)) out.push(r);
  }
  for (const key of store.referencedBy(patientId)) {
    const slash = key.indexOf('/');
    const r = store.get(key.slice(0, slash), key.slice(slash + 1));
    // A Device with `patient` is in the compartment too and already listed above.
    if (r && wanted(r) && patientIdOf(r) !== patientId) out.push(r);
  }
  return out;
}
