/**
 * An HTTP error that the FHIR layer renders as an OperationOutcome
 * (https://hl7.org/fhir/R4/operationoutcome.html) with `issue[].diagnostics`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = codeForStatus(status),
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Maps HTTP status to the closest FHIR issue-type code. */
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'not-supported';
    case 409:
    case 412:
      return 'conflict';
    case 410:
      return 'not-found';
    case 413:
      return 'too-costly';
    case 415:
      return 'not-supported';
    default:
      return 'exception';
  }
}

export function operationOutcome(
  severity: 'fatal' | 'error' | 'warning' | 'information',
  code: string,
  diagnostics: string,
): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code, diagnostics }],
  };
}
