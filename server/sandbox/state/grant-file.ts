/**
 * Keeps the refresh-token state (live tokens, spent tokens for reuse detection, revoked
 * families) in `grants.json` in the state folder, so the app can still refresh after the sandbox
 * restarts. Tokens are stored only as SHA-256 hashes (auth/grants.ts). The file is rewritten
 * atomically after every change, before the token response goes out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RefreshPersistence, RefreshState } from '../auth/grants';
import { writeFileAtomic } from './files';

export const GRANTS_FILE = 'grants.json';

const grantSchema = z.object({
  clientId: z.string(),
  username: z.string(),
  scope: z.array(z.string()),
  patient: z.string().optional(),
  family: z.string(),
  expires: z.number(),
});

const stateSchema = z.object({
  refresh: z.array(z.tuple([z.string(), grantSchema])),
  spent: z.array(z.tuple([z.string(), z.object({ family: z.string(), expires: z.number() })])),
  revokedFamilies: z.array(z.string()),
});

/** Loads `grants.json` (absent = no refresh tokens yet); a damaged file is an error naming it. */
export function refreshPersistence(dir: string): RefreshPersistence {
  const path = join(dir, GRANTS_FILE);
  let initial: RefreshState | undefined;
  if (existsSync(path)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path} is not a sandbox grants file`);
    initial = parsed.data;
  }
  return {
    initial,
    save: (state) => {
      writeFileAtomic(path, `${JSON.stringify(state)}\n`);
    },
  };
}
