/**
 * Persisting the SMART token state through `host.secrets` (safeStorage in Electron,
 * sessionStorage in the browser) so a reload or restart can continue without signing in.
 * One entry per server (`smart.session.<serverId>`): fhirclient alone keeps a single
 * session in sessionStorage and cannot hold two servers (client-js #157).
 */
import { z } from 'zod';
import type { SecretStore } from '../host/Host';
import { FHIRCLIENT_SMART_KEY, type SmartClientState } from './smart-lib';

/** host.secrets key holding the id of the server signed in last. */
export const ACTIVE_SERVER_SECRET = 'smart.active';
/** host.secrets key holding a server's token state. */
export const sessionSecretKey = (serverId: string): string => `smart.session.${serverId}`;

const storedStateSchema = z.looseObject({
  serverUrl: z.string().min(1),
  clientId: z.string().optional(),
  scope: z.string().optional(),
  redirectUri: z.string().optional(),
  tokenUri: z.string().optional(),
  authorizeUri: z.string().optional(),
  key: z.string().optional(),
  expiresAt: z.number().optional(),
  tokenResponse: z.looseObject({
    access_token: z.string().min(1),
    refresh_token: z.string().optional(),
    id_token: z.string().optional(),
    scope: z.string().optional(),
    patient: z.string().optional(),
  }),
});

/** Fields never worth persisting (PKCE verifier is single-use; no secrets for public clients). */
const DROP = ['codeVerifier', 'codeChallenge', 'clientSecret', 'clientPrivateJwk'] as const;

export async function saveSessionState(
  secrets: SecretStore,
  serverId: string,
  state: SmartClientState,
): Promise<void> {
  const copy = Object.fromEntries(
    Object.entries(state).filter(([field]) => !(DROP as readonly string[]).includes(field)),
  );
  await secrets.set(sessionSecretKey(serverId), JSON.stringify(copy));
  await secrets.set(ACTIVE_SERVER_SECRET, serverId);
}

/** The saved state, or null when absent or not the shape we wrote (then it is deleted). */
export async function loadSessionState(
  secrets: SecretStore,
  serverId: string,
): Promise<SmartClientState | null> {
  const raw = await secrets.get(sessionSecretKey(serverId));
  if (raw === null) return null;
  try {
    const parsed = storedStateSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable entries are removed below
  }
  await secrets.delete(sessionSecretKey(serverId));
  return null;
}

/**
 * Forget every trace of a server's session: our secret entries and fhirclient's own
 * sessionStorage state.
 */
export async function clearSession(
  secrets: SecretStore,
  serverId: string,
  fhirclientKey: string | undefined,
  storage: Storage | undefined,
): Promise<void> {
  await secrets.delete(sessionSecretKey(serverId));
  if ((await secrets.get(ACTIVE_SERVER_SECRET)) === serverId) {
    await secrets.delete(ACTIVE_SERVER_SECRET);
  }
  if (storage && fhirclientKey) {
    storage.removeItem(fhirclientKey);
    if (storage.getItem(FHIRCLIENT_SMART_KEY)?.includes(fhirclientKey)) {
      storage.removeItem(FHIRCLIENT_SMART_KEY);
    }
  }
}
