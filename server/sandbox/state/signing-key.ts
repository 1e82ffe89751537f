/**
 * The sandbox's ES256 signing key pair, kept in the state folder (`signing-key.json`, owner
 * read/write only) so access tokens issued before a restart still verify after it. Made once,
 * on the first start with that folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import { z } from 'zod';
import type { SigningKeyPair } from '../auth/tokens';
import { writeFileAtomic } from './files';

export const SIGNING_KEY_FILE = 'signing-key.json';

const fileSchema = z.object({
  kid: z.string().min(1),
  privateJwk: z.looseObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string(),
    d: z.string(),
  }),
});

async function importPair(file: z.output<typeof fileSchema>): Promise<SigningKeyPair> {
  const { kty, crv, x, y } = file.privateJwk;
  return {
    privateKey: await importJWK(file.privateJwk, 'ES256'),
    publicKey: await importJWK({ kty, crv, x, y }, 'ES256'),
    kid: file.kid,
  };
}

/**
 * Reads the kept key pair, or makes and keeps one. A damaged file is an error naming it,
 * never silently replaced: replacing it would invalidate every token already handed out.
 * (It is written atomically, so a kill never leaves it half-written.)
 */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKeyPair> {
  const path = join(dir, SIGNING_KEY_FILE);
  if (existsSync(path)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path} is not an ES256 signing key file`);
    return importPair(parsed.data);
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const file = fileSchema.parse({ kid: randomUUID(), privateJwk: await exportJWK(privateKey) });
  writeFileAtomic(path, `${JSON.stringify(file)}\n`);
  return importPair(file);
}
