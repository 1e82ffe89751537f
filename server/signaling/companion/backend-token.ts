/**
 * The companion's access to FHIR as a SMART backend service: it signs a client assertion
 * (RFC 7523; iss = sub = client id, aud = the token URL, five minutes, fresh jti), trades it for
 * a `system/` access token with `grant_type=client_credentials`, and keeps the token until a
 * minute before it expires. Concurrent callers share one request.
 * @see https://hl7.org/fhir/smart-app-launch/backend-services.html#obtaining-an-access-token
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { BackendKey } from './keys';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Renew this long before expiry, so a token never expires in flight. */
const RENEW_BEFORE_MS = 60_000;

/** What the companion needs of FHIR; see the README for registering it. */
export const COMPANION_SCOPES =
  'system/Patient.r system/Practitioner.r system/CarePlan.rs system/Communication.rs system/Observation.cru';

const smartConfigurationSchema = z.looseObject({ token_endpoint: z.url() });
const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type is not Bearer'),
  expires_in: z.number().positive(),
});

/** The token endpoint refused, or answered something that is not a token. */
export class BackendTokenError extends Error {
  override name = 'BackendTokenError';
}

export interface BackendTokenOptions {
  fhirBaseUrl: string;
  clientId: string;
  key: BackendKey;
  scope?: string;
  /** Token URL; default: discovered from `.well-known/smart-configuration`. */
  tokenUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export class BackendTokenSource {
  private tokenUrl: string | undefined;
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: BackendTokenOptions) {
    this.tokenUrl = options.tokenUrl;
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** A valid access token: the cached one, or a new one. */
  accessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget `token` (the FHIR server refused it); the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async discover(): Promise<string> {
    if (this.tokenUrl) return this.tokenUrl;
    const url = `${this.options.fhirBaseUrl}/.well-known/smart-configuration`;
    const res = await this.fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new BackendTokenError(`${url} answered ${res.status}`);
    const parsed = smartConfigurationSchema.safeParse(await res.json());
    if (!parsed.success) throw new BackendTokenError(`${url} names no token_endpoint`);
    this.tokenUrl = parsed.data.token_endpoint;
    return this.tokenUrl;
  }

  private async request(): Promise<string> {
    const tokenUrl = await this.discover();
    const { clientId, key } = this.options;
    const nowS = Math.floor(this.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + 240)
      .setJti(randomUUID())
      .sign(key.privateKey);
    const res = await this.fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: this.options.scope ?? COMPANION_SCOPES,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = z
        .looseObject({ error: z.string(), error_description: z.string().optional() })
        .safeParse(body);
      throw new BackendTokenError(
        `token endpoint refused the companion (${res.status}): ${
          error.success ? `${error.data.error} ${error.data.error_description ?? ''}` : 'no reason'
        }`.trim(),
      );
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) throw new BackendTokenError('token endpoint answered without a token');
    const lifetimeMs = parsed.data.expires_in * 1000;
    this.cached = {
      token: parsed.data.access_token,
      // Short-lived tokens are renewed at half their life rather than never cached.
      renewAt: this.now() + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2),
    };
    return parsed.data.access_token;
  }
}
