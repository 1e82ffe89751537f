/**
 * Kinds, severities and messages of the IPS data checks (run by checks.ts). Each check has a stable `kind`, a severity, an i18n key (`ips:checks.<kind>`) with values, a
 * plain English text, and pointers to the entries/sections concerned.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/ (ips-comp-1, bdl-ips-1, Bundle-uv-ips)
 * @see https://hl7.org/fhir/R4/composition.html#invs (cmp-1, cmp-2)
 */
import type { IpsPointer } from './model';
import type { ReferenceFailureReason } from './references';

export type IpsCheckSeverity = 'error' | 'warning' | 'info';

export type IpsCheckKind =
  | 'not-ips-composition'
  | 'composition-not-first'
  | 'extra-composition'
  | 'entry-without-resource'
  | 'entry-missing-fullurl'
  | 'duplicate-fullurl'
  | 'document-metadata-missing'
  | 'subject-unresolved'
  | 'subject-not-patient'
  | 'required-section-missing'
  | 'required-section-empty'
  | 'empty-reason-with-entries'
  | 'section-without-content'
  | 'section-without-code'
  | 'section-unknown-code'
  | 'section-without-narrative'
  | 'duplicate-section'
  | 'nested-section'
  | 'section-entry-unresolved'
  | 'section-entry-unexpected-type'
  | 'section-entry-entered-in-error'
  | 'reference-unresolved'
  | 'reference-lenient'
  | 'unreferenced-entry'
  | 'other-patient'
  | 'narrative-link-broken';

export type IpsCheckValues = Readonly<Record<string, string | number>>;

export interface IpsCheck {
  /** Unique within one result and stable for the same document (list keys, dismissals). */
  readonly id: string;
  readonly kind: IpsCheckKind;
  readonly severity: IpsCheckSeverity;
  /** i18n key, `ips:checks.<kind>`, interpolated with {@link values}. */
  readonly messageKey: string;
  readonly values: IpsCheckValues;
  /** The same message in plain English (logs, tests, a missing translation). */
  readonly text: string;
  readonly pointers: readonly IpsPointer[];
}

const SEVERITY: Readonly<Record<IpsCheckKind, IpsCheckSeverity>> = {
  'not-ips-composition': 'warning',
  'composition-not-first': 'warning',
  'extra-composition': 'warning',
  'entry-without-resource': 'warning',
  'entry-missing-fullurl': 'warning',
  'duplicate-fullurl': 'warning',
  'document-metadata-missing': 'info',
  'subject-unresolved': 'error',
  'subject-not-patient': 'error',
  'required-section-missing': 'error',
  'required-section-empty': 'error',
  'empty-reason-with-entries': 'warning',
  'section-without-content': 'warning',
  'section-without-code': 'warning',
  'section-unknown-code': 'info',
  'section-without-narrative': 'info',
  'duplicate-section': 'info',
  'nested-section': 'info',
  'section-entry-unresolved': 'warning',
  'section-entry-unexpected-type': 'warning',
  'section-entry-entered-in-error': 'warning',
  'reference-unresolved': 'info',
  'reference-lenient': 'info',
  'unreferenced-entry': 'warning',
  'other-patient': 'error',
  'narrative-link-broken': 'info',
};

/** Every check kind, for tests and translations that must cover them all. */
export const IPS_CHECK_KINDS = Object.keys(SEVERITY) as readonly IpsCheckKind[];

type Text = (v: IpsCheckValues) => string;
const s = (v: IpsCheckValues, key: string): string => String(v[key] ?? '');
const plural = (v: IpsCheckValues, one: string, many: string): string =>
  v.count === 1 ? `1 ${one}` : `${s(v, 'count')} ${many}`;

/** Short English for a {@link ReferenceFailureReason}; the UI translates `ips:reference-failure.<reason>`. */
export const REFERENCE_FAILURE_TEXT: Readonly<Record<ReferenceFailureReason, string>> = {
  'no-literal-reference': 'it names no resource (identifier or display only)',
  malformed: 'the reference is malformed',
  'not-found': 'no entry matches',
  ambiguous: 'several entries match',
  'version-mismatch': 'the document holds another version',
  'contained-not-found': 'no such contained resource',
};
const reason = (v: IpsCheckValues): string => {
  const code = s(v, 'reason');
  return code in REFERENCE_FAILURE_TEXT
    ? REFERENCE_FAILURE_TEXT[code as ReferenceFailureReason]
    : code;
};

const TEXT: Readonly<Record<IpsCheckKind, Text>> = {
  'not-ips-composition': () =>
    'The document is not marked as a patient summary (Composition type is not LOINC 60591-5).',
  'composition-not-first': (v) =>
    `The Composition is entry ${s(v, 'position')} instead of the first entry of the document.`,
  'extra-composition': (v) =>
    `The document holds ${s(v, 'count')} Compositions; only the first one is shown.`,
  'entry-without-resource': (v) => `Entry ${s(v, 'position')} of the document has no resource.`,
  'entry-missing-fullurl': (v) =>
    `${plural(v, 'entry has', 'entries have')} no fullUrl, so other entries cannot refer to them reliably.`,
  'duplicate-fullurl': (v) => `${s(v, 'count')} entries share the fullUrl ${s(v, 'fullUrl')}.`,
  'document-metadata-missing': (v) => `The document has no ${s(v, 'element')}.`,
  'subject-unresolved': (v) =>
    `The patient of this summary (${s(v, 'reference')}) is not in the document: ${reason(v)}.`,
  'subject-not-patient': (v) =>
    `The subject of this summary is a ${s(v, 'resourceType')}, not a Patient.`,
  'required-section-missing': (v) =>
    `The required section "${s(v, 'section')}" (LOINC ${s(v, 'code')}) is missing.`,
  'required-section-empty': (v) =>
    `The required section "${s(v, 'section')}" has no entries and does not say why.`,
  'empty-reason-with-entries': (v) =>
    `Section "${s(v, 'section')}" says it is empty but has ${s(v, 'count')} entries.`,
  'section-without-content': (v) =>
    `Section "${s(v, 'section')}" has no text, entries or sub-sections.`,
  'section-without-code': (v) =>
    `Section "${s(v, 'section')}" has no LOINC code, so its kind is unknown.`,
  'section-unknown-code': (v) =>
    `Section "${s(v, 'section')}" has code ${s(v, 'code')}, which is not an IPS section.`,
  'section-without-narrative': (v) => `Section "${s(v, 'section')}" has no narrative text.`,
  'duplicate-section': (v) => `${s(v, 'count')} sections have the code ${s(v, 'code')}.`,
  'nested-section': (v) => `Section "${s(v, 'section')}" is nested inside another section.`,
  'section-entry-unresolved': (v) =>
    `Section "${s(v, 'section')}" lists ${s(v, 'reference')}, which is not in the document: ${reason(v)}.`,
  'section-entry-unexpected-type': (v) =>
    `Section "${s(v, 'section')}" contains a ${s(v, 'resourceType')}; it expects ${s(v, 'expected')}.`,
  'section-entry-entered-in-error': (v) =>
    `Section "${s(v, 'section')}" contains a ${s(v, 'resourceType')} marked as entered in error.`,
  'reference-unresolved': (v) =>
    `${plural(v, 'reference', 'references')} to ${s(v, 'reference')} cannot be followed: ${reason(v)}.`,
  'reference-lenient': (v) =>
    `${plural(v, 'reference was', 'references were')} matched by resource type and id only; the document's links are not conformant.`,
  'unreferenced-entry': (v) =>
    `The ${s(v, 'resourceType')} in entry ${s(v, 'position')} is not shown in any section.`,
  'other-patient': (v) =>
    `The ${s(v, 'resourceType')} in entry ${s(v, 'position')} is about another patient (${s(v, 'reference')}).`,
  'narrative-link-broken': (v) =>
    `The ${s(v, 'resourceType')} in entry ${s(v, 'position')} links to narrative element "${s(v, 'elementId')}", which does not exist.`,
};

/** Builds one check; `idSuffix` makes `id` unique when a kind occurs more than once. */
export function makeCheck(
  kind: IpsCheckKind,
  values: IpsCheckValues,
  pointers: readonly IpsPointer[],
  idSuffix = '',
): IpsCheck {
  return {
    id: idSuffix === '' ? kind : `${kind}:${idSuffix}`,
    kind,
    severity: SEVERITY[kind],
    messageKey: `ips:checks.${kind}`,
    values,
    text: TEXT[kind](values),
    pointers,
  };
}
