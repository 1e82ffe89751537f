/**
 * The code systems the offline terminology pack covers, how their codes look, and the other
 * names (OIDs, trailing slashes) under which documents send them.
 *
 * A pack row for a system not listed here is a build error: an unknown URI is usually a typo
 * (`http://snomed.info/sct/`, `http://www.whocc.no/atc/`) that would make every lookup miss.
 */
import { isValidLoincCode, isValidSctid } from './check-digits';

export const SNOMED_CT = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const ATC = 'http://www.whocc.no/atc';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const EDQM = 'http://standardterms.edqm.eu';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ICD_10 = 'http://hl7.org/fhir/sid/icd-10';
export const ICD_10_NL = 'http://hl7.org/fhir/sid/icd-10-nl';
export const ICD_O_3 = 'http://terminology.hl7.org/CodeSystem/icd-o-3';
/** IPS "absent or unknown" codes (no known allergies, no information about medications…). */
export const IPS_ABSENT_UNKNOWN = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
export const LIST_EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';
export const V3_ROUTE = 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration';

export interface TerminologySystem {
  uri: string;
  /** Short name for tables and reports. */
  label: string;
  /** Why a code is malformed, or undefined when it looks right (including its check digit). */
  checkCode: (code: string) => string | undefined;
}

const pattern =
  (re: RegExp, what: string) =>
  (code: string): string | undefined =>
    re.test(code) ? undefined : `not a ${what} code`;

/** Every system the pack may hold, keyed by canonical URI. */
export const TERMINOLOGY_SYSTEMS: ReadonlyMap<string, TerminologySystem> = new Map(
  (
    [
      {
        uri: SNOMED_CT,
        label: 'SNOMED CT',
        checkCode: (c) => (isValidSctid(c) ? undefined : 'not a SNOMED CT id (Verhoeff check)'),
      },
      {
        uri: LOINC,
        label: 'LOINC',
        checkCode: (c) => (isValidLoincCode(c) ? undefined : 'not a LOINC code (check digit)'),
      },
      // ATC: any level, from anatomical group (A) to chemical substance (A10BA02).
      {
        uri: ATC,
        label: 'ATC',
        checkCode: pattern(/^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$/, 'ATC'),
      },
      { uri: CVX, label: 'CVX', checkCode: pattern(/^\d{1,3}$/, 'CVX') },
      { uri: EDQM, label: 'EDQM', checkCode: pattern(/^\d{8}$/, 'EDQM Standard Terms') },
      { uri: RXNORM, label: 'RxNorm', checkCode: pattern(/^\d{1,9}$/, 'RxNorm') },
      { uri: ICD_10, label: 'ICD-10', checkCode: pattern(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'ICD-10') },
      {
        uri: ICD_10_NL,
        label: 'ICD-10-NL',
        checkCode: pattern(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'ICD-10'),
      },
      { uri: ICD_O_3, label: 'ICD-O-3', checkCode: pattern(/^\d{4}\/\d$/, 'ICD-O-3 morphology') },
      {
        uri: IPS_ABSENT_UNKNOWN,
        label: 'IPS absent/unknown',
        checkCode: pattern(/^no-[a-z-]+$/, 'IPS absent/unknown'),
      },
      {
        uri: LIST_EMPTY_REASON,
        label: 'List empty reason',
        checkCode: pattern(/^[a-z]+$/, 'list-empty-reason'),
      },
      { uri: V3_ROUTE, label: 'HL7 v3 route', checkCode: pattern(/^[A-Z]+$/, 'v3 route') },
    ] satisfies TerminologySystem[]
  ).map((s) => [s.uri, s]),
);

/**
 * Other spellings of the same systems seen in real documents: HL7 OIDs (CDA-derived IPS,
 * eHDSI) and a trailing slash.
 * @see https://terminology.hl7.org/identifiers.html
 */
const SYSTEM_ALIASES: Readonly<Record<string, string>> = {
  'urn:oid:2.16.840.1.113883.6.96': SNOMED_CT,
  'urn:oid:2.16.840.1.113883.6.1': LOINC,
  'urn:oid:2.16.840.1.113883.6.73': ATC,
  'urn:oid:2.16.840.1.113883.12.292': CVX,
  'urn:oid:0.4.0.127.0.16.1.1.2.1': EDQM,
  'urn:oid:2.16.840.1.113883.6.88': RXNORM,
  'urn:oid:2.16.840.1.113883.6.3': ICD_10,
};

/**
 * The canonical URI of a system as written in a Coding, or the input unchanged when it is not
 * one the pack knows. Only exact aliases are mapped: national variants (ICD-10-GM, the German
 * ATC) differ in content and are deliberately not folded into the international system.
 */
export function canonicalSystem(system: string): string {
  const trimmed = system.trim();
  const alias = SYSTEM_ALIASES[trimmed];
  if (alias) return alias;
  const noSlash = trimmed.replace(/\/+$/, '');
  return TERMINOLOGY_SYSTEMS.has(noSlash) ? noSlash : trimmed;
}
