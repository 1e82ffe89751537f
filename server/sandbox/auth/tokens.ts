/**
 * Signed JWT access and id tokens (ES256). The key pair is made at each start, so tokens never
 * outlive the sandbox process, unless a state folder keeps it (state/signing-key.ts): then
 * tokens stay valid across restarts until they expire. The FHIR side verifies every request's
 * token here.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, errors } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { z } from 'zod';

export interface AccessClaims {
  sub: string;
  scope: string;
  client_id: string;
  fhirUser: string;
  patient?: string;
}

const accessClaimsSchema = z.object({
  sub: z.string(),
  scope: z.string(),
  client_id: z.string(),
  fhirUser: z.string(),
  patient: z.string().optional(),
});

/** An ES256 key pair and its key id (the JWKS `kid`). */
export interface SigningKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

export class TokenSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /** `keys` is a kept key pair (see state/signing-key.ts); without it a fresh one is made. */
  static async create(
    issuer: string,
    audience: string,
    keys?: SigningKeyPair,
  ): Promise<TokenSigner> {
    const { privateKey, publicKey, kid } = keys ?? {
      ...(await generateKeyPair('ES256')),
      kid: randomUUID(),
    };
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new TokenSigner(privateKey, publicKey, jwk, issuer, audience);
  }

  async signAccessToken(claims: AccessClaims, lifetimeSeconds: number): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .sign(this.privateKey);
  }

  /** OpenID Connect id token: audience is the client, `fhirUser` names the Practitioner. */
  async signIdToken(
    claims: { sub: string; fhirUser: string; name: string; clientId: string },
    lifetimeSeconds: number,
  ): Promise<string> {
    return new SignJWT({ fhirUser: claims.fhirUser, name: claims.name, profile: claims.fhirUser })
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(claims.sub)
      .setAudience(claims.clientId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, audience and expiry; returns a reason on failure. */
  async verifyAccessToken(
    token: string,
  ): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: string }> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
      });
      const parsed = accessClaimsSchema.safeParse(payload);
      if (!parsed.success) return { ok: false, reason: 'The access token lacks required claims' };
      return { ok: true, claims: parsed.data };
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        return { ok: false, reason: 'The access token expired' };
      return { ok: false, reason: 'The access token is invalid' };
    }
  }
}
