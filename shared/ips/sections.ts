/**
 * The IPS 2.0 section catalogue (by LOINC code) and the building of the section tree of a
 * document: titles and narrative exactly as sent, `emptyReason` mapped to a kind, entries
 * resolved against the Bundle.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/StructureDefinition-Composition-uv-ips.html
 * @see https://terminology.hl7.org/CodeSystem-list-empty-reason.html
 */
import { z } from 'zod';
import type { CodeableConcept, CompositionSection, Reference } from 'fhir/r4';
import type { EmptyReasonKind, IpsEmptyReason, IpsSection } from './model';
import { resolveReference, type ReferenceIndex } from './references';
import { codeableConceptSchema, narrativeSchema, referenceSchema } from './schemas';

export const LOINC = 'http://loinc.org';
export const IPS_DOCUMENT_LOINC = '60591-5';

export type SectionRequirement = 'required' | 'recommended' | 'optional';

export type IpsSectionKey =
  | 'problems'
  | 'allergies'
  | 'medications'
  | 'immunizations'
  | 'results'
  | 'procedures'
  | 'devices'
  | 'advanceDirectives'
  | 'alerts'
  | 'functionalStatus'
  | 'pastIllness'
  | 'pregnancy'
  | 'patientStory'
  | 'planOfCare'
  | 'socialHistory'
  | 'vitalSigns';

export interface IpsSectionDefinition {
  readonly key: IpsSectionKey;
  readonly loinc: string;
  readonly requirement: SectionRequirement;
  /** i18n key of the section's name, e.g. `ips:section.problems`. */
  readonly titleKey: string;
  /** English name, for logs, tests and a missing translation. */
  readonly defaultTitle: string;
  /** Resource types IPS allows as `section.entry`; undefined = any (Patient Story). */
  readonly entryTypes: readonly string[] | undefined;
}

const DOC = 'DocumentReference';

function def(
  key: IpsSectionKey,
  loinc: string,
  requirement: SectionRequirement,
  defaultTitle: string,
  entryTypes: readonly string[] | undefined,
): IpsSectionDefinition {
  return { key, loinc, requirement, titleKey: `ips:section.${key}`, defaultTitle, entryTypes };
}

/** The sections of IPS 2.0, required first, then recommended, then optional. */
export const IPS_SECTIONS: readonly IpsSectionDefinition[] = [
  def('problems', '11450-4', 'required', 'Problems', ['Condition', DOC]),
  def('allergies', '48765-2', 'required', 'Allergies and Intolerances', [
    'AllergyIntolerance',
    DOC,
  ]),
  def('medications', '10160-0', 'required', 'Medication Summary', [
    'MedicationStatement',
    'MedicationRequest',
    'MedicationAdministration',
    'MedicationDispense',
    DOC,
  ]),
  def('immunizations', '11369-6', 'recommended', 'Immunizations', ['Immunization', DOC]),
  def('results', '30954-2', 'recommended', 'Results', [
    'Observation',
    'DiagnosticReport',
    'Media',
    DOC,
  ]),
  def('procedures', '47519-4', 'recommended', 'History of Procedures', ['Procedure', DOC]),
  def('devices', '46264-8', 'recommended', 'Medical Devices', ['DeviceUseStatement', DOC]),
  def('advanceDirectives', '42348-3', 'optional', 'Advance Directives', ['Consent', DOC]),
  def('alerts', '104605-1', 'optional', 'Alerts', ['Flag', DOC]),
  def('functionalStatus', '47420-5', 'optional', 'Functional Status', [
    'Condition',
    'ClinicalImpression',
    DOC,
  ]),
  def('pastIllness', '11348-0', 'optional', 'History of Past Illness', ['Condition', DOC]),
  def('pregnancy', '10162-6', 'optional', 'History of Pregnancy', ['Observation', DOC]),
  def('patientStory', '81338-6', 'optional', 'Patient Story', undefined),
  def('planOfCare', '18776-5', 'optional', 'Plan of Care', ['CarePlan', DOC]),
  def('socialHistory', '29762-2', 'optional', 'Social History', ['Observation', DOC]),
  def('vitalSigns', '8716-3', 'optional', 'Vital Signs', ['Observation', DOC]),
];

const BY_LOINC = new Map(IPS_SECTIONS.map((d) => [d.loinc, d]));

/** The catalogue entry for a LOINC section code, or undefined outside IPS 2.0. */
export function sectionDefinition(loinc: string | undefined): IpsSectionDefinition | undefined {
  return loinc === undefined ? undefined : BY_LOINC.get(loinc);
}

/** The first LOINC code of a concept (a coding without a system is not assumed to be LOINC). */
export function loincCode(concept: CodeableConcept | undefined): string | undefined {
  return concept?.coding?.find((c) => c.system === LOINC && typeof c.code === 'string')?.code;
}

export const LIST_EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';

const EMPTY_REASON_KINDS: Readonly<Record<string, EmptyReasonKind>> = {
  nilknown: 'none-known',
  notasked: 'no-information',
  unavailable: 'no-information',
  notstarted: 'no-information',
  closed: 'no-information',
  withheld: 'withheld',
};

/**
 * Maps `section.emptyReason` to a kind. A code is recognised only from the list-empty-reason
 * system (or a coding without a system); anything else is "unrecognized" and shown as sent.
 */
export function emptyReasonOf(concept: CodeableConcept): IpsEmptyReason {
  for (const coding of concept.coding ?? []) {
    if (coding.system !== undefined && coding.system !== LIST_EMPTY_REASON) continue;
    const kind = coding.code === undefined ? undefined : EMPTY_REASON_KINDS[coding.code];
    if (kind) return { kind, code: coding.code, concept };
  }
  return { kind: 'unrecognized', code: undefined, concept };
}

export interface RawSection {
  title?: string | undefined;
  code?: z.infer<typeof codeableConceptSchema> | undefined;
  text?: z.infer<typeof narrativeSchema> | undefined;
  entry?: z.infer<typeof referenceSchema>[] | undefined;
  emptyReason?: z.infer<typeof codeableConceptSchema> | undefined;
  section?: RawSection[] | undefined;
}

/** `Composition.section` as far as the model reads it; unknown keys pass through. */
export const sectionSchema: z.ZodType<RawSection> = z.looseObject({
  title: z.string().optional(),
  code: codeableConceptSchema.optional(),
  text: narrativeSchema.optional(),
  entry: z.array(referenceSchema).optional(),
  emptyReason: codeableConceptSchema.optional(),
  get section() {
    return z.array(sectionSchema).optional();
  },
});

/** Deepest section nesting (1 = top-level sections only), counted without recursion. */
export function sectionDepth(sections: readonly unknown[] | undefined): number {
  let max = 0;
  const stack: { list: unknown; depth: number }[] = [{ list: sections, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || !Array.isArray(item.list)) continue;
    for (const s of item.list as unknown[]) {
      max = Math.max(max, item.depth);
      const nested =
        typeof s === 'object' && s !== null ? (s as { section?: unknown }).section : undefined;
      if (Array.isArray(nested)) stack.push({ list: nested, depth: item.depth + 1 });
    }
  }
  return max;
}

/**
 * Builds the section tree in document order. `raw` must already have passed
 * {@link sectionSchema}; the objects are the Composition's own (as sent).
 */
export function buildSections(
  raw: readonly RawSection[] | undefined,
  compositionEntry: number,
  index: ReferenceIndex,
  parentPath: readonly number[] = [],
): IpsSection[] {
  return (raw ?? []).map((s, i) => {
    const path = [...parentPath, i];
    const code = s.code as CodeableConcept | undefined;
    const loinc = loincCode(code);
    const references = (s.entry ?? []) as Reference[];
    return {
      path,
      title: s.title,
      code,
      loinc,
      definition: sectionDefinition(loinc),
      narrative: s.text ? { status: s.text.status, div: s.text.div } : undefined,
      emptyReason: s.emptyReason ? emptyReasonOf(s.emptyReason) : undefined,
      entries: references.map((reference) => ({
        reference,
        resolution: resolveReference(index, reference, compositionEntry),
      })),
      sections: buildSections(s.section, compositionEntry, index, path),
      raw: s as CompositionSection,
    };
  });
}

/** Every section, depth first in document order (nested ones after their parent). */
export function flattenSections(sections: readonly IpsSection[]): IpsSection[] {
  const out: IpsSection[] = [];
  const visit = (list: readonly IpsSection[]): void => {
    for (const s of list) {
      out.push(s);
      visit(s.sections);
    }
  };
  visit(sections);
  return out;
}

/** The section at `path`, or undefined. */
export function sectionAt(
  sections: readonly IpsSection[],
  path: readonly number[],
): IpsSection | undefined {
  let list = sections;
  let found: IpsSection | undefined;
  for (const i of path) {
    found = list[i];
    if (!found) return undefined;
    list = found.sections;
  }
  return found;
}
