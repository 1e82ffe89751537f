/**
 * The codes and canonical URLs an IPS document is built from: IPS 2.0 section codes
 * (https://hl7.org/fhir/uv/ips/Structure-of-the-International-Patient-Summary.html), the
 * profiles, the translation and narrativeLink extensions, list-empty-reason, and the code
 * systems the home-country records use besides the generator's own (EDQM, ICD-10).
 */

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ATC = 'http://www.whocc.no/atc';
export const UCUM = 'http://unitsofmeasure.org';
/** EDQM Standard Terms: dose forms, units of presentation, routes. */
export const EDQM = 'http://standardterms.edqm.eu';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const BCP47 = 'urn:ietf:bcp:47';
export const LIST_EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION =
  'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
export const ACT_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-ActClass';

/** https://hl7.org/fhir/extensions/StructureDefinition-translation.html, on `Coding._display`. */
export const TRANSLATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/translation';
/** https://hl7.org/fhir/extensions/StructureDefinition-narrativeLink.html: entry → its narrative row. */
export const NARRATIVE_LINK_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/narrativeLink';

export const IPS_BUNDLE_PROFILE = 'http://hl7.org/fhir/uv/ips/StructureDefinition/Bundle-uv-ips';
export const IPS_COMPOSITION_PROFILE =
  'http://hl7.org/fhir/uv/ips/StructureDefinition/Composition-uv-ips';
/** The `$summary` operation: https://hl7.org/fhir/uv/ips/OperationDefinition-summary.html */
export const IPS_SUMMARY_OPERATION = 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary';

/** Composition.type of every IPS (LOINC 60591-5). */
export const PATIENT_SUMMARY_TYPE = { code: '60591-5', display: 'Patient summary Document' };

/**
 * The sections this server writes, with their LOINC codes and LOINC's English displays (the
 * section title carries the document's own language). Problems, allergies and medications are
 * required by IPS and carry `emptyReason` when empty (invariant ips-comp-1); the others appear
 * only when there is something to put in them.
 */
export const SECTIONS = {
  problems: { code: '11450-4', display: 'Problem list - Reported', required: true },
  allergies: {
    code: '48765-2',
    display: 'Allergies and adverse reactions Document',
    required: true,
  },
  medications: { code: '10160-0', display: 'History of Medication use Narrative', required: true },
  immunizations: { code: '11369-6', display: 'History of Immunization Narrative', required: false },
  results: {
    code: '30954-2',
    display: 'Relevant diagnostic tests/laboratory data Narrative',
    required: false,
  },
  vitalSigns: { code: '8716-3', display: 'Vital signs', required: false },
  procedures: { code: '47519-4', display: 'History of Procedures Document', required: false },
} as const;

export type SectionKey = keyof typeof SECTIONS;

/** Why a section has no entries (http://terminology.hl7.org/CodeSystem/list-empty-reason). */
export const EMPTY_REASONS = {
  /** Nothing was recorded, so nothing can be said either way. */
  unavailable: 'Unavailable',
  /** Left out on purpose: here, because the access token does not allow reading that type. */
  withheld: 'Information Withheld',
} as const;

export type EmptyReasonCode = keyof typeof EMPTY_REASONS;

/** A Coding whose `display` is in the document's language, optionally with an English translation. */
export interface Term {
  system: string;
  code: string;
  /** The designation in the source language, exactly as the home system wrote it. */
  display: string;
  /** English, carried in the document itself as a translation extension on `_display`. */
  en?: string;
}

export interface CodingJson {
  system: string;
  code: string;
  display: string;
  _display?: { extension: Record<string, unknown>[] };
}

/** The Coding for a term; `en` becomes `_display.extension[translation]` with `lang` and `content`. */
export function coding(term: Term): CodingJson {
  const out: CodingJson = { system: term.system, code: term.code, display: term.display };
  if (term.en !== undefined) {
    out._display = {
      extension: [
        {
          url: TRANSLATION_EXTENSION,
          extension: [
            { url: 'lang', valueCode: 'en' },
            { url: 'content', valueString: term.en },
          ],
        },
      ],
    };
  }
  return out;
}

/** A CodeableConcept of one or more terms; no `text`, so readers see the coded designations. */
export function concept(...terms: Term[]): { coding: CodingJson[] } {
  return { coding: terms.map(coding) };
}

/** A CodeableConcept with a bare code (HL7 status and category codes need no display). */
export function statusConcept(
  system: string,
  code: string,
): { coding: { system: string; code: string }[] } {
  return { coding: [{ system, code }] };
}
