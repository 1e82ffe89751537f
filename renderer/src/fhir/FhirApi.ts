/**
 * The FHIR access the chart views use. Implemented over fhirclient's `Client` in
 * `createFhirApi` (renderer/src/fhir/); DOM tests pass a fake. Failures are thrown as
 * {@link FhirRequestError} so views can show a message naming the server and what went wrong.
 */
import type { FhirResource, Bundle } from 'fhir/r4';

export type FhirErrorKind =
  /** Network failure or server down. */
  | 'unreachable'
  /** 401 that a token refresh could not fix: the user must sign in again. */
  | 'unauthorized'
  /** 403: the token's scopes do not allow this. */
  | 'forbidden'
  | 'not-found'
  /** 4xx/5xx with or without an OperationOutcome. */
  | 'server-error'
  /** The body was not JSON, or not the FHIR resource expected. */
  | 'invalid-response'
  /** Paging followed `next` links into a loop or past the page limit. */
  | 'paging-loop'
  | 'aborted';

export class FhirRequestError extends Error {
  constructor(
    readonly kind: FhirErrorKind,
    message: string,
    readonly details: {
      serverUrl: string;
      status?: number;
      /** `issue.diagnostics` / `details.text` from an OperationOutcome, when one came back. */
      outcome?: string[];
      url?: string;
      /** `unreachable` after a time limit: how long the server was given. */
      timeoutMs?: number;
      /** `invalid-response`: the Content-Type that came instead of JSON. */
      contentType?: string;
      /** `invalid-response`: the resourceType asked for, and the one that came. */
      expectedType?: string;
      receivedType?: string;
    },
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }
}

export interface FetchAllOptions {
  /** Stop with a `paging-loop` error after this many pages (default 200). */
  maxPages?: number;
  signal?: AbortSignal;
  onPage?: (resourcesSoFar: number) => void;
}

export interface FhirApi {
  /** FHIR base URL of the signed-in server. */
  readonly serverUrl: string;
  /**
   * The current SMART access token, for the one other service that must know who the
   * clinician is: the signaling service verifies it once to open a consult room.
   */
  accessToken?(): string | undefined;
  /** Read one resource: `read('Patient', id)`. */
  read<T extends FhirResource>(
    type: T['resourceType'],
    id: string,
    signal?: AbortSignal,
  ): Promise<T>;
  /** One search page: `search('Patient', { name: 'smith' })`. */
  search(
    type: string,
    params: Record<string, string | string[]>,
    signal?: AbortSignal,
  ): Promise<Bundle>;
  /**
   * Every resource of a search or operation, following `Bundle.link[relation=next]` with
   * loop and page-count guards. `path` is relative to the base, e.g.
   * `Observation?patient=123&_count=200` or `Patient/123/$everything`.
   */
  fetchAll(path: string, options?: FetchAllOptions): Promise<FhirResource[]>;
}

/** Outcome of a write: the HTTP status and, on failure, the server's OperationOutcome text. */
export interface WriteResult {
  status: number;
  outcome?: string;
}

/**
 * The one write the outbox needs. Throws {@link FhirRequestError} only when the server could
 * not be reached (or the request was aborted); every HTTP answer is returned as a value.
 */
export interface FhirWriter {
  /** `PUT [base]/<type>/<id>` with `If-None-Match: *`: 201 created, 412 when the id exists. */
  putIfNoneMatch(
    type: string,
    id: string,
    body: FhirResource,
    signal?: AbortSignal,
  ): Promise<WriteResult>;
  /** `PUT [base]/<type>/<id>`: replaces the resource (idempotent: a retry writes the same). */
  put(type: string, id: string, body: FhirResource, signal?: AbortSignal): Promise<WriteResult>;
  /**
   * `PUT [base]/<type>/<id>` with `If-Match: W/"<versionId>"` (a versioned update,
   * https://hl7.org/fhir/R4/http.html#concurrency): 200 when the server still had that version,
   * 412 when someone changed it since.
   */
  putIfMatch(
    type: string,
    id: string,
    body: FhirResource,
    versionId: string,
    signal?: AbortSignal,
  ): Promise<WriteResult>;
}
