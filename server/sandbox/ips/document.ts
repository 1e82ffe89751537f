/**
 * Assembles an IPS document Bundle (https://hl7.org/fhir/uv/ips/StructureDefinition-Bundle-uv-ips.html):
 * `type: document`, the Composition first, then the Patient, authors and every resource the
 * sections point to, each once, all under `urn:uuid:` fullUrls. Shared by the home-country
 * documents and `$summary`, which differ only in where the entries come from.
 */
import {
  ACT_CLASS,
  EMPTY_REASONS,
  IPS_BUNDLE_PROFILE,
  IPS_COMPOSITION_PROFILE,
  LIST_EMPTY_REASON,
  LOINC,
  PATIENT_SUMMARY_TYPE,
  SECTIONS,
} from './vocabulary';
import type { EmptyReasonCode, SectionKey } from './vocabulary';

/** Any FHIR resource as JSON; the assembler only needs its type. */
export interface AnyResource {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}

export interface DocEntry {
  /** `urn:uuid:…` */
  fullUrl: string;
  resource: AnyResource;
}

export interface SectionInput {
  key: SectionKey;
  /** In the document's language. */
  title: string;
  /** The section's `text` (see narrative.ts). */
  text: { status: 'generated'; div: string };
  /** The resources the section lists; empty ⇒ `emptyReason` is required. */
  entries: DocEntry[];
  /** Why there are no entries, with a sentence in the document's language. */
  emptyReason?: { code: EmptyReasonCode; text: string };
}

export interface DocumentInput {
  bundleUuid: string;
  compositionUuid: string;
  /** BCP-47 tag of the document (Bundle.language and Composition.language). */
  language: string;
  /** Composition.date and Bundle.timestamp (an instant). */
  date: string;
  title: string;
  /** Composition.text: who and when, in the document's language. */
  text: { status: 'generated'; div: string };
  patient: DocEntry;
  /** Composition.author, in order (Practitioner, Organization, Device…). */
  authors: DocEntry[];
  /** Composition.custodian and a legal attester, when known. */
  custodian?: DocEntry;
  attester?: DocEntry;
  sections: SectionInput[];
  /** Resources the entries reference that no section lists (Medication, Practitioner…). */
  supporting: DocEntry[];
}

export interface DocumentBundle {
  resourceType: 'Bundle';
  id: string;
  meta: { profile: string[] };
  language: string;
  identifier: { system: string; value: string };
  type: 'document';
  timestamp: string;
  entry: DocEntry[];
}

const ref = (e: DocEntry): { reference: string } => ({ reference: e.fullUrl });

function section(s: SectionInput): Record<string, unknown> {
  const def = SECTIONS[s.key];
  const base = {
    title: s.title,
    code: { coding: [{ system: LOINC, code: def.code, display: def.display }] },
    text: s.text,
  };
  if (s.entries.length > 0) return { ...base, entry: s.entries.map(ref) };
  if (s.emptyReason === undefined)
    throw new Error(`Section ${s.key} has no entries and no emptyReason`);
  const { code, text } = s.emptyReason;
  return {
    ...base,
    emptyReason: {
      coding: [{ system: LIST_EMPTY_REASON, code, display: EMPTY_REASONS[code] }],
      text,
    },
  };
}

/** Builds the document; throws if a required section is missing (a bug in the caller). */
export function assembleDocument(input: DocumentInput): DocumentBundle {
  for (const [key, def] of Object.entries(SECTIONS)) {
    if (def.required && !input.sections.some((s) => s.key === key))
      throw new Error(`IPS requires the ${key} section`);
  }
  const composition: DocEntry = {
    fullUrl: `urn:uuid:${input.compositionUuid}`,
    resource: {
      resourceType: 'Composition',
      id: input.compositionUuid,
      meta: { profile: [IPS_COMPOSITION_PROFILE] },
      language: input.language,
      text: input.text,
      status: 'final',
      type: { coding: [{ system: LOINC, ...PATIENT_SUMMARY_TYPE }] },
      subject: ref(input.patient),
      date: input.date,
      author: input.authors.map(ref),
      title: input.title,
      confidentiality: 'N',
      ...(input.attester
        ? { attester: [{ mode: 'legal', time: input.date, party: ref(input.attester) }] }
        : {}),
      ...(input.custodian ? { custodian: ref(input.custodian) } : {}),
      event: [
        {
          code: [{ coding: [{ system: ACT_CLASS, code: 'PCPR' }] }],
          period: { end: input.date },
        },
      ],
      section: input.sections.map(section),
    },
  };
  const entries: DocEntry[] = [];
  const seen = new Set<string>();
  const add = (e: DocEntry | undefined): void => {
    if (!e || seen.has(e.fullUrl)) return;
    seen.add(e.fullUrl);
    entries.push(e);
  };
  add(composition);
  add(input.patient);
  input.authors.forEach(add);
  add(input.custodian);
  add(input.attester);
  for (const s of input.sections) s.entries.forEach(add);
  input.supporting.forEach(add);
  return {
    resourceType: 'Bundle',
    id: input.bundleUuid,
    meta: { profile: [IPS_BUNDLE_PROFILE] },
    language: input.language,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${input.bundleUuid}` },
    type: 'document',
    timestamp: input.date,
    entry: entries,
  };
}
