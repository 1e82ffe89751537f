/**
 * Where an IPS document comes from, as the document itself states it: its authors, the country
 * of the authoring (or custodian) organisation, its date, title and language. The chart lists
 * imported summaries by these, so a clinician can tell a German GP's summary from a summary the
 * local server generated. Everything is read as sent; nothing is inferred from the patient
 * (a visitor's home address says where they live, not who wrote the document).
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Composition-uv-ips.html
 */
import { z } from 'zod';
import type { FhirResource, HumanName } from 'fhir/r4';
import { formatOneHumanName } from '../fhir/human-name';
import type { IpsDocument } from './model';
import { resolveReference } from './references';
import { readReference, readString, valid } from './schemas';

/** Where {@link DocumentOrigin.country} was read. */
export type CountrySource = 'author-organization' | 'custodian' | 'author-person';

export interface DocumentOrigin {
  /** One display per `Composition.author`, in document order; empty when none is readable. */
  readonly authors: readonly string[];
  /** `address.country` as sent (an ISO 3166 code or a name), undefined when not stated. */
  readonly country: string | undefined;
  readonly countrySource: CountrySource | undefined;
  /** `Composition.date` as sent (never converted: a date-only value stays a date). */
  readonly date: string | undefined;
  readonly title: string | undefined;
  /** `Bundle.language`, else `Composition.language`. */
  readonly language: string | undefined;
}

type Json = Record<string, unknown>;

const humanNameSchema = z.looseObject({
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
  suffix: z.array(z.string()).optional(),
});

/** The first readable name; a malformed name is skipped, never half-read. */
function firstName(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const name of value as unknown[]) {
    if (!humanNameSchema.safeParse(name).success) continue;
    const text = formatOneHumanName(name as HumanName).trim();
    if (text !== '') return text;
  }
  return undefined;
}

/** The first non-empty `address[].country`. */
function countryOf(resource: FhirResource | undefined): string | undefined {
  const addresses = (resource as Json | undefined)?.address;
  const list: unknown[] = Array.isArray(addresses) ? addresses : [addresses];
  for (const a of list) {
    const country = readString((a as Json | undefined)?.country)?.trim();
    if (country) return country;
  }
  return undefined;
}

/** A human label for an author resource, by type; undefined when it carries no name. */
function labelOf(resource: FhirResource): string | undefined {
  const r = resource as unknown as Json;
  switch (resource.resourceType) {
    case 'Practitioner':
    case 'Patient':
    case 'RelatedPerson':
      return firstName(r.name);
    case 'Organization':
      return readString(r.name)?.trim() || undefined;
    case 'Device': {
      const names = Array.isArray(r.deviceName) ? (r.deviceName as unknown[]) : [];
      const first = names.map((n) => readString((n as Json | undefined)?.name)).find(Boolean);
      return first?.trim() || undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Reads the origin of a parsed document. A PractitionerRole author is shown as
 * "practitioner, organisation" and its organisation counts as the authoring organisation.
 */
export function documentOrigin(doc: IpsDocument): DocumentOrigin {
  const composition = doc.composition.resource as unknown as Json;
  const from = doc.composition.entryIndex;
  const resolve = (
    value: unknown,
    at: number,
  ): { resource: FhirResource; at: number } | undefined => {
    const ref = valid(readReference(value));
    if (!ref) return undefined;
    const r = resolveReference(doc.index, ref, at);
    return r.ok ? { resource: r.target.resource, at: r.target.entryIndex } : undefined;
  };

  const authors: string[] = [];
  const organizations: FhirResource[] = [];
  const people: FhirResource[] = [];
  const authorList = Array.isArray(composition.author) ? (composition.author as unknown[]) : [];
  for (const raw of authorList) {
    const display = valid(readReference(raw))?.display?.trim();
    const target = resolve(raw, from);
    let label: string | undefined;
    if (target?.resource.resourceType === 'PractitionerRole') {
      const role = target.resource as unknown as Json;
      const practitioner = resolve(role.practitioner, target.at);
      const organization = resolve(role.organization, target.at);
      if (organization) organizations.push(organization.resource);
      if (practitioner) people.push(practitioner.resource);
      const parts = [
        practitioner
          ? labelOf(practitioner.resource)
          : valid(readReference(role.practitioner))?.display,
        organization
          ? labelOf(organization.resource)
          : valid(readReference(role.organization))?.display,
      ].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
      label = parts.length > 0 ? parts.join(', ') : undefined;
    } else if (target) {
      if (target.resource.resourceType === 'Organization') organizations.push(target.resource);
      else people.push(target.resource);
      label = labelOf(target.resource);
    }
    const shown = label ?? display;
    if (shown) authors.push(shown);
  }

  let country: string | undefined;
  let countrySource: CountrySource | undefined;
  const pick = (candidates: readonly (FhirResource | undefined)[], source: CountrySource): void => {
    if (country !== undefined) return;
    for (const c of candidates) {
      const found = countryOf(c);
      if (found) {
        country = found;
        countrySource = source;
        return;
      }
    }
  };
  pick(organizations, 'author-organization');
  pick([resolve(composition.custodian, from)?.resource], 'custodian');
  pick(people, 'author-person');

  return {
    authors,
    country,
    countrySource,
    date: readString(composition.date),
    title: readString(composition.title),
    language: doc.bundle.language ?? readString(composition.language),
  };
}
