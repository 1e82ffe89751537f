/**
 * SMART Backend Services (https://hl7.org/fhir/smart-app-launch/backend-services.html): a
 * service with no user — the signaling service's patient companion — gets a short-lived
 * `system/` access token with `grant_type=client_credentials`, authenticating with a JWT it
 * signed with its private key (`private_key_jwt`, RFC 7523 §2.2). The sandbox checks that JWT
 * against the public JWKS the client was registered with.
 *
 * Registration is programmatic: the process that starts the sandbox registers its own services
 * ({@link registerBackendClient}); there is no dynamic registration endpoint. Registrations are
 * kept per sandbox, keyed by its FHIR base URL (the issuer of its tokens).
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { SANDBOX_CLIENT_ID } from '../../../shared/config/app-config';
import type { SandboxContext } from '../context';
import { isCoveredBy, parseResourceScope } from './scopes';
import type { ResourceScope } from './scopes';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The signing algorithms SMART Backend Services requires servers to support. */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
/** The spec caps an assertion's `exp` at five minutes after now. */
const MAX_ASSERTION_LIFETIME_S = 300;
/** Clock difference tolerated between the client and this server. */
const CLOCK_SKEW_S = 5;
/** The spec recommends five-minute access tokens for backend services. */
const MAX_TOKEN_LIFETIME_S = 300;

/** Private members of RSA and EC keys, and symmetric key material: never in a public JWKS. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const publicJwkSchema = z
  .looseObject({
    kty: z.enum(['RSA', 'EC']),
    kid: z.string().min(1, 'each key needs a kid (the assertion header names it)'),
    alg: z.enum(ASSERTION_ALGORITHMS).optional(),
    crv: z.string().optional(),
  })
  .refine((k) => PRIVATE_MEMBERS.every((m) => !(m in k)), {
    message: 'the JWKS holds private key material; register the public keys only',
  })
  .refine((k) => k.kty !== 'EC' || k.crv === 'P-384', {
    message: 'EC keys must be on P-384 (ES384)',
  });

const registrationSchema = z.object({
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{3,128}$/, 'clientId: 3–128 URL-safe characters')
    .refine((id) => id !== SANDBOX_CLIENT_ID, 'clientId is the workstation public client'),
  jwks: z.object({ keys: z.array(publicJwkSchema).min(1).max(10) }),
  scopes: z.array(z.string()).min(1),
});

/** A backend service allowed to use `client_credentials` on one sandbox. */
export interface BackendClientRegistration {
  clientId: string;
  /** Its public keys (RS384 or ES384 on P-384), each with a `kid`. */
  jwks: JSONWebKeySet;
  /** The `system/` scopes it may request, e.g. `system/Observation.cru`. */
  scopes: readonly string[];
}

interface RegisteredClient {
  clientId: string;
  keys: ReturnType<typeof createLocalJWKSet>;
  scopes: ResourceScope[];
}

/** The backend clients of one sandbox and the assertion ids they have used. */
class BackendClientRegistry {
  readonly clients = new Map<string, RegisteredClient>();
  /** `clientId|jti` → epoch seconds after which the assertion is dead anyway. */
  private readonly usedJti = new Map<string, number>();

  /** True when `jti` is fresh for the client; remembers it until `exp` (plus skew). */
  claimJti(clientId: string, jti: string, exp: number, now: number): boolean {
    for (const [key, until] of this.usedJti) if (until < now) this.usedJti.delete(key);
    const key = `${clientId}|${jti}`;
    if (this.usedJti.has(key)) return false;
    this.usedJti.set(key, exp + CLOCK_SKEW_S);
    return true;
  }
}

const registries = new Map<string, BackendClientRegistry>();

/**
 * Registers a backend service with the sandbox serving `fhirBaseUrl` (pass the `Sandbox`
 * handle). Throws on an invalid registration: private keys in the JWKS, non-system scopes, a
 * client id already in use. Returns a function that removes the registration again.
 */
export function registerBackendClient(
  sandbox: { fhirBaseUrl: string },
  registration: BackendClientRegistration,
): () => void {
  const parsed = registrationSchema.safeParse(registration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid backend client registration: ${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`,
    );
  }
  const scopes = parsed.data.scopes.map((s) => {
    const scope = parseResourceScope(s);
    if (scope?.level !== 'system')
      throw new Error(`Invalid backend client registration: "${s}" is not a system/ scope`);
    return scope;
  });
  let registry = registries.get(sandbox.fhirBaseUrl);
  if (!registry) {
    registry = new BackendClientRegistry();
    registries.set(sandbox.fhirBaseUrl, registry);
  }
  const { clientId } = parsed.data;
  if (registry.clients.has(clientId))
    throw new Error(`Backend client "${clientId}" is already registered`);
  const client: RegisteredClient = {
    clientId,
    keys: createLocalJWKSet(registration.jwks),
    scopes,
  };
  registry.clients.set(clientId, client);
  const held = registry;
  return () => {
    if (held.clients.get(clientId) === client) held.clients.delete(clientId);
  };
}

/** Drops every registration of the sandbox serving `fhirBaseUrl` (call when it closes). */
export function forgetBackendClients(fhirBaseUrl: string): void {
  registries.delete(fhirBaseUrl);
}

/** An RFC 6749 §5.1 token response, or a §5.2 error with its HTTP status. */
export type ClientCredentialsResult =
  | { ok: true; body: Record<string, unknown>; clientId: string }
  | { ok: false; status: 400 | 401; error: string; description: string };

const fail = (
  status: 400 | 401,
  error: string,
  description: string,
): ClientCredentialsResult & { ok: false } => ({ ok: false, status, error, description });

const assertionClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  jti: z.string().min(1).max(256),
});

type Verified = { clientId: string } | (ClientCredentialsResult & { ok: false });

/**
 * Authenticates the client from its assertion: registered `iss` = `sub`, a `kid` of its JWKS,
 * RS384/ES384 signature, `aud` = the token URL, `exp` no more than five minutes ahead, and a
 * `jti` it has not used before (RFC 7523 §3; SMART backend-services "Authenticating").
 */
async function verifyAssertion(
  registry: BackendClientRegistry | undefined,
  assertion: string,
  tokenUrl: string,
): Promise<Verified> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: z.infer<typeof assertionClaimsSchema>;
  try {
    header = decodeProtectedHeader(assertion);
    const claims = assertionClaimsSchema.safeParse(decodeJwt(assertion));
    if (!claims.success)
      return fail(401, 'invalid_client', 'client_assertion needs iss, sub, aud, exp and jti');
    unverified = claims.data;
  } catch {
    return fail(401, 'invalid_client', 'client_assertion is not a JWT');
  }
  if (unverified.iss !== unverified.sub)
    return fail(401, 'invalid_client', 'client_assertion iss and sub must both be the client_id');
  const client = registry?.clients.get(unverified.iss);
  if (!client)
    return fail(401, 'invalid_client', `No backend client is registered as "${unverified.iss}"`);
  if (!ASSERTION_ALGORITHMS.some((a) => a === header.alg))
    return fail(401, 'invalid_client', 'client_assertion must be signed with RS384 or ES384');
  if (typeof header.kid !== 'string' || header.kid === '')
    return fail(401, 'invalid_client', 'client_assertion header needs the kid of the signing key');
  try {
    await jwtVerify(assertion, client.keys, {
      algorithms: [...ASSERTION_ALGORITHMS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: tokenUrl,
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['exp', 'jti'],
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return fail(401, 'invalid_client', 'client_assertion has expired');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud')
      return fail(401, 'invalid_client', `client_assertion aud must be the token URL ${tokenUrl}`);
    if (error instanceof errors.JWKSNoMatchingKey)
      return fail(401, 'invalid_client', `No registered key of the client has kid "${header.kid}"`);
    return fail(
      401,
      'invalid_client',
      `client_assertion rejected: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  if (unverified.exp > now + MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S)
    return fail(401, 'invalid_client', 'client_assertion exp must be at most 5 minutes ahead');
  if (!registry?.claimJti(client.clientId, unverified.jti, unverified.exp, now))
    return fail(401, 'invalid_client', 'client_assertion jti was already used');
  return { clientId: client.clientId };
}

/**
 * The `client_credentials` grant: authenticates the client (above), then grants the requested
 * `system/` scopes when the registration covers them, else `invalid_scope`.
 */
export async function clientCredentialsGrant(
  ctx: SandboxContext,
  form: URLSearchParams,
): Promise<ClientCredentialsResult> {
  const assertionType = form.get('client_assertion_type');
  const assertion = form.get('client_assertion');
  if (assertionType === null || assertion === null || assertion === '')
    return fail(
      401,
      'invalid_client',
      'client_credentials needs client_assertion_type and client_assertion (private_key_jwt)',
    );
  if (assertionType !== JWT_BEARER_ASSERTION)
    return fail(401, 'invalid_client', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  const verified = await verifyAssertion(
    registries.get(ctx.fhirBaseUrl),
    assertion,
    `${ctx.origin}/auth/token`,
  );
  if ('ok' in verified) return verified;
  const sentClientId = form.get('client_id');
  if (sentClientId !== null && sentClientId !== verified.clientId)
    return fail(401, 'invalid_client', 'client_id does not match the client_assertion issuer');
  const client = registries.get(ctx.fhirBaseUrl)?.clients.get(verified.clientId);
  if (!client) return fail(401, 'invalid_client', 'The client is no longer registered');

  const requested = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
  if (requested.length === 0) return fail(400, 'invalid_scope', 'scope is required');
  for (const s of requested) {
    const scope = parseResourceScope(s);
    if (scope?.level !== 'system')
      return fail(400, 'invalid_scope', `"${s}" is not a system/ scope`);
    if (!isCoveredBy(scope, client.scopes))
      return fail(
        400,
        'invalid_scope',
        `"${s}" goes beyond what ${client.clientId} is registered for`,
      );
  }
  const scope = requested.join(' ');
  const lifetime = Math.min(ctx.tokenLifetimeSeconds, MAX_TOKEN_LIFETIME_S);
  const accessToken = await ctx.signer.signAccessToken(
    // No user acts here: fhirUser stays empty, so no clinician check ever accepts this token.
    { sub: client.clientId, scope, client_id: client.clientId, fhirUser: '' },
    lifetime,
  );
  return {
    ok: true,
    clientId: client.clientId,
    body: { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime, scope },
  };
}
