/**
 * "Entered in error" across resource types. FHIR marks a record that should never have existed
 * in different elements per type; a viewer must treat all of them alike, because such a record
 * is not clinical information at all.
 * @see https://hl7.org/fhir/R4/valueset-allergyintolerance-verification.html
 * @see https://hl7.org/fhir/R4/valueset-condition-ver-status.html
 * @see https://hl7.org/fhir/R4/codesystem-document-reference-status.html
 */

interface StatusCarrier {
  status?: string | undefined;
  docStatus?: string | undefined;
  lifecycleStatus?: string | undefined;
  verificationStatus?:
    { coding?: readonly { code?: string | undefined }[] | undefined } | undefined;
}

const IN_ERROR = 'entered-in-error';

/**
 * True when the resource is marked entered-in-error in `status` (most types), `docStatus`
 * (DocumentReference), `lifecycleStatus` (Goal) or `verificationStatus` (Condition,
 * AllergyIntolerance).
 */
export function isEnteredInError(resource: object): boolean {
  const r = resource as StatusCarrier;
  return (
    r.status === IN_ERROR ||
    r.docStatus === IN_ERROR ||
    r.lifecycleStatus === IN_ERROR ||
    (r.verificationStatus?.coding ?? []).some((c) => c.code === IN_ERROR)
  );
}

/** The list without entered-in-error records. */
export function withoutEnteredInError<T extends object>(list: readonly T[]): T[] {
  return list.filter((r) => !isEnteredInError(r));
}
