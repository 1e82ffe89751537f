/**
 * References inside a `$summary` document: every reference to a resource the document holds
 * is rewritten to that entry's `urn:uuid:` fullUrl, so the document stands alone
 * (https://hl7.org/fhir/R4/bundle.html#references). A reference to something the summary
 * leaves out (an Encounter, another server's resource) keeps only a `display` that says so,
 * rather than pointing nowhere.
 */
import { forEachReference, parseReference } from '../fhir/references';
import { isRecord } from '../fhir/types';

/**
 * `Type/id` for a reference into this server (relative, or absolute under `fhirBaseUrl`);
 * undefined for contained (`#x`), `urn:` and other servers' references.
 */
export function localKey(ref: string, fhirBaseUrl: string): string | undefined {
  let relative = ref;
  if (ref.startsWith(`${fhirBaseUrl}/`)) relative = ref.slice(fhirBaseUrl.length + 1);
  else if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
  const parsed = parseReference(relative);
  return parsed ? `${parsed.type}/${parsed.id}` : undefined;
}

/** `Type/id` of every local reference in the resource (narrative and attachments skipped). */
export function localReferences(resource: unknown, fhirBaseUrl: string): string[] {
  const out: string[] = [];
  forEachReference(resource, (ref) => {
    const key = localKey(ref, fhirBaseUrl);
    if (key !== undefined) out.push(key);
  });
  return out;
}

/**
 * A deep copy with references rewritten: `urnFor(key)` gives the fullUrl of an entry the
 * document holds; contained references stay; anything else becomes display-only.
 */
export function relink(
  value: unknown,
  fhirBaseUrl: string,
  urnFor: (key: string) => string | undefined,
): unknown {
  if (Array.isArray(value)) return value.map((v) => relink(v, fhirBaseUrl, urnFor));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = relink(v, fhirBaseUrl, urnFor);
  const ref = value.reference;
  if (typeof ref !== 'string' || ref.startsWith('#')) return out;
  const key = localKey(ref, fhirBaseUrl);
  const urn = key === undefined ? undefined : urnFor(key);
  if (urn !== undefined) {
    out.reference = urn;
    return out;
  }
  delete out.reference;
  const display = typeof value.display === 'string' ? value.display : undefined;
  out.display = display ?? `${ref} (not included in this summary)`;
  return out;
}
