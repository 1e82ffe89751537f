/**
 * Attachments (DocumentReference.content, DiagnosticReport.presentedForm) are listed from their
 * metadata only; their base64 data is decoded when the user opens one, in chunks that yield to
 * the event loop, into a Blob shown through a `blob:` URL. A 1 MB attachment therefore never
 * freezes the chart, and nothing is decoded that nobody asked for.
 * @see https://hl7.org/fhir/R4/datatypes.html#Attachment
 */
import type { Attachment, Binary, DiagnosticReport, DocumentReference } from 'fhir/r4';
import type { FhirApi } from '../../fhir/FhirApi';
import { formatCodeableConcept } from '../../../../shared/fhir/codings';
import { localReference } from '../../../../shared/fhir/references';

/**
 * Where an attachment's bytes are:
 * - `inline`: in `Attachment.data`;
 * - `binary`: a `Binary` on the signed-in server (relative `Binary/42` or an absolute URL under
 *   its base), read through the signed-in client;
 * - `external`: any other absolute URL, e.g. `https://other.example/fhir/Binary/42`. Never fetched
 *   (not even as `Binary/42` from our server, which would be a different document): the view
 *   shows the URL as text;
 * - `none`: nothing the app can read.
 */
export type AttachmentLocation =
  | { kind: 'inline' }
  | { kind: 'binary'; id: string }
  | { kind: 'external'; url: string }
  | { kind: 'none' };

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

/** Classifies an attachment; `serverBase` is the signed-in server's FHIR base URL. */
export function attachmentLocation(
  a: Attachment,
  serverBase: string | undefined,
): AttachmentLocation {
  if (a.data !== undefined) return { kind: 'inline' };
  const url = a.url?.trim();
  if (!url) return { kind: 'none' };
  const local = localReference(url, serverBase);
  if (local?.type === 'Binary') return { kind: 'binary', id: local.id };
  if (local) return { kind: 'none' };
  return ABSOLUTE_URL.test(url) ? { kind: 'external', url } : { kind: 'none' };
}

export interface AttachmentItem {
  key: string;
  source: DocumentReference | DiagnosticReport;
  attachment: Attachment;
  title: string;
  contentType: string;
  /** Bytes: `Attachment.size`, else computed from the base64 length; undefined when unknown. */
  size: number | undefined;
  date: string | undefined;
  location: AttachmentLocation;
}

export type ViewKind = 'text' | 'pdf' | 'image' | 'html' | 'download';

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** The MIME type without parameters, or application/octet-stream when absent or malformed. */
export function cleanContentType(contentType: string | undefined): string {
  const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME.test(base) ? base : 'application/octet-stream';
}

/** How an attachment may be shown; everything not listed is offered as a download only. */
export function viewKind(contentType: string): ViewKind {
  const type = cleanContentType(contentType);
  if (type === 'text/plain') return 'text';
  if (type === 'application/pdf') return 'pdf';
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(type)) return 'image';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  return 'download';
}

/** Decoded byte length of base64 text, without decoding it. */
export function base64ByteLength(data: string): number {
  const len = data.length;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((len * 3) / 4) - padding);
}

function sizeOf(a: Attachment): number | undefined {
  if (a.size !== undefined) return a.size;
  return a.data ? base64ByteLength(a.data) : undefined;
}

/**
 * Every attachment of the given documents and reports, metadata only. `serverBase`: the
 * signed-in server's base; without it every absolute URL counts as another server's.
 */
export function collectAttachments(
  documents: readonly DocumentReference[],
  reports: readonly DiagnosticReport[],
  serverBase?: string,
): AttachmentItem[] {
  const items: AttachmentItem[] = [];
  documents.forEach((doc, d) => {
    doc.content.forEach((c, i) => {
      const a = c.attachment;
      items.push({
        key: `DocumentReference/${doc.id ?? String(d)}/${String(i)}`,
        source: doc,
        attachment: a,
        title: a.title ?? doc.description ?? formatCodeableConcept(doc.type),
        contentType: cleanContentType(a.contentType),
        size: sizeOf(a),
        date: a.creation ?? doc.date,
        location: attachmentLocation(a, serverBase),
      });
    });
  });
  reports.forEach((r, d) => {
    (r.presentedForm ?? []).forEach((a, i) => {
      items.push({
        key: `DiagnosticReport/${r.id ?? String(d)}/${String(i)}`,
        source: r,
        attachment: a,
        title: a.title ?? formatCodeableConcept(r.code),
        contentType: cleanContentType(a.contentType),
        size: sizeOf(a),
        date: a.creation ?? r.issued ?? r.effectiveDateTime,
        location: attachmentLocation(a, serverBase),
      });
    });
  });
  return items;
}

const CHUNK = 256 * 1024; // base64 characters per step; a multiple of 4

/**
 * Decodes base64 into a Blob in chunks, yielding between chunks so the UI keeps responding.
 * Throws on invalid base64 (atob's DOMException) or when aborted.
 */
export async function base64ToBlob(
  data: string,
  contentType: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const clean = data.replace(/\s+/g, '');
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; offset < clean.length; offset += CHUNK) {
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    const binary = atob(clean.slice(offset, offset + CHUNK));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    parts.push(bytes);
    if (offset + CHUNK < clean.length) await new Promise((r) => setTimeout(r, 0));
  }
  return new Blob(parts, { type: cleanContentType(contentType) });
}

/**
 * The attachment's bytes: inline `data`, or a `Binary` on the signed-in server (see
 * {@link attachmentLocation}) read through the signed-in client. Other URLs are not fetched
 * (they would leave the server the user trusts, or read the wrong document).
 */
export async function loadAttachment(
  a: Attachment,
  fhir: FhirApi,
  signal?: AbortSignal,
): Promise<Blob> {
  const type = cleanContentType(a.contentType);
  if (a.data !== undefined) return base64ToBlob(a.data, type, signal);
  const location = attachmentLocation(a, fhir.serverUrl);
  if (location.kind === 'binary') {
    const binary = await fhir.read<Binary>('Binary', location.id, signal);
    return base64ToBlob(
      binary.data ?? '',
      binary.contentType ? cleanContentType(binary.contentType) : type,
      signal,
    );
  }
  throw new Error('unsupported-attachment-location');
}
