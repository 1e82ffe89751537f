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
const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Splits `Type/id` (also at the end of an absolute URL) into its parts. This says nothing about
 * *which server* holds the resource; use {@link localReference} before reading or resolving.
 */
export function parseReference(reference: string): { type: string; id: string } | undefined {
  const m = TYPE_ID.exec(reference);
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : undefined;
}

/**
 * The path of `url` below `serverBase` (without leading slash), or undefined when the URL is on
 * another server, carries a query or fragment, or is not a URL.
 */
export function pathUnderBase(url: string, serverBase: string): string | undefined {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(`${serverBase.trim().replace(/\/+$/, '')}/`);
  } catch {
    return undefined;
  }
  if (target.origin !== base.origin || target.search !== '' || target.hash !== '') return undefined;
  if (!target.pathname.startsWith(base.pathname)) return undefined;
  return target.pathname.slice(base.pathname.length);
}

/**
 * `Type/id` of a reference that names a resource on the signed-in server: a relative reference
 * (`Patient/1`, `Binary/42/_history/2`), or an absolute URL under `serverBase`. An absolute URL on
 * another server, or any absolute URL when `serverBase` is unknown, gives undefined: its `Type/id`
 * names *another* server's resource, which must never be read from or matched against ours.
 * @see https://hl7.org/fhir/R4/references.html#literal
 */
export function localReference(
  reference: string,
  serverBase: string | undefined,
): { type: string; id: string } | undefined {
  const ref = reference.trim();
  let path: string | undefined = ref;
  if (ABSOLUTE.test(ref)) {
    if (!serverBase || !/^https?:\/\//i.test(ref)) return undefined;
    path = pathUnderBase(ref, serverBase);
    if (path === undefined) return undefined;
  }
  const m = RELATIVE.exec(path);
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : undefined;
}

export interface ResolveContext {
  index?: ResourceIndex;
  /** The resource holding the reference: its `contained` answers `#id`. */
  container?: { contained?: readonly Resource[] | undefined };
  /**
   * Base URL of the signed-in server the resources came from (`FhirApi.serverUrl`). Absolute
   * references resolve by `Type/id` only when they are under this base; without it, they do not
   * resolve at all (except an exact `Bundle.entry.fullUrl` match).
   */
  serverBase?: string | undefined;
}

/**
 * The resource a reference points to, or undefined when it is not available locally.
 * Resolves `#id` (contained), an exact `fullUrl`, `urn:uuid:`/`urn:oid:`, relative `Type/id`,
 * and absolute URLs under {@link ResolveContext.serverBase}. Logical references (`identifier`
 * only) are never resolved: they name no resource.
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
  // An exact fullUrl match is the Bundle's own statement of which entry this is.
  const byUrl = index.byFullUrl.get(reference);
  if (byUrl) return byUrl;
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
    return index.byId.get(reference.slice(reference.lastIndexOf(':') + 1));
  }
  const local = localReference(reference, ctx.serverBase);
  return local ? index.byTypeId.get(`${local.type}/${local.id}`) : undefined;
}

/**
 * True when the reference targets this resource of the signed-in server: `urn:uuid:<id>`,
 * relative `Type/id`, or an absolute URL under `serverBase` (see {@link localReference}).
 */
export function referencesResource(
  ref: Reference | undefined,
  target: Resource,
  serverBase?: string,
): boolean {
  const reference = ref?.reference;
  if (!reference || !target.id) return false;
  if (reference === `urn:uuid:${target.id}`) return true;
  const parsed = localReference(reference, serverBase);
  return parsed?.type === target.resourceType && parsed.id === target.id;
}
