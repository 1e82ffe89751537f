/**
 * Asking the (sandbox) national contact point for a visitor's home-country IPS:
 * `GET <FHIR server origin>/ncp/ips?country=CC&identifier=system|value`, bearer = the SMART
 * access token. Failures come back as values the import form shows; the body of a success is
 * returned as text for `parseIpsText`, which does all the validation.
 * @see ../../../../server/sandbox/README.md ("Cross-border IPS")
 */
import { z } from 'zod';

export const NCP_COUNTRIES = ['DE', 'IT', 'FR', 'ES'] as const;
export type NcpCountry = (typeof NCP_COUNTRIES)[number];

export type NcpErrorCode =
  'bad-identifier' | 'no-token' | 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'http';

export interface NcpError {
  readonly code: NcpErrorCode;
  readonly status?: number;
  /** The server's OperationOutcome diagnostics, or the network error, as sent. */
  readonly detail?: string;
}

export type NcpResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: NcpError };

export interface NcpRequest {
  /** FHIR base URL of the signed-in server; the contact point lives at its origin. */
  readonly serverUrl: string;
  readonly accessToken: string | undefined;
  readonly country: NcpCountry;
  /** `system|value`, or a bare value (any identifier system of that country). */
  readonly identifier: string;
  readonly signal?: AbortSignal;
  readonly fetchImpl?: typeof fetch;
}

const outcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.looseObject({ diagnostics: z.string().optional() })).min(1),
});

/** A usable identifier: a value, optionally preceded by `system|`; both sides non-empty. */
export function isValidIdentifier(identifier: string): boolean {
  const text = identifier.trim();
  if (text === '' || /\s/.test(text)) return false;
  const parts = text.split('|');
  if (parts.length === 1) return true;
  return parts.length === 2 && parts.every((p) => p !== '');
}

/** The contact point URL for a request (exported for tests and the "copy link" in logs). */
export function ncpUrl(serverUrl: string, country: NcpCountry, identifier: string): string {
  const url = new URL('/ncp/ips', new URL(serverUrl).origin);
  url.searchParams.set('country', country);
  url.searchParams.set('identifier', identifier.trim());
  return url.toString();
}

async function diagnostics(response: Response): Promise<string | undefined> {
  try {
    const parsed = outcomeSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.issue[0]?.diagnostics : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches the document text; never throws (an abort surfaces as a `network` error). */
export async function fetchNcpIps(request: NcpRequest): Promise<NcpResult> {
  if (!isValidIdentifier(request.identifier)) {
    return { ok: false, error: { code: 'bad-identifier' } };
  }
  if (!request.accessToken) return { ok: false, error: { code: 'no-token' } };
  const doFetch = request.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(ncpUrl(request.serverUrl, request.country, request.identifier), {
      headers: {
        Accept: 'application/fhir+json',
        Authorization: `Bearer ${request.accessToken}`,
      },
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (err) {
    return {
      ok: false,
      error: { code: 'network', detail: err instanceof Error ? err.message : String(err) },
    };
  }
  if (response.ok) return { ok: true, text: await response.text() };
  const status = response.status;
  const code: NcpErrorCode =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : status === 400
            ? 'bad-identifier'
            : 'http';
  const detail = await diagnostics(response);
  return { ok: false, error: { code, status, ...(detail ? { detail } : {}) } };
}
