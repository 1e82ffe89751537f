/**
 * The clinical note written from the chart, as a FHIR DocumentReference.
 *
 * Why DocumentReference and not Composition: a free-text progress note is a single document
 * with no sections or structured entries. DocumentReference carries it self-contained (the
 * text as an attachment), is searchable by `patient`, `type`, `category` and `date` on every
 * mainstream server, and is what US Core / Argonaut clinical notes use (category
 * `clinical-note`, LOINC note types). A Composition needs a Bundle of type document to be a
 * document, its text lives in narrative sections, and many servers treat it as a building
 * block rather than a note clinicians list and read.
 * @see https://hl7.org/fhir/us/core/STU6.1/clinical-notes.html
 * @see https://hl7.org/fhir/R4/documentreference.html
 */
import type { DocumentReference } from 'fhir/r4';
import { toBase64 } from './record-crypto';

export interface ClinicalNoteInput {
  patientId: string;
  text: string;
  /** Defaults to the note's first line (max 80 characters). */
  title?: string;
  /** fhirUser of the author, e.g. 'Practitioner/123'; omitted when unknown. */
  author?: string;
  /** The Encounter the note belongs to (e.g. the video consult it was written after). */
  encounterId?: string;
  /** Client-assigned id (default `crypto.randomUUID()`); the outbox PUTs to this id. */
  id?: string;
  now?: Date;
}

/** First non-empty line, trimmed to 80 characters: the title and the outbox label. */
export function noteTitle(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim().length > 0)
      ?.trim() ?? 'Progress note';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Builds the note; the text is sent as UTF-8 (non-ASCII safe) base64 plain text. */
export function buildClinicalNote(input: ClinicalNoteInput): DocumentReference {
  const now = (input.now ?? new Date()).toISOString();
  const title = input.title ?? noteTitle(input.text);
  return {
    resourceType: 'DocumentReference',
    id: input.id ?? globalThis.crypto.randomUUID(),
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }],
      text: 'Progress note',
    },
    category: [
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
            code: 'clinical-note',
            display: 'Clinical Note',
          },
        ],
      },
    ],
    subject: { reference: `Patient/${input.patientId}` },
    date: now,
    ...(input.author ? { author: [{ reference: input.author }] } : {}),
    ...(input.encounterId
      ? { context: { encounter: [{ reference: `Encounter/${input.encounterId}` }] } }
      : {}),
    content: [
      {
        attachment: {
          contentType: 'text/plain;charset=utf-8',
          data: toBase64(new TextEncoder().encode(input.text)),
          title,
          creation: now,
        },
      },
    ],
    description: title,
  };
}

/** The note's text back from its attachment (for showing queued notes). */
export function clinicalNoteText(doc: DocumentReference): string {
  const data = doc.content[0]?.attachment.data;
  if (!data) return '';
  const binary = atob(data);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
