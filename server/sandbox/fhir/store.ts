/**
 * The in-memory resource store and its indexes: by type and id, by patient compartment
 * (type → ids per patient), date-sorted lists per (type, patient) built lazily, and the
 * non-compartment resources (Practitioner, Organization, Medication…) each patient's record
 * points to, for $everything. Every write replaces the object, so handed-out resources never
 * change under a reader.
 */
import { randomUUID } from 'node:crypto';
import { forEachReference, parseReference, patientIdOf } from './references';
import { clinicalDate } from './search-params';
import type { IncomingResource, StoredResource } from './types';

/** Types pulled into $everything when the record references them. */
const REFERENCED_TYPES = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Medication',
  'Device',
]);

export class ResourceStore {
  private readonly byType = new Map<string, Map<string, StoredResource>>();
  /** patient id → type → ids in that patient's compartment. */
  private readonly compartments = new Map<string, Map<string, Set<string>>>();
  /** patient id → "Type/id" of referenced non-compartment resources. */
  private readonly referenced = new Map<string, Set<string>>();
  /** "type|patient" → resources sorted by clinical date, newest first (then id). */
  private readonly sortedCache = new Map<string, StoredResource[]>();
  private lastStamp = 0;
  /** Bumped on every write; lets callers cache derived data. */
  version = 0;
  /**
   * Called with each new version before it becomes visible, so a durable journal can record it
   * first (write-ahead): if this throws, the store is unchanged and nobody has seen the write.
   * Set after start-up loading, so only client writes reach it.
   */
  writeAhead: ((stored: StoredResource) => void) | undefined;

  get(type: string, id: string): StoredResource | undefined {
    return this.byType.get(type)?.get(id);
  }

  all(type: string): StoredResource[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  count(type: string): number {
    return this.byType.get(type)?.size ?? 0;
  }

  /** Ids of every patient with a compartment (including ones whose Patient is missing). */
  patientIds(): string[] {
    return [...this.compartments.keys()];
  }

  /** Types present in a patient's compartment. */
  compartmentTypes(patientId: string): string[] {
    return [...(this.compartments.get(patientId)?.keys() ?? [])];
  }

  /** The patient's resources of one type, newest clinical date first. */
  byPatientSorted(type: string, patientId: string): StoredResource[] {
    const key = `${type}|${patientId}`;
    const cached = this.sortedCache.get(key);
    if (cached) return cached;
    const ids = this.compartments.get(patientId)?.get(type) ?? new Set<string>();
    const list: { r: StoredResource; d: string }[] = [];
    for (const id of ids) {
      const r = this.get(type, id);
      if (r) list.push({ r, d: clinicalDate(r) ?? '' });
    }
    list.sort((a, b) =>
      a.d < b.d ? 1 : a.d > b.d ? -1 : a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0,
    );
    const sorted = list.map((x) => x.r);
    this.sortedCache.set(key, sorted);
    return sorted;
  }

  /** "Type/id" of Practitioners, Organizations, Medications… the patient's record points to. */
  referencedBy(patientId: string): string[] {
    return [...(this.referenced.get(patientId) ?? [])].sort();
  }

  /**
   * Stores a resource as a new version. `lastUpdated` is the given stamp (generated data, loaded
   * bundles keep theirs for determinism) or now, never earlier than the previous write so
   * `_lastUpdated=gt<checkpoint>` sync never misses a write. A replayed journal entry passes
   * its `versionId` so the ETag a client was given stays the same after a restart.
   */
  put(
    input: IncomingResource,
    options: { lastUpdated?: string; versionId?: string } = {},
  ): StoredResource {
    const id = input.id ?? randomUUID();
    const previous = this.get(input.resourceType, id);
    const versionId =
      options.versionId ?? String(previous ? Number(previous.meta.versionId) + 1 : 1);
    let lastUpdated = options.lastUpdated;
    if (lastUpdated === undefined) {
      const stamp = Math.max(Date.now(), this.lastStamp + 1);
      this.lastStamp = stamp;
      lastUpdated = new Date(stamp).toISOString();
    } else {
      this.lastStamp = Math.max(this.lastStamp, Date.parse(lastUpdated) || 0);
    }
    const stored: StoredResource = {
      ...input,
      resourceType: input.resourceType,
      id,
      meta: { ...(input.meta ?? {}), versionId, lastUpdated },
    };
    this.writeAhead?.(stored);
    if (previous) this.unindex(previous);
    let typeMap = this.byType.get(stored.resourceType);
    if (!typeMap) {
      typeMap = new Map();
      this.byType.set(stored.resourceType, typeMap);
    }
    typeMap.set(id, stored);
    this.index(stored);
    this.version++;
    return stored;
  }

  private index(r: StoredResource): void {
    const pid = patientIdOf(r);
    if (pid === undefined) return;
    let byType = this.compartments.get(pid);
    if (!byType) {
      byType = new Map();
      this.compartments.set(pid, byType);
    }
    let ids = byType.get(r.resourceType);
    if (!ids) {
      ids = new Set();
      byType.set(r.resourceType, ids);
    }
    ids.add(r.id);
    this.sortedCache.delete(`${r.resourceType}|${pid}`);
    let refs = this.referenced.get(pid);
    forEachReference(r, (ref) => {
      const parsed = parseReference(ref);
      if (parsed && REFERENCED_TYPES.has(parsed.type)) {
        refs ??= new Set();
        refs.add(`${parsed.type}/${parsed.id}`);
      }
    });
    if (refs) this.referenced.set(pid, refs);
  }

  private unindex(r: StoredResource): void {
    const pid = patientIdOf(r);
    if (pid === undefined) return;
    this.compartments.get(pid)?.get(r.resourceType)?.delete(r.id);
    this.sortedCache.delete(`${r.resourceType}|${pid}`);
  }
}
