/**
 * The search engine: picks a candidate list from the store's indexes (patient compartment,
 * `_id`), filters it with every supported parameter (AND across parameters, OR across
 * comma-separated values), then sorts. Parameters it does not know are returned so the
 * caller can report them (or refuse them under `Prefer: handling=strict`).
 */
import { HttpError } from '../http/errors';
import { isValidDateQuery, matchesParam, tokenKeys } from './match';
import { CONTROL_PARAMS, paramsFor, sortKey } from './search-params';
import type { ParamDef } from './search-params';
import type { ResourceStore } from './store';
import type { StoredResource } from './types';

export interface SearchResult {
  matches: StoredResource[];
  /** Parameters ignored because this server does not support them. */
  unsupported: string[];
}

/** Types whose instances live in a patient compartment (everything with patient/subject). */
export function isCompartmentType(type: string): boolean {
  return 'subject' in paramsFor(type) || type === 'Patient';
}

function referenceId(value: string): string {
  const slash = value.lastIndexOf('/');
  return slash >= 0 ? value.slice(slash + 1) : value;
}

/**
 * Runs a search. `patientConstraint` limits results to one patient's compartment (SMART
 * patient-level scopes); callers have already rejected queries naming another patient.
 */
export function searchResources(
  store: ResourceStore,
  type: string,
  query: URLSearchParams,
  patientConstraint?: string,
): SearchResult {
  const defs = paramsFor(type);
  const filters: { name: string; modifier?: string; value: string; def: ParamDef }[] = [];
  const unsupported: string[] = [];
  let sortSpec: string | undefined;
  for (const [rawKey, value] of query) {
    if (rawKey === '_sort') {
      sortSpec = value;
      continue;
    }
    if (CONTROL_PARAMS.has(rawKey) || rawKey.startsWith('_getpages')) continue;
    const [name = '', modifier] = rawKey.split(':', 2);
    const def = defs[name];
    if (!def) {
      unsupported.push(rawKey);
      continue;
    }
    if (def.kind === 'date' && modifier !== 'missing') {
      for (const alt of value.split(',')) {
        if (!isValidDateQuery(alt)) {
          throw new HttpError(400, `Invalid date value "${alt}" for search parameter "${name}"`);
        }
      }
    }
    filters.push({ name, modifier, value, def });
  }

  // Candidate list from an index, already date-sorted (newest first) when it is a compartment.
  let candidates: StoredResource[];
  let dateSorted = false;
  const patientFilter = filters.find(
    (f) =>
      (f.name === 'patient' || f.name === 'subject') &&
      f.modifier === undefined &&
      !f.value.includes(','),
  );
  const idFilter = filters.find(
    (f) => f.name === '_id' && f.modifier === undefined && !f.value.includes(','),
  );
  const compartmentPatient =
    patientConstraint ??
    (type !== 'Patient' && patientFilter ? referenceId(patientFilter.value) : undefined);
  if (type === 'Patient' && (patientConstraint ?? idFilter)) {
    const wanted = patientConstraint ?? idFilter?.value ?? '';
    const one = store.get('Patient', wanted);
    candidates = one ? [one] : [];
  } else if (compartmentPatient !== undefined && isCompartmentType(type)) {
    candidates = store.byPatientSorted(type, compartmentPatient);
    dateSorted = true;
  } else if (idFilter) {
    const one = store.get(type, idFilter.value);
    candidates = one ? [one] : [];
  } else {
    candidates = store.all(type);
  }

  // The compartment index already guarantees the patient filter that selected it.
  const active = filters.filter(
    (f) => !(dateSorted && f === patientFilter && referenceId(f.value) === compartmentPatient),
  );
  let matches =
    active.length === 0
      ? candidates
      : candidates.filter((r) =>
          active.every((f) =>
            matchesParam(f.def.kind, f.value, r, f.name, () => f.def.values(r), f.modifier),
          ),
        );

  if (sortSpec !== undefined && sortSpec !== '') {
    const keys = sortSpec.split(',').map((s) => s.trim());
    if (dateSorted && keys.length === 1 && (keys[0] === '-date' || keys[0] === 'date')) {
      if (keys[0] === 'date') matches = [...matches].reverse();
    } else {
      matches = sortBy(type, matches, keys, unsupported);
    }
  }
  return { matches, unsupported };
}

function sortBy(
  type: string,
  list: StoredResource[],
  keys: string[],
  unsupported: string[],
): StoredResource[] {
  const getters: { get: (r: StoredResource) => string; desc: boolean }[] = [];
  for (const key of keys) {
    const desc = key.startsWith('-');
    const name = desc ? key.slice(1) : key;
    const get = sortKey(type, name);
    if (get) getters.push({ get, desc });
    else unsupported.push(`_sort=${key}`);
  }
  if (getters.length === 0) return list;
  const decorated = list.map((r) => ({ r, k: getters.map((g) => g.get(r)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < getters.length; i++) {
      const x = a.k[i] ?? '';
      const y = b.k[i] ?? '';
      if (x !== y) return (x < y ? -1 : 1) * (getters[i]?.desc ? -1 : 1);
    }
    return a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0;
  });
  return decorated.map((d) => d.r);
}

/** Token parameters pre-computed at start so the first chart query is as fast as the rest. */
const WARM_TOKENS = ['code', 'category'];

/**
 * Builds the date-sorted compartment lists and the token caches for code/category up front
 * (a few hundred ms at start) instead of on the clinician's first chart open.
 */
export function warmSearchIndexes(store: ResourceStore): void {
  for (const pid of store.patientIds()) {
    for (const type of store.compartmentTypes(pid)) {
      const defs = paramsFor(type);
      for (const r of store.byPatientSorted(type, pid)) {
        for (const name of WARM_TOKENS) {
          const def = defs[name];
          if (def?.kind === 'token') tokenKeys(r, name, () => def.values(r));
        }
      }
    }
  }
}
