/**
 * The model of an International Patient Summary document that the viewer renders: the Bundle's
 * entries as sent, the Composition, its sections in document order with their narrative as sent
 * and their entries resolved, and every reference in the document with how it resolved.
 *
 * Resources are kept exactly as the sender wrote them (no copies, no normalisation); the model
 * only adds structure around them. Narrative XHTML is NOT sanitized here: that is the
 * renderer's job, at the moment it inserts the markup.
 * @see https://hl7.org/fhir/uv/ips/
 * @see https://hl7.org/fhir/R4/documents.html
 */
import type {
  CodeableConcept,
  Composition,
  CompositionSection,
  FhirResource,
  Identifier,
  Reference,
} from 'fhir/r4';
import type { ReferenceIndex, ResolveResult } from './references';
import type { IpsSectionDefinition } from './sections';

/** One `Bundle.entry` that carries a resource. */
export interface IpsEntry {
  /** Position in `Bundle.entry` (0-based): the stable pointer used by checks, links and the UI. */
  readonly index: number;
  readonly fullUrl: string | undefined;
  readonly resourceType: string;
  readonly id: string | undefined;
  /** The resource as sent. Only `resourceType` (and `id` when present) were validated. */
  readonly resource: FhirResource;
}

/**
 * Why a section is empty. "none-known" (nilknown: the author checked and there is nothing, e.g.
 * no known allergies) must never be shown like "no-information" (unavailable, not asked…: nobody
 * knows) — for allergies the difference is clinically decisive.
 * @see https://terminology.hl7.org/CodeSystem-list-empty-reason.html
 */
export type EmptyReasonKind = 'none-known' | 'no-information' | 'withheld' | 'unrecognized';

export interface IpsEmptyReason {
  readonly kind: EmptyReasonKind;
  /** The list-empty-reason code when one was recognised. */
  readonly code: string | undefined;
  /** The concept as sent (its `text` and displays are what the author wrote). */
  readonly concept: CodeableConcept;
}

/** `Composition.section.text` as sent. */
export interface IpsNarrative {
  /** generated | extensions | additional | empty, as sent (not checked against the value set). */
  readonly status: string;
  /** The XHTML `div` exactly as sent — unsanitized. */
  readonly div: string;
}

/** One `section.entry` reference and what it resolved to. */
export interface IpsSectionEntry {
  /** The Reference as sent. */
  readonly reference: Reference;
  readonly resolution: ResolveResult;
}

export interface IpsSection {
  /** Indexes from the Composition down: `[2]` is the third section, `[2, 0]` its first sub-section. */
  readonly path: readonly number[];
  /** `section.title` as sent. */
  readonly title: string | undefined;
  /** `section.code` as sent. */
  readonly code: CodeableConcept | undefined;
  /** The LOINC code of `section.code`, when it has one. */
  readonly loinc: string | undefined;
  /** The IPS catalogue entry for {@link loinc}; undefined for codes outside IPS 2.0. */
  readonly definition: IpsSectionDefinition | undefined;
  readonly narrative: IpsNarrative | undefined;
  readonly emptyReason: IpsEmptyReason | undefined;
  readonly entries: readonly IpsSectionEntry[];
  /** Nested sections, in document order (IPS forbids them, FHIR allows them: shown, and flagged). */
  readonly sections: readonly IpsSection[];
  /** The section object as sent (author, mode, orderedBy, extensions…). */
  readonly raw: CompositionSection;
}

/** Every literal reference found anywhere in an entry's resource (sections included). */
export interface IpsReference {
  readonly fromEntry: number;
  /** FHIRPath-like location, e.g. `MedicationStatement.medicationReference`. */
  readonly path: string;
  readonly reference: Reference;
  readonly resolution: ResolveResult;
}

export interface IpsComposition {
  readonly entryIndex: number;
  readonly resource: Composition;
  /** `Composition.type` carries LOINC 60591-5 "Patient summary Document". */
  readonly isIps: boolean;
}

export type IpsParseWarningCode = 'not-ips-composition';

/** Something accepted but worth telling: the document still renders. */
export interface IpsParseWarning {
  readonly code: IpsParseWarningCode;
  readonly message: string;
}

export interface IpsDocument {
  readonly bundle: {
    readonly id: string | undefined;
    readonly identifier: Identifier | undefined;
    readonly timestamp: string | undefined;
    readonly language: string | undefined;
  };
  /** Entries that carry a resource, in Bundle order. */
  readonly entries: readonly IpsEntry[];
  /** `Bundle.entry` positions without a resource (invalid in a document; flagged by checks). */
  readonly entriesWithoutResource: readonly number[];
  readonly composition: IpsComposition;
  /** `Composition.subject` resolved (the IPS subject is always a Patient). */
  readonly subject: ResolveResult;
  readonly sections: readonly IpsSection[];
  /** Every literal reference in the document, resolved or not. */
  readonly references: readonly IpsReference[];
  /** Lookup tables for resolving further references (e.g. `medicationReference`). */
  readonly index: ReferenceIndex;
  readonly warnings: readonly IpsParseWarning[];
}

export type IpsParseErrorCode =
  | 'invalid-json'
  | 'too-large'
  | 'too-many-entries'
  | 'too-deep'
  | 'not-a-bundle'
  | 'not-a-document'
  | 'invalid-bundle'
  | 'no-composition'
  | 'invalid-composition';

export interface IpsParseError {
  readonly code: IpsParseErrorCode;
  /** Plain English for logs and the fallback UI; the UI translates `code`. */
  readonly message: string;
}

export type IpsParseResult =
  | { readonly ok: true; readonly doc: IpsDocument }
  | { readonly ok: false; readonly error: IpsParseError };

/** Where a check or link points: an entry, a section, and/or an element path inside it. */
export interface IpsPointer {
  readonly entryIndex?: number;
  readonly sectionPath?: readonly number[];
  readonly path?: string;
}
