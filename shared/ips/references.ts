/**
 * Reference resolution inside a document Bundle, following FHIR's rules first and then, clearly
 * marked as lenient, the shortcuts real IPS documents need (a relative `Condition/123` pointing
 * at an entry whose fullUrl is `urn:uuid:123`, or at an entry on another base URL).
 *
 * Order (R4 Bundle §"Resolving references in Bundles"):
 * 1. `#id` → a resource contained in the referring resource (`#` alone: the container itself);
 * 2. absolute (`urn:uuid:`, `urn:oid:`, `https://…`) → the entry with exactly that fullUrl;
 * 3. relative `Type/id` → the referring entry's RESTful base + `Type/id` as a fullUrl;
 * 4. lenient: an entry whose fullUrl ends in `/Type/id`, or whose resource is `Type` with `id`
 *    — exactly one candidate, else ambiguous.
 * Version-specific references (`…/_history/2`) must match `meta.versionId` when the target has one.
 * @see https://hl7.org/fhir/R4/bundle.html#references
 * @see https://hl7.org/fhir/R4/references.html
 */
import type { FhirResource, Reference } from 'fhir/r4';
import type { IpsEntry } from './model';

export interface ReferenceIndex {
  readonly byIndex: ReadonlyMap<number, IpsEntry>;
  /** Exact `fullUrl` → entry positions (more than one means duplicates). */
  readonly byFullUrl: ReadonlyMap<string, readonly number[]>;
  /** `Type/id` of each resource → entry positions. */
  readonly byTypeId: ReadonlyMap<string, readonly number[]>;
  /** `Type/id` at the end of a RESTful fullUrl → entry positions. */
  readonly byFullUrlTail: ReadonlyMap<string, readonly number[]>;
}

/** How a reference was matched. `fullUrl`, `base-relative` and `contained` follow the spec. */
export type ResolvedVia = 'fullUrl' | 'base-relative' | 'contained' | 'fullUrl-tail' | 'type-id';

export interface ResolvedTarget {
  /** The entry holding the target (for `contained`, the container entry). */
  readonly entryIndex: number;
  readonly resource: FhirResource;
  readonly via: ResolvedVia;
  readonly contained: boolean;
  /** True when only the lenient rule (4) matched: the sender's Bundle is not conformant here. */
  readonly lenient: boolean;
}

export type ReferenceFailureReason =
  | 'no-literal-reference'
  | 'malformed'
  | 'not-found'
  | 'ambiguous'
  | 'version-mismatch'
  | 'contained-not-found';

export type ResolveResult =
  | { readonly ok: true; readonly target: ResolvedTarget }
  | {
      readonly ok: false;
      readonly reason: ReferenceFailureReason;
      readonly reference: string | undefined;
      /** Entry positions that matched equally well (ambiguous) or matched but with another version. */
      readonly candidates: readonly number[];
      readonly message: string;
    };

const TYPE_ID = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;
const HISTORY = /^(.*)\/_history\/([A-Za-z0-9\-.]{1,64})$/;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const RESTFUL_TAIL =
  /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/** Lookup tables over the document's entries; built once per document. */
export function buildReferenceIndex(entries: readonly IpsEntry[]): ReferenceIndex {
  const byIndex = new Map<number, IpsEntry>();
  const byFullUrl = new Map<string, number[]>();
  const byTypeId = new Map<string, number[]>();
  const byFullUrlTail = new Map<string, number[]>();
  for (const entry of entries) {
    byIndex.set(entry.index, entry);
    if (entry.fullUrl !== undefined) {
      push(byFullUrl, entry.fullUrl, entry.index);
      const tail = /^https?:\/\//i.test(entry.fullUrl) ? RESTFUL_TAIL.exec(entry.fullUrl) : null;
      if (tail?.[1] && tail[2]) push(byFullUrlTail, `${tail[1]}/${tail[2]}`, entry.index);
    }
    if (entry.id !== undefined) push(byTypeId, `${entry.resourceType}/${entry.id}`, entry.index);
  }
  return { byIndex, byFullUrl, byTypeId, byFullUrlTail };
}

function fail(
  reason: ReferenceFailureReason,
  reference: string | undefined,
  message: string,
  candidates: readonly number[] = [],
): ResolveResult {
  return { ok: false, reason, reference, candidates, message };
}

function versionOf(resource: FhirResource): string | undefined {
  const v = (resource as { meta?: { versionId?: unknown } }).meta?.versionId;
  return typeof v === 'string' ? v : undefined;
}

/** The RESTful base of an absolute fullUrl (`https://x/fhir/Patient/1` → `https://x/fhir`). */
export function restfulBase(fullUrl: string | undefined): string | undefined {
  if (fullUrl === undefined || !/^https?:\/\//i.test(fullUrl)) return undefined;
  const m = RESTFUL_TAIL.exec(fullUrl);
  return m ? fullUrl.slice(0, m.index) : undefined;
}

function pick(
  index: ReferenceIndex,
  candidates: readonly number[],
  reference: string,
  version: string | undefined,
  via: ResolvedVia,
  lenient: boolean,
): ResolveResult | undefined {
  if (candidates.length === 0) return undefined;
  let chosen = candidates;
  if (version !== undefined) {
    // A versioned reference may pick one of several versions of the same resource.
    const matching = candidates.filter((i) => {
      const entry = index.byIndex.get(i);
      const v = entry ? versionOf(entry.resource) : undefined;
      return v === undefined || v === version;
    });
    if (matching.length === 0) {
      return fail(
        'version-mismatch',
        reference,
        `${reference} asks for version ${version}, but the document holds another version.`,
        candidates,
      );
    }
    chosen = matching;
  }
  if (chosen.length > 1) {
    return fail(
      'ambiguous',
      reference,
      `${reference} matches ${chosen.length} entries, so it cannot be resolved safely.`,
      chosen,
    );
  }
  const entryIndex = chosen[0];
  const entry = entryIndex === undefined ? undefined : index.byIndex.get(entryIndex);
  if (!entry) return undefined;
  return {
    ok: true,
    target: { entryIndex: entry.index, resource: entry.resource, via, contained: false, lenient },
  };
}

function resolveContained(index: ReferenceIndex, reference: string, from: number): ResolveResult {
  const container = index.byIndex.get(from);
  if (!container)
    return fail('contained-not-found', reference, `${reference}: no referring entry.`);
  const id = reference.slice(1);
  if (id === '') {
    const target = { entryIndex: from, resource: container.resource, via: 'contained' as const };
    return { ok: true, target: { ...target, contained: false, lenient: false } };
  }
  const contained = (container.resource as { contained?: unknown }).contained;
  const found = Array.isArray(contained)
    ? contained.find(
        (c: unknown): c is FhirResource =>
          typeof c === 'object' &&
          c !== null &&
          (c as { id?: unknown }).id === id &&
          typeof (c as { resourceType?: unknown }).resourceType === 'string',
      )
    : undefined;
  if (!found) {
    return fail('contained-not-found', reference, `${reference} names no contained resource.`);
  }
  return {
    ok: true,
    target: {
      entryIndex: from,
      resource: found,
      via: 'contained',
      contained: true,
      lenient: false,
    },
  };
}

/**
 * Resolves a reference made by the entry at position `from` (needed for `#id` and for relative
 * references against the referring entry's base). Never throws; a failure says why.
 */
export function resolveReference(
  index: ReferenceIndex,
  ref: Reference | string | undefined,
  from: number | undefined,
): ResolveResult {
  const raw = typeof ref === 'string' ? ref : ref?.reference;
  if (typeof raw !== 'string' || raw.trim() === '') {
    return fail(
      'no-literal-reference',
      undefined,
      'The reference has no literal target (only an identifier or a display text).',
    );
  }
  const reference = raw.trim();
  if (reference.startsWith('#')) {
    if (from === undefined)
      return fail('contained-not-found', reference, `${reference}: no container.`);
    return resolveContained(index, reference, from);
  }
  const versioned = HISTORY.exec(reference);
  const target = versioned?.[1] ?? reference;
  const version = versioned?.[2];

  // A fullUrl must be absolute; an exact match on a relative one is accepted but marked lenient.
  const exactLenient = !ABSOLUTE.test(target);
  const exact = pick(
    index,
    index.byFullUrl.get(target) ?? [],
    reference,
    version,
    'fullUrl',
    exactLenient,
  );
  if (exact) return exact;
  if (ABSOLUTE.test(target)) {
    return fail('not-found', reference, `No entry has the fullUrl ${target}.`);
  }
  const typeId = TYPE_ID.exec(target);
  if (!typeId) {
    return fail('malformed', reference, `${reference} is neither a URL nor a Type/id reference.`);
  }
  const fromEntry = from === undefined ? undefined : index.byIndex.get(from);
  const base = restfulBase(fromEntry?.fullUrl);
  if (base !== undefined) {
    const url = `${base}/${target}`;
    const onBase = pick(
      index,
      index.byFullUrl.get(url) ?? [],
      reference,
      version,
      'base-relative',
      false,
    );
    if (onBase) return onBase;
  }
  const tail = index.byFullUrlTail.get(target) ?? [];
  const byId = index.byTypeId.get(target) ?? [];
  const lenient = [...new Set([...tail, ...byId])];
  const via: ResolvedVia = byId.length > 0 ? 'type-id' : 'fullUrl-tail';
  return (
    pick(index, lenient, reference, version, via, true) ??
    fail('not-found', reference, `No entry in the document is ${target}.`)
  );
}

/** A `reference` found in a resource, with its FHIRPath-like location. */
export interface FoundReference {
  readonly path: string;
  readonly reference: Reference;
}

/**
 * Every object with a string `reference` inside a resource (contained resources, extensions
 * and sections included), in document order. Iterative, so hostile nesting cannot overflow the
 * stack.
 */
export function collectReferences(resource: FhirResource): FoundReference[] {
  const found: FoundReference[] = [];
  const stack: { value: unknown; path: string }[] = [
    { value: resource, path: resource.resourceType },
  ];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const { value, path } = item;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) {
        stack.push({ value: value[i] as unknown, path: `${path}[${i}]` });
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    if (typeof record.reference === 'string') found.push({ path, reference: record });
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i];
      if (key === undefined || key === 'reference') continue;
      const child = record[key];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, path: `${path}.${key}` });
    }
  }
  return found;
}
