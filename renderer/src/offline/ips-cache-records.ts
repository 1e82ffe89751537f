/**
 * How a cached IPS document is kept in the encrypted record store: two FHIR resources written in
 * one batch, sealed like every other record.
 * - a `DocumentReference` — the index entry the chart lists (who, where from, when imported);
 * - a `Binary` holding the document's JSON text exactly as received (base64 of its UTF-8 bytes,
 *   as FHIR Binary.data requires), so the original stays byte-for-byte the source of truth.
 * They live in separate packs (the store packs by type), so listing decrypts only the small
 * index entries, never the documents.
 * @see https://hl7.org/fhir/R4/documentreference.html
 * @see https://hl7.org/fhir/R4/binary.html
 */
import { z } from 'zod';
import type { Binary, DocumentReference, Extension } from 'fhir/r4';
import {
  countryCodeSchema,
  ipsImportSourceSchema,
  type IpsImportSource,
} from '../../../shared/ips/import-source';
import { fromBase64, toBase64 } from './record-crypto';

/** Extension carrying the import facts FHIR's DocumentReference has no element for. */
export const IPS_IMPORT_EXTENSION = 'urn:clinician-workstation:ips-import';

/** One cached IPS document as the chart lists it. */
export interface CachedIpsSummary {
  /**
   * `ips-` + 128 random bits. Random rather than derived from the content: ids are stored in
   * plaintext (index fields), and a content hash there would let anyone holding a document
   * confirm it is cached here.
   */
  readonly id: string;
  /** SHA-256 of the text, hex (encrypted with the entry): the same text is cached once. */
  readonly sha256: string;
  /** The local patient it was imported for; undefined when imported without a chart open. */
  readonly patientId: string | undefined;
  /** When it was imported (epoch ms). */
  readonly importedAt: number;
  readonly source: IpsImportSource;
  /** The document's own statement of its country (`address.country` as sent). */
  readonly documentCountry: string | undefined;
  readonly authors: readonly string[];
  /** `Composition.date` as sent. */
  readonly documentDate: string | undefined;
  readonly title: string | undefined;
  readonly language: string | undefined;
  /** Length of the JSON text in characters. */
  readonly size: number;
}

/**
 * The country to show for a cached document: the contact point that was asked (that country
 * vouches for it), else what the document says, else undefined (shown as unknown).
 */
export function sourceCountry(summary: CachedIpsSummary): string | undefined {
  return summary.source.kind === 'ncp' ? summary.source.country : summary.documentCountry;
}

const LOINC = 'http://loinc.org';
const UTF8 = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

function part(url: string, value: string | undefined): Extension[] {
  return value === undefined ? [] : [{ url, valueString: value }];
}

/** The index entry of a cached document. */
export function toDocumentReference(summary: CachedIpsSummary): DocumentReference {
  const s = summary.source;
  return {
    resourceType: 'DocumentReference',
    id: summary.id,
    status: 'current',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    ...(summary.patientId ? { subject: { reference: `Patient/${summary.patientId}` } } : {}),
    date: new Date(summary.importedAt).toISOString(),
    author: summary.authors.map((display) => ({ display })),
    ...(summary.title === undefined ? {} : { description: summary.title }),
    content: [
      {
        attachment: {
          contentType: 'application/fhir+json',
          url: `Binary/${summary.id}`,
          size: summary.size,
          ...(summary.language === undefined ? {} : { language: summary.language }),
        },
      },
    ],
    extension: [
      {
        url: IPS_IMPORT_EXTENSION,
        extension: [
          { url: 'source', valueString: s.kind },
          ...part('file-name', s.kind === 'file' ? s.name : undefined),
          ...part('ncp-country', s.kind === 'ncp' ? s.country : undefined),
          ...part('ncp-identifier', s.kind === 'ncp' ? s.identifier : undefined),
          ...part('server', s.kind === 'summary' ? s.server : undefined),
          { url: 'sha256', valueString: summary.sha256 },
          ...part('document-country', summary.documentCountry),
          ...part('document-date', summary.documentDate),
        ],
      },
    ],
  };
}

const partSchema = z.looseObject({ url: z.string(), valueString: z.string() });

const documentReferenceSchema = z.looseObject({
  resourceType: z.literal('DocumentReference'),
  id: z.string().regex(/^ips-[0-9a-f]{32}$/),
  subject: z
    .looseObject({ reference: z.string().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/) })
    .optional(),
  date: z.iso.datetime({ offset: true }),
  author: z.array(z.looseObject({ display: z.string() })).default([]),
  description: z.string().optional(),
  content: z
    .array(
      z.looseObject({
        attachment: z.looseObject({
          size: z.number().int().nonnegative(),
          language: z.string().optional(),
        }),
      }),
    )
    .min(1),
  extension: z.array(z.looseObject({ url: z.string(), extension: z.array(partSchema).optional() })),
});

/**
 * Reads an index entry back; undefined when it is not one this module wrote (never guessed:
 * the caller counts it as unreadable).
 */
export function fromDocumentReference(resource: unknown): CachedIpsSummary | undefined {
  const parsed = documentReferenceSchema.safeParse(resource);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const parts = d.extension.find((e) => e.url === IPS_IMPORT_EXTENSION)?.extension ?? [];
  const get = (url: string): string | undefined => parts.find((p) => p.url === url)?.valueString;
  const kind = get('source');
  const source = ipsImportSourceSchema.safeParse(
    kind === 'file'
      ? { kind, name: get('file-name') }
      : kind === 'ncp'
        ? { kind, country: get('ncp-country'), identifier: get('ncp-identifier') }
        : { kind, server: get('server') },
  );
  const attachment = d.content[0]?.attachment;
  const sha256 = get('sha256');
  if (!source.success || !attachment || sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) {
    return undefined;
  }
  if (source.data.kind === 'ncp' && !countryCodeSchema.safeParse(source.data.country).success) {
    return undefined;
  }
  return {
    id: d.id,
    sha256,
    patientId: d.subject?.reference.slice('Patient/'.length),
    importedAt: Date.parse(d.date),
    source: source.data,
    documentCountry: get('document-country'),
    authors: d.author.map((a) => a.display),
    documentDate: get('document-date'),
    title: d.description,
    language: attachment.language,
    size: attachment.size,
  };
}

/** The document text as a Binary resource. */
export function toBinary(id: string, text: string): Binary {
  return {
    resourceType: 'Binary',
    id,
    contentType: 'application/fhir+json',
    data: toBase64(UTF8.encode(text)),
  };
}

const binarySchema = z.looseObject({
  resourceType: z.literal('Binary'),
  id: z.string(),
  contentType: z.literal('application/fhir+json'),
  data: z.string(),
});

/** The document text back from its Binary; undefined when the resource is not one of ours. */
export function textFromBinary(resource: unknown): string | undefined {
  const parsed = binarySchema.safeParse(resource);
  if (!parsed.success) return undefined;
  try {
    return UTF8_DECODER.decode(fromBase64(parsed.data.data));
  } catch {
    return undefined;
  }
}

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of the text's UTF-8 bytes, hex. */
export async function contentHash(text: string): Promise<string> {
  return hex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', UTF8.encode(text))));
}

/** A new cache id: `ips-` + 32 random hex digits. */
export function newDocumentId(): string {
  return `ips-${hex(globalThis.crypto.getRandomValues(new Uint8Array(16)))}`;
}
