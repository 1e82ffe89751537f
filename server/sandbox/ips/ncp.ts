/**
 * The simulated national contact point (NCP): `GET /ncp/ips?country=DE&identifier=<system>|<value>`
 * answers with the visitor's home-country IPS document, in the home language, as MyHealth@EU
 * would relay it (https://health.ec.europa.eu/ehealth-digital-health-and-care/electronic-cross-border-health-services_en).
 * Same bearer tokens as the FHIR API; errors are OperationOutcomes; CORS comes from the front
 * door like every other path. See README.md, "Cross-border IPS".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { HttpError } from '../http/errors';
import { sendJson } from '../http/io';
import { decideAccess } from '../auth/scopes';
import { authenticate } from '../fhir/access';
import type { RequestAuth } from '../fhir/access';
import { FHIR_JSON } from '../fhir/routes';
import { isRecord } from '../fhir/types';
import type { DocumentBundle } from './document';
import { NCP_COUNTRIES, findVisitorDocument, isNcpCountry } from './visitors/index';
import type { VisitorCountry } from './visitors/index';

export const NCP_PATH = '/ncp/ips';

const countries = NCP_COUNTRIES.join(', ');

const querySchema = z.object({
  country: z
    .string({ error: `country is required: one of ${countries} (ISO 3166-1 alpha-2)` })
    .transform((c) => c.trim().toUpperCase())
    .refine(isNcpCountry, {
      error: (issue) =>
        `country "${String(issue.input)}" has no contact point here; use one of ${countries} (ISO 3166-1 alpha-2)`,
    }),
  identifier: z
    .string({
      error:
        'identifier is required: <system>|<value>, e.g. http://fhir.de/sid/gkv/kvid-10|M123456789',
    })
    .regex(/^(?:[^|\s]+\|)?[^|\s]+$/, {
      error: 'identifier must be <system>|<value> or <value>, without spaces',
    }),
});

export interface NcpQuery {
  country: VisitorCountry;
  identifier: { system?: string; value: string };
  /** As the client wrote it, for messages. */
  raw: string;
}

/** Parses the query; a repeated or missing parameter, or an unknown country, is a 400. */
export function parseNcpQuery(params: URLSearchParams): NcpQuery {
  const single = (name: string): string | undefined => {
    const all = params.getAll(name);
    if (all.length > 1)
      throw new HttpError(400, `${name} is given ${String(all.length)} times; give it once`);
    return all[0];
  };
  const parsed = querySchema.safeParse({
    country: single('country'),
    identifier: single('identifier'),
  });
  if (!parsed.success) throw new HttpError(400, parsed.error.issues[0]?.message ?? 'Invalid query');
  const { country, identifier } = parsed.data;
  const bar = identifier.indexOf('|');
  return {
    country,
    identifier:
      bar < 0
        ? { value: identifier }
        : { system: identifier.slice(0, bar), value: identifier.slice(bar + 1) },
    raw: identifier,
  };
}

/** True when the stored Patient carries the identifier (same value; same system when given). */
function patientHasIdentifier(
  ctx: SandboxContext,
  patientId: string,
  id: NcpQuery['identifier'],
): boolean {
  const patient = ctx.store.get('Patient', patientId);
  const identifiers = Array.isArray(patient?.identifier) ? (patient.identifier as unknown[]) : [];
  return identifiers.some(
    (i) =>
      isRecord(i) && i.value === id.value && (id.system === undefined || i.system === id.system),
  );
}

/**
 * A user-level token (`user/*.rs`) may look up anyone: the visitor is usually not in the local
 * record yet. A token with only patient-level scopes may fetch its own patient's home document,
 * found by an identifier the local Patient carries; any other identifier is a 403, decided
 * before the lookup so the answer does not reveal whether the document exists.
 */
function assertMayLookUp(ctx: SandboxContext, auth: RequestAuth, query: NcpQuery): void {
  const decision = decideAccess(auth.scopes, 'Patient', 'r');
  if (!decision.allowed)
    throw new HttpError(
      403,
      `A cross-border lookup needs read access to Patient (e.g. user/*.rs); granted: ${auth.scopes.join(' ')}`,
    );
  if (!decision.patientOnly) return;
  const patient = auth.claims.patient;
  if (patient === undefined)
    throw new HttpError(
      403,
      'Patient-level scopes need a patient in context, and this token has none',
    );
  if (!patientHasIdentifier(ctx, patient, query.identifier))
    throw new HttpError(
      403,
      `This token is limited to Patient/${patient}, which does not carry identifier ${query.raw}; a lookup of another person needs a user-level scope such as user/*.rs`,
    );
}

/** Every resource type in the document must be readable under the token's scopes. */
function assertMayRead(auth: RequestAuth, doc: DocumentBundle): void {
  const types = [...new Set(doc.entry.map((e) => e.resource.resourceType))].sort();
  const denied = types.filter((t) => !decideAccess(auth.scopes, t, 'r').allowed);
  if (denied.length > 0)
    throw new HttpError(
      403,
      `The document holds ${denied.join(', ')}, which this token's scopes do not allow reading (granted: ${auth.scopes.join(' ')})`,
    );
}

async function serve(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (url.pathname !== NCP_PATH)
    throw new HttpError(
      404,
      `Nothing at ${url.pathname}; the contact point answers GET ${NCP_PATH}?country=…&identifier=…`,
    );
  const method = req.method ?? 'GET';
  if (method !== 'GET')
    throw new HttpError(
      405,
      `${method} is not supported on ${NCP_PATH}; use GET`,
      'not-supported',
      {
        Allow: 'GET',
      },
    );
  const auth = await authenticate(ctx, req);
  const query = parseNcpQuery(url.searchParams);
  assertMayLookUp(ctx, auth, query);
  const doc = findVisitorDocument(query.country, query.identifier);
  if (!doc)
    throw new HttpError(
      404,
      `The ${query.country} national contact point has no patient summary for identifier ${query.raw}`,
    );
  assertMayRead(auth, doc);
  ctx.log(`ncp ${query.country}: patient summary sent`);
  sendJson(res, 200, doc, {}, FHIR_JSON);
}

/**
 * Handles everything under `/ncp`. Errors are thrown as HttpError; the front door
 * (server.ts) turns them into OperationOutcomes, as for `/fhir`.
 */
export const handleNcp = serve;
