/**
 * The companion's key pair for SMART Backend Services: the private key signs its client
 * assertions; the public JWKS is what the FHIR server's administrator registers for the client.
 * Standalone it is read from a private JWK (file or environment); embedded it is made in
 * memory at start and registered with the embedded sandbox directly.
 * @see https://hl7.org/fhir/smart-app-launch/backend-services.html#registering-a-client-communicating-public-keys
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK, KeyObject } from 'jose';
import { z } from 'zod';

export type AssertionAlgorithm = 'ES384' | 'RS384';

/** What the companion signs its assertions with. */
export interface BackendKey {
  privateKey: CryptoKey | KeyObject | Uint8Array;
  kid: string;
  alg: AssertionAlgorithm;
}

const privateJwkSchema = z.looseObject({
  kty: z.enum(['EC', 'RSA']),
  kid: z
    .string('needs a kid (the FHIR server finds the public key by it)')
    .min(1, 'needs a kid (the FHIR server finds the public key by it)'),
  alg: z.enum(['ES384', 'RS384']).optional(),
  crv: z.string().optional(),
  d: z.string('is not a private key (no "d")').min(1, 'is not a private key (no "d")'),
});

/**
 * Reads a private JWK (JSON text) for RS384 or ES384 (P-384). `alg` may be left out: EC keys
 * sign with ES384 and RSA keys with RS384. Throws with the offending member named.
 */
export async function loadBackendKey(jwkJson: string): Promise<BackendKey> {
  let json: unknown;
  try {
    json = JSON.parse(jwkJson);
  } catch {
    throw new Error('companion key: not JSON (expected a private JWK)');
  }
  const parsed = privateJwkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`companion key: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  const jwk = parsed.data;
  const alg: AssertionAlgorithm = jwk.alg ?? (jwk.kty === 'EC' ? 'ES384' : 'RS384');
  if ((alg === 'ES384') !== (jwk.kty === 'EC'))
    throw new Error(`companion key: alg ${alg} does not fit a ${jwk.kty} key`);
  if (jwk.kty === 'EC' && jwk.crv !== 'P-384')
    throw new Error('companion key: EC keys must be on P-384 for ES384');
  return { privateKey: await importJWK(jwk as JWK, alg), kid: jwk.kid, alg };
}

/** A fresh ES384 key pair in memory, with the public JWKS to register. */
export async function generateBackendKey(): Promise<{ key: BackendKey; jwks: JSONWebKeySet }> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return { key: { privateKey, kid, alg: 'ES384' }, jwks: { keys: [publicJwk] } };
}
