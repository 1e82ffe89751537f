/**
 * Display of `CodeableConcept` and `Coding` values.
 * @see https://hl7.org/fhir/R4/datatypes.html#CodeableConcept
 */
import type { CodeableConcept, Coding } from 'fhir/r4';

/** Short labels for the code systems clinicians recognise. */
const SYSTEM_LABELS: Record<string, string> = {
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'http://www.whocc.no/atc': 'ATC',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
  'http://hl7.org/fhir/sid/cvx': 'CVX',
  'http://unitsofmeasure.org': 'UCUM',
  'urn:iso:std:iso:11073:10101': 'MDC',
  'http://hl7.org/fhir/sid/us-ssn': 'SSN',
  'http://hl7.org/fhir/sid/us-npi': 'NPI',
  'urn:oid:2.16.840.1.113883.4.3.25': 'Driver licence',
};

/** The short label of a well-known system ("SSN", "LOINC"), or undefined. */
export function knownSystemLabel(system: string | undefined): string | undefined {
  if (!system) return undefined;
  return SYSTEM_LABELS[system] ?? SYSTEM_LABELS[system.replace(/\/$/, '')];
}

/** Short label of a code system URL, else the last path segment, else the URL itself. */
export function systemShortName(system: string | undefined): string {
  if (system === undefined || system === '') return '';
  const known = SYSTEM_LABELS[system] ?? SYSTEM_LABELS[system.replace(/\/$/, '')];
  if (known) return known;
  if (system.startsWith('urn:')) return system;
  const tail = system.replace(/\/$/, '').split('/').pop();
  return tail && tail.length > 0 ? tail : system;
}

/** `display`, else `code`, else ''. */
export function formatCoding(coding: Coding | undefined): string {
  if (!coding) return '';
  return coding.display?.trim() || coding.code?.trim() || '';
}

/**
 * What a person should read for a concept: `text`, then the first coding with a display,
 * then the first code. '' when there is nothing.
 */
export function formatCodeableConcept(concept: CodeableConcept | undefined): string {
  if (!concept) return '';
  const text = concept.text?.trim();
  if (text) return text;
  const codings = concept.coding ?? [];
  const withDisplay = codings.find((c) => c.display?.trim());
  if (withDisplay?.display) return withDisplay.display.trim();
  const withCode = codings.find((c) => c.code?.trim());
  return withCode?.code?.trim() ?? '';
}

/** True when the concept has a coding with this system and code. */
export function hasCoding(
  concept: CodeableConcept | undefined,
  system: string | undefined,
  code: string,
): boolean {
  return (concept?.coding ?? []).some(
    (c) => c.code === code && (system === undefined || c.system === system),
  );
}

/** First code of a concept as `System code` ("LOINC 8480-6"), for secondary display. */
export function formatCodeLabel(concept: CodeableConcept | undefined): string {
  const coding = concept?.coding?.find((c) => c.code);
  if (!coding?.code) return '';
  const system = systemShortName(coding.system);
  return system ? `${system} ${coding.code}` : coding.code;
}
