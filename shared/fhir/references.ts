/**
 * Reference resolution, pure: relative (`Patient/1`), absolute (`https://x/fhir/Patient/1`),
 * `urn:uuid:` inside a Bundle (by `fullUrl`) and contained (`#id`).
 * @see https://hl7.org/fhir/R4/references.html
 * @see https://hl7.org/fhir/R4/bundle.html#references
 */
import type { Bundle, FhirResource, Reference, Resource } from 'fhir/r4';

/** Lookup tables over a set of resources, built once per chart load. */
export interface ResourceIndex {
  /** `Type/id` → resource. */
  readonly byTypeId: ReadonlyMap<string, FhirResource>;
  /** `Bundle.entry.fullUrl` → resource. */
  readonly byFullUrl: ReadonlyMap<string, FhirResource>;
  /** Plain id → resource, used for `urn:uuid:<id>` when the entry had no fullUrl (Synthea ids equal the uuid). */
  readonly byId: ReadonlyMap<string, FhirResource>;
}

export interface IndexEntry {
  resource: FhirResource;
  fullUrl?: string;
}

/** Builds an index from bare resources or from `{ resource, fullUrl }` entries. */
export function buildResourceIndex(items: readonly (FhirResource | IndexEntry)[]): ResourceIndex {
  const byTypeId = new Map<string, FhirResource>();
  const byFullUrl = new Map<string, FhirResource>();
  const byId = new Map<string, FhirResource>();
  for (const item of items) {
    const entry: IndexEntry = 'resourceType' in item ? { resource: item } : item;
    const { resource } = entry;
    if (resource.id) {
      byTypeId.set(`${resource.resourceType}/${resource.id}`, resource);
      if (!byId.has(resource.id)) byId.set(resource.id, resource);
    }
    if (entry.fullUrl) byFullUrl.set(entry.fullUrl, resource);
  }
  return { byTypeId, byFullUrl, byId };
}

/** Builds an index from a Bundle's entries, keeping their fullUrls. */
export function indexBundle(bundle: Bundle<FhirResource>): ResourceIndex {
  const entries: IndexEntry[] = [];
  for (const e of bundle.entry ?? []) {
    if (e.resource)
      entries.push(
        e.fullUrl ? { resource: e.resource, fullUrl: e.fullUrl } : { resource: e.resource },
      );
  }
  return buildResourceIndex(entries);
}

const TYPE_ID =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Splits `Type/id` (also at the end of an absolute URL) into its parts. */
export function parseReference(reference: string): { type: string; id: string } | undefined {
  const m = TYPE_ID.exec(reference);
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : undefined;
}

export interface ResolveContext {
  index?: ResourceIndex;
  /** The resource holding the reference: its `contained` answers `#id`. */
  container?: { contained?: readonly Resource[] | undefined };
  /**
   * Base URL of the server the resources came from. An absolute reference to another base is
   * not looked up by `Type/id` (it names another server's resource).
   */
  serverBase?: string;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The resource a reference points to, or undefined when it is not available locally.
 * Logical references (`identifier` only) are never resolved: they name no resource.
 */
export function resolveReference(
  ref: Reference | string | undefined,
  ctx: ResolveContext,
): FhirResource | undefined {
  const reference = (typeof ref === 'string' ? ref : ref?.reference)?.trim();
  if (!reference) return undefined;
  if (reference.startsWith('#')) {
    const id = reference.slice(1);
    // Contained resources are full resources; the R4 typings declare them as the base type.
    return ctx.container?.contained?.find((c) => c.id === id) as FhirResource | undefined;
  }
  const index = ctx.index;
  if (!index) return undefined;
  const byUrl = index.byFullUrl.get(reference);
  if (byUrl) return byUrl;
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
    return index.byId.get(reference.slice(reference.lastIndexOf(':') + 1));
  }
  const parsed = parseReference(reference);
  if (!parsed) return undefined;
  if (/^https?:\/\//i.test(reference) && ctx.serverBase) {
    const tail = TYPE_ID.exec(reference);
    const base = tail ? reference.slice(0, tail.index) : reference;
    if (stripSlash(base) !== stripSlash(ctx.serverBase)) return undefined;
  }
  const found = index.byTypeId.get(`${parsed.type}/${parsed.id}`);
  return found;
}

/** True when the reference targets this resource (by `Type/id`, fullUrl-style uuid, or absolute URL). */
export function referencesResource(ref: Reference | undefined, target: Resource): boolean {
  const reference = ref?.reference;
  if (!reference || !target.id) return false;
  if (reference === `urn:uuid:${target.id}`) return true;
  const parsed = parseReference(reference);
  return parsed?.type === target.resourceType && parsed.id === target.id;
}
