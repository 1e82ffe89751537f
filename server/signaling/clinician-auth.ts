/**
 * Who may host a consult: a clinician signed in to a known SMART server. The workstation
 * sends its SMART access token once, to create a room; the token is verified here against the
 * server's JWKS (signature, issuer, audience, expiry) and must name a Practitioner as
 * `fhirUser`. Servers with opaque tokens would plug in token introspection here instead.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';

export interface ClinicianIdentity {
  /** `Practitioner/<id>` (or PractitionerRole), from the token's `fhirUser`. */
  userId: string;
  /** The SMART server (issuer) that vouched for them. */
  issuer: string;
}

export type ClinicianVerifier = (accessToken: string) => Promise<ClinicianIdentity>;

export class ClinicianAuthError extends Error {
  override name = 'ClinicianAuthError';
}

export const trustedServerSchema = z.object({
  /** The token's `iss` (for the sandbox: its FHIR base URL). */
  issuer: z.url(),
  /** Expected `aud`; defaults to the issuer. */
  audience: z.string().optional(),
  jwksUrl: z.url(),
});
export type TrustedServer = z.infer<typeof trustedServerSchema>;

const claimsSchema = z.object({
  fhirUser: z.string().regex(/^(?:.*\/)?(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/),
});

export function jwksClinicianVerifier(servers: readonly TrustedServer[]): ClinicianVerifier {
  const known = servers.map((s) => ({
    ...s,
    jwks: createRemoteJWKSet(new URL(s.jwksUrl), { timeoutDuration: 5000 }),
  }));
  return async (token) => {
    let issuer: string;
    try {
      const [, body] = token.split('.');
      issuer = z
        .object({ iss: z.string() })
        .parse(JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'))).iss;
    } catch {
      throw new ClinicianAuthError('access token is not a JWT');
    }
    const server = known.find((s) => s.issuer === issuer);
    if (!server) throw new ClinicianAuthError(`tokens of ${issuer} are not trusted here`);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, server.jwks, {
        issuer: server.issuer,
        audience: server.audience ?? server.issuer,
      }));
    } catch (e) {
      throw new ClinicianAuthError(`access token rejected: ${(e as Error).message}`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new ClinicianAuthError('only clinicians (Practitioner) can host');
    const userId = claims.data.fhirUser.replace(/^.*\/(Practitioner(?:Role)?\/)/, '$1');
    return { userId, issuer };
  };
}
