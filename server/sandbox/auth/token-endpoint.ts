/**
 * The token endpoint (https://hl7.org/fhir/smart-app-launch/app-launch.html#obtain-access-token):
 * authorization_code with PKCE S256 verification (RFC 7636 §4.6), and refresh_token with
 * rotation, and client_credentials for registered backend services (backend-services.ts).
 * Errors are RFC 6749 §5.2 JSON bodies with status 400 (401 for client problems).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/errors';
import { readForm, sendJson } from '../http/io';
import type { SandboxContext } from '../context';
import { DEMO_ACCOUNTS } from './accounts';
import { clientCredentialsGrant } from './backend-services';
import { isKnownClient } from './clients';
import type { Grant } from './grants';

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, { Pragma: 'no-cache' });
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

async function tokenResponse(
  ctx: SandboxContext,
  grant: Grant,
  refreshToken: string | undefined,
): Promise<Record<string, unknown>> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === grant.username);
  if (!account) throw new HttpError(500, `Unknown account ${grant.username}`);
  const fhirUser = `Practitioner/${account.practitionerId}`;
  const scope = grant.scope.join(' ');
  const accessToken = await ctx.signer.signAccessToken(
    {
      sub: account.username,
      scope,
      client_id: grant.clientId,
      fhirUser,
      ...(grant.patient ? { patient: grant.patient } : {}),
    },
    ctx.tokenLifetimeSeconds,
  );
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.tokenLifetimeSeconds,
    scope,
    need_patient_banner: true,
  };
  if (grant.patient) body.patient = grant.patient;
  if (
    grant.scope.includes('openid') &&
    (grant.scope.includes('fhirUser') || grant.scope.includes('profile'))
  ) {
    body.id_token = await ctx.signer.signIdToken(
      { sub: account.username, fhirUser, name: account.displayName, clientId: grant.clientId },
      ctx.tokenLifetimeSeconds,
    );
  }
  if (refreshToken) body.refresh_token = refreshToken;
  return body;
}

function wantsRefresh(grant: Grant): boolean {
  return grant.scope.includes('offline_access') || grant.scope.includes('online_access');
}

export async function handleToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let form: URLSearchParams;
  try {
    form = await readForm(req);
  } catch (error) {
    oauthError(
      res,
      400,
      'invalid_request',
      error instanceof Error ? error.message : 'Unreadable body',
    );
    return;
  }
  const grantType = form.get('grant_type');
  if (grantType === 'client_credentials') {
    // Backend services authenticate with a signed assertion, not a public client_id.
    const result = await clientCredentialsGrant(ctx, form);
    if (!result.ok) return oauthError(res, result.status, result.error, result.description);
    sendJson(res, 200, result.body, { Pragma: 'no-cache' });
    ctx.log(`token: client_credentials for ${result.clientId}`);
    return;
  }
  // A public client must name itself when exchanging a code; on refresh, SMART App Launch 2
  // (and RFC 6749 §6) do not require client_id from a public client: the refresh token
  // identifies the grant. When one is sent anyway it must be right.
  const sentClientId = form.get('client_id');
  const clientId = sentClientId ?? '';
  const clientOptional = grantType === 'refresh_token' && sentClientId === null;
  if (!clientOptional && !isKnownClient(clientId)) {
    oauthError(res, 401, 'invalid_client', `Unknown client_id "${clientId}"`);
    return;
  }
  if (grantType === 'authorization_code') {
    const grant = ctx.grants.takeCode(form.get('code') ?? '');
    if (!grant)
      return oauthError(
        res,
        400,
        'invalid_grant',
        'The authorization code is invalid, expired or already used',
      );
    if (grant.clientId !== clientId)
      return oauthError(res, 400, 'invalid_grant', 'The code was issued to another client');
    if (grant.redirectUri !== form.get('redirect_uri')) {
      return oauthError(
        res,
        400,
        'invalid_grant',
        'redirect_uri does not match the one sent to the authorization endpoint',
      );
    }
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || s256(verifier) !== grant.codeChallenge) {
      return oauthError(
        res,
        400,
        'invalid_grant',
        'PKCE verification failed: code_verifier does not match code_challenge',
      );
    }
    const { redirectUri: _r, codeChallenge: _c, expires: _e, ...base } = grant;
    const refresh = wantsRefresh(base) ? ctx.grants.issueRefresh(base) : undefined;
    sendJson(res, 200, await tokenResponse(ctx, base, refresh), { Pragma: 'no-cache' });
    ctx.log(`token: code exchanged for ${base.username}`);
    return;
  }
  if (grantType === 'refresh_token') {
    const rotated = ctx.grants.rotateRefresh(form.get('refresh_token') ?? '');
    if ('error' in rotated) return oauthError(res, 400, 'invalid_grant', rotated.error);
    if (!clientOptional && rotated.grant.clientId !== clientId)
      return oauthError(
        res,
        400,
        'invalid_grant',
        'The refresh token was issued to another client',
      );
    const requested = form.get('scope');
    let grant = rotated.grant;
    if (requested !== null && requested !== '') {
      // A refresh may narrow the scope, never widen it (RFC 6749 §6).
      const scopes = requested.split(/\s+/).filter((s) => s !== '');
      const extra = scopes.find((s) => !rotated.grant.scope.includes(s));
      if (extra !== undefined)
        return oauthError(res, 400, 'invalid_scope', `Scope "${extra}" was not granted originally`);
      grant = { ...grant, scope: scopes };
    }
    sendJson(res, 200, await tokenResponse(ctx, grant, rotated.next), { Pragma: 'no-cache' });
    return;
  }
  oauthError(
    res,
    400,
    'unsupported_grant_type',
    'grant_type must be authorization_code, refresh_token or client_credentials',
  );
}
