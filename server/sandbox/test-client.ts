/**
 * Test helper: gets a real access token from a running sandbox by walking the SMART
 * authorization-code flow with PKCE over HTTP, exactly as a browser would (no back doors).
 * Used by the sandbox tests, benches and E2E setups.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SANDBOX_CLIENT_ID } from '../../shared/config/app-config';
import { DEMO_ACCOUNTS } from './auth/accounts';

export interface SandboxTokenRequest {
  /** A DEMO_ACCOUNTS username, e.g. `dr.weber`. */
  username: string;
  /** Defaults: with patientId `openid fhirUser launch/patient patient/*.rs offline_access`, else `openid fhirUser user/*.cruds offline_access`. */
  scope?: string;
  /** Picked on the patient picker (standalone launch with `launch/patient`). */
  patientId?: string;
  /** Default `http://127.0.0.1:53682/callback` (never contacted: the code is read from the redirect). */
  redirectUri?: string;
}

export interface SandboxTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  patient?: string;
  id_token?: string;
  refresh_token?: string;
  need_patient_banner?: boolean;
}

/** Extracts the hidden `pending` id from a sandbox page. */
export function pendingIdFrom(html: string): string {
  const match = /name="pending" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`No pending authorization id in page: ${html.slice(0, 300)}`);
  return match[1];
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

export async function getSandboxToken(
  sandbox: { origin: string; fhirBaseUrl: string },
  request: SandboxTokenRequest,
): Promise<SandboxTokenResponse> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === request.username);
  if (!account) throw new Error(`Unknown demo account ${request.username}`);
  const scope =
    request.scope ??
    (request.patientId !== undefined
      ? 'openid fhirUser launch/patient patient/*.rs offline_access'
      : 'openid fhirUser user/*.cruds offline_access');
  const redirectUri = request.redirectUri ?? 'http://127.0.0.1:53682/callback';
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('hex');
  const authorize = new URL(`${sandbox.origin}/auth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: SANDBOX_CLIENT_ID,
    redirect_uri: redirectUri,
    scope,
    state,
    aud: sandbox.fhirBaseUrl,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(k, v);
  }
  const page = await fetch(authorize, { redirect: 'manual' });
  if (page.status !== 200)
    throw new Error(
      `authorize answered ${page.status}: ${page.headers.get('location') ?? (await page.text())}`,
    );
  const pending = pendingIdFrom(await page.text());
  let res = await fetch(
    `${sandbox.origin}/auth/authorize/sign-in`,
    form({ pending, username: account.username, password: account.password }),
  );
  if (res.status === 200) {
    if (request.patientId === undefined)
      throw new Error('The sandbox asked for a patient but no patientId was given');
    res = await fetch(
      `${sandbox.origin}/auth/authorize/patient`,
      form({ pending, patient: request.patientId }),
    );
  }
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null)
    throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (back.searchParams.get('state') !== state || code === null)
    throw new Error(`Bad redirect ${location}`);
  const token = await fetch(
    `${sandbox.origin}/auth/token`,
    form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: SANDBOX_CLIENT_ID,
      code_verifier: verifier,
    }),
  );
  if (token.status !== 200)
    throw new Error(`token answered ${token.status}: ${await token.text()}`);
  return (await token.json()) as SandboxTokenResponse;
}
