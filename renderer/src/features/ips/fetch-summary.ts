/**
 * Asking the signed-in FHIR server for a patient's IPS: `GET [base]/Patient/<id>/$summary`
 * through the signed-in client, so the token refresh, time limit and error kinds are the ones
 * every chart request has. The document comes back as JSON text for `parseIpsText`, which does
 * all the document validation (the client only checks that a Bundle came).
 * @see https://build.fhir.org/ig/HL7/fhir-ips/OperationDefinition-summary.html
 */
import type { FhirApi, FhirErrorKind } from '../../fhir/FhirApi';
import { FhirRequestError } from '../../fhir/FhirApi';

export interface SummaryError {
  readonly kind: FhirErrorKind;
  /** The server's OperationOutcome text or the client's message, as produced. */
  readonly detail: string;
}

export type SummaryResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: SummaryError };

/** The operation's path below the FHIR base. */
export function summaryPath(patientId: string): string {
  return `Patient/${encodeURIComponent(patientId)}/$summary`;
}

/**
 * Fetches the summary; never throws. `FhirApi` has no generic GET, and a search with no
 * parameters is exactly `GET [base]/<path>` answered by a Bundle — which `$summary` returns.
 */
export async function fetchPatientSummary(
  fhir: Pick<FhirApi, 'search'>,
  patientId: string,
  signal?: AbortSignal,
): Promise<SummaryResult> {
  try {
    const bundle = await fhir.search(summaryPath(patientId), {}, signal);
    return { ok: true, text: JSON.stringify(bundle) };
  } catch (e) {
    if (e instanceof FhirRequestError) {
      const outcome = e.details.outcome?.join('; ');
      return { ok: false, error: { kind: e.kind, detail: outcome || e.message } };
    }
    return {
      ok: false,
      error: { kind: 'invalid-response', detail: e instanceof Error ? e.message : String(e) },
    };
  }
}
