/**
 * Parsing an IPS document: JSON text or value → the full {@link IpsDocument} model, or one clear
 * error. Nothing half-done: every shape the model depends on is validated (zod) before any of it
 * is built, and size guards run before the expensive work.
 * @see https://hl7.org/fhir/uv/ips/ (Bundle-uv-ips, Composition-uv-ips)
 * @see https://hl7.org/fhir/R4/documents.html
 */
import { z } from 'zod';
import type { Composition, FhirResource } from 'fhir/r4';
import type {
  IpsDocument,
  IpsEntry,
  IpsParseError,
  IpsParseErrorCode,
  IpsParseResult,
  IpsParseWarning,
  IpsReference,
} from './model';
import { buildReferenceIndex, collectReferences, resolveReference } from './references';
import {
  buildSections,
  IPS_DOCUMENT_LOINC,
  LOINC,
  sectionDepth,
  sectionSchema,
  type RawSection,
} from './sections';
import { codeableConceptSchema, referenceSchema } from './schemas';

/** Size guards. Real IPS documents seen at connectathons reach 420 entries and 1.8 MB. */
export interface IpsParseLimits {
  /** Longest accepted JSON text, in UTF-16 code units (≈ bytes for JSON). */
  readonly maxTextLength: number;
  readonly maxEntries: number;
  /** Deepest `Composition.section` nesting (IPS itself allows 1). */
  readonly maxSectionDepth: number;
}

export const DEFAULT_IPS_LIMITS: IpsParseLimits = {
  maxTextLength: 20 * 1024 * 1024,
  maxEntries: 5000,
  maxSectionDepth: 8,
};

const bundleShellSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string(),
  id: z.string().optional(),
  language: z.string().optional(),
  timestamp: z.string().optional(),
  identifier: z
    .looseObject({ system: z.string().optional(), value: z.string().optional() })
    .optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z
          .looseObject({ resourceType: z.string().min(1), id: z.string().optional() })
          .optional(),
      }),
    )
    .optional(),
});

const compositionSchema = z.looseObject({
  resourceType: z.literal('Composition'),
  type: codeableConceptSchema,
  subject: referenceSchema.optional(),
  section: z.array(sectionSchema).optional(),
});

function failure(code: IpsParseErrorCode, message: string): IpsParseResult {
  const error: IpsParseError = { code, message };
  return { ok: false, error };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`;
}

/**
 * Parses JSON text (a file the clinician opened, a response body). Rejects text over
 * `limits.maxTextLength` before parsing it.
 */
export function parseIpsText(
  text: string,
  limits: IpsParseLimits = DEFAULT_IPS_LIMITS,
): IpsParseResult {
  if (text.length > limits.maxTextLength) {
    return failure(
      'too-large',
      `The document is ${text.length} characters long; the limit is ${limits.maxTextLength}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return failure('invalid-json', `The document is not valid JSON (${detail}).`);
  }
  return parseIpsDocument(json, limits);
}

/**
 * Builds the IPS model from a parsed JSON value: a FHIR Bundle of type `document` whose
 * Composition (normally the first entry) describes the sections. A Composition whose type is
 * not LOINC 60591-5 is accepted with a warning: it is still a document a clinician can read.
 */
export function parseIpsDocument(
  json: unknown,
  limits: IpsParseLimits = DEFAULT_IPS_LIMITS,
): IpsParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return failure('not-a-bundle', 'The document is not a FHIR resource (a JSON object).');
  }
  const resourceType = (json as { resourceType?: unknown }).resourceType;
  if (resourceType !== 'Bundle') {
    const what = typeof resourceType === 'string' ? `a ${resourceType}` : 'not a FHIR resource';
    return failure('not-a-bundle', `The document is ${what}, not a Bundle.`);
  }
  const rawEntries = (json as { entry?: unknown }).entry;
  if (Array.isArray(rawEntries) && rawEntries.length > limits.maxEntries) {
    return failure(
      'too-many-entries',
      `The Bundle has ${rawEntries.length} entries; the limit is ${limits.maxEntries}.`,
    );
  }
  const shell = bundleShellSchema.safeParse(json);
  if (!shell.success) {
    return failure('invalid-bundle', `The Bundle is malformed (${describeIssue(shell.error)}).`);
  }
  if (shell.data.type !== 'document') {
    return failure(
      'not-a-document',
      `The Bundle is of type "${shell.data.type}", not "document": it is not a patient summary.`,
    );
  }

  // Original objects (not zod's copies) so every resource stays exactly as sent.
  const original =
    (json as { entry?: { fullUrl?: string; resource?: FhirResource }[] }).entry ?? [];
  const entries: IpsEntry[] = [];
  const entriesWithoutResource: number[] = [];
  original.forEach((e, index) => {
    const resource = e.resource;
    if (!resource) {
      entriesWithoutResource.push(index);
      return;
    }
    entries.push({
      index,
      fullUrl: e.fullUrl,
      resourceType: resource.resourceType,
      id: typeof resource.id === 'string' ? resource.id : undefined,
      resource,
    });
  });

  const compositionEntry = entries.find((e) => e.resourceType === 'Composition');
  if (!compositionEntry) {
    return failure(
      'no-composition',
      entries.length === 0
        ? 'The document Bundle has no entries.'
        : 'The document Bundle has no Composition, so it has no sections to show.',
    );
  }
  const rawSections = (compositionEntry.resource as { section?: unknown }).section;
  const depth = Array.isArray(rawSections) ? sectionDepth(rawSections as unknown[]) : 0;
  if (depth > limits.maxSectionDepth) {
    return failure(
      'too-deep',
      `Sections are nested ${depth} levels deep; the limit is ${limits.maxSectionDepth}.`,
    );
  }
  const composition = compositionSchema.safeParse(compositionEntry.resource);
  if (!composition.success) {
    return failure(
      'invalid-composition',
      `The Composition (entry ${compositionEntry.index}) is malformed (${describeIssue(composition.error)}).`,
    );
  }

  const index = buildReferenceIndex(entries);
  const resource = compositionEntry.resource as Composition;
  const isIps = (resource.type.coding ?? []).some(
    (c) => c.system === LOINC && c.code === IPS_DOCUMENT_LOINC,
  );
  const warnings: IpsParseWarning[] = isIps
    ? []
    : [
        {
          code: 'not-ips-composition',
          message: `The Composition's type is not LOINC ${IPS_DOCUMENT_LOINC} (Patient summary Document); it is shown as a generic document.`,
        },
      ];

  const references: IpsReference[] = [];
  for (const entry of entries) {
    for (const found of collectReferences(entry.resource)) {
      references.push({
        fromEntry: entry.index,
        path: found.path,
        reference: found.reference,
        resolution: resolveReference(index, found.reference, entry.index),
      });
    }
  }

  const doc: IpsDocument = {
    bundle: {
      id: shell.data.id,
      identifier: (json as { identifier?: IpsDocument['bundle']['identifier'] }).identifier,
      timestamp: shell.data.timestamp,
      language: shell.data.language,
    },
    entries,
    entriesWithoutResource,
    composition: { entryIndex: compositionEntry.index, resource, isIps },
    subject: resolveReference(index, resource.subject, compositionEntry.index),
    // Validated above; the Composition's own objects are used so sections stay as sent.
    sections: buildSections(rawSections as RawSection[] | undefined, compositionEntry.index, index),
    references,
    index,
    warnings,
  };
  return { ok: true, doc };
}
