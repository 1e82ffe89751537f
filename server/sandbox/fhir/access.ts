/**
 * Bearer-token checks for every FHIR request (RFC 6750 §3 errors with WWW-Authenticate) and
 * SMART scope enforcement: patient-level scopes confine a token to its context patient's
 * compartment; resources outside every compartment (Practitioner, Organization, Medication…)
 * stay readable because a chart needs them.
 */
import type { IncomingMessage } from 'node:http';
import type { SandboxContext } from '../context';
import { HttpError } from '../http/errors';
import { decideAccess } from '../auth/scopes';
import type { Permission } from '../auth/scopes';
import type { AccessClaims } from '../auth/tokens';
import { patientIdOf } from './references';
import type { StoredResource } from './types';

export interface RequestAuth {
  claims: AccessClaims;
  scopes: string[];
  /** Who may page through search snapshots this request creates. */
  owner: string;
}

function unauthorized(description: string): HttpError {
  return new HttpError(401, description, 'login', {
    'WWW-Authenticate': `Bearer realm="sandbox", error="invalid_token", error_description="${description.replace(/["\\]/g, '')}"`,
  });
}

export async function authenticate(
  ctx: SandboxContext,
  req: IncomingMessage,
): Promise<RequestAuth> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw unauthorized('An access token is required (Authorization: Bearer <token>)');
  const result = await ctx.signer.verifyAccessToken(match[1]);
  if (!result.ok) throw unauthorized(result.reason);
  const claims = result.claims;
  return {
    claims,
    scopes: claims.scope.split(' '),
    owner: `${claims.sub}|${claims.patient ?? ''}`,
  };
}

/**
 * Throws 403 unless the scopes allow `permission` on `type`. Returns the patient the request
 * is confined to when only patient-level scopes allow it.
 */
export function authorizeType(
  auth: RequestAuth,
  type: string,
  permission: Permission,
): string | undefined {
  const decision = decideAccess(auth.scopes, type, permission);
  if (!decision.allowed) {
    throw new HttpError(
      403,
      `The access token's scopes do not allow ${describe(permission)} ${type} (granted: ${auth.scopes.join(' ')})`,
    );
  }
  if (!decision.patientOnly) return undefined;
  if (auth.claims.patient === undefined) {
    throw new HttpError(
      403,
      'Patient-level scopes need a patient in context, and this token has none',
    );
  }
  return auth.claims.patient;
}

/** Throws 403 when a patient-confined request touches another patient's resource. */
export function assertCompartment(
  patient: string | undefined,
  resource: StoredResource | Record<string, unknown>,
): void {
  if (patient === undefined) return;
  const owner = patientIdOf(resource);
  if (owner !== undefined && owner !== patient) {
    throw new HttpError(
      403,
      `This token is limited to Patient/${patient}; the resource belongs to another patient`,
    );
  }
}

function describe(permission: Permission): string {
  return { c: 'creating', r: 'reading', u: 'updating', d: 'deleting', s: 'searching' }[permission];
}
