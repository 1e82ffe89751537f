import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_ID } from '../../shared/config/app-config';
import { startSandbox, DEMO_ACCOUNTS } from './index';
import type { Sandbox } from './index';
import { getSandboxToken, pendingIdFrom, pkcePair } from './test-client';

let sb: Sandbox;
const REDIRECT = 'http://127.0.0.1:49152/callback';

beforeAll(async () => {
  sb = await startSandbox({ tokenLifetimeSeconds: 2 });
});
afterAll(async () => {
  await sb.close();
});

function authorizeUrl(
  overrides: Record<string, string | null> = {},
  challenge = pkcePair().challenge,
): URL {
  const url = new URL(`${sb.origin}/auth/authorize`);
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: SANDBOX_CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: 'openid fhirUser launch/patient patient/*.rs offline_access',
    state: 'state-123',
    aud: sb.fhirBaseUrl,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url;
}

const post = (
  path: string,
  values: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> =>
  fetch(`${sb.origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(values).toString(),
  });

/** Walks sign-in (+ picker) and returns the code from the redirect. */
async function codeFor(
  verifierChallenge: string,
  patient = 'sandbox-hypertension',
  redirectUri = REDIRECT,
): Promise<string> {
  const page = await fetch(authorizeUrl({ redirect_uri: redirectUri }, verifierChallenge));
  const pending = pendingIdFrom(await page.text());
  const picker = await post('/auth/authorize/sign-in', {
    pending,
    username: 'dr.weber',
    password: 'weber-demo',
  });
  expect(picker.status).toBe(200);
  const res = await post('/auth/authorize/patient', { pending, patient });
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

describe('discovery', () => {
  it('publishes the SMART configuration with S256 only', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.authorization_endpoint).toBe(`${sb.origin}/auth/authorize`);
    expect(body.token_endpoint).toBe(`${sb.origin}/auth/token`);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect(body.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'context-standalone-patient',
        'permission-offline',
        'permission-v2',
      ]),
    );
  });

  it('serves a CapabilityStatement with the oauth-uris extension', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/metadata`);
    const body = (await res.json()) as {
      fhirVersion: string;
      rest: { security: { extension: { url: string }[] } }[];
    };
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    expect(body.fhirVersion).toBe('4.0.1');
    expect(body.rest[0]?.security.extension[0]?.url).toBe(
      'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
  });
});

describe('authorize', () => {
  it('renders a sign-in page with labelled fields and the demo accounts', async () => {
    const res = await fetch(authorizeUrl());
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    for (const a of DEMO_ACCOUNTS) expect(html).toContain(a.username);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('shows the form again with an error on a wrong password', async () => {
    const pending = pendingIdFrom(await (await fetch(authorizeUrl())).text());
    const res = await post('/auth/authorize/sign-in', {
      pending,
      username: 'dr.weber',
      password: 'nope',
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Wrong username or password');
  });

  it('refuses a non-loopback redirect_uri with a page, not a redirect', async () => {
    const res = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Invalid redirect URI');
  });

  it('escapes what it echoes into pages', async () => {
    const res = await fetch(authorizeUrl({ client_id: '<script>alert(1)</script>' }));
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('refuses an unknown client with a page', async () => {
    const res = await fetch(authorizeUrl({ client_id: 'someone-else' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Unknown application');
  });

  it('redirects with invalid_request without PKCE S256, and invalid_scope for bad scopes', async () => {
    for (const [overrides, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: null, code_challenge_method: null }, 'invalid_request'],
      [{ aud: 'http://127.0.0.1:1/other' }, 'invalid_request'],
      [{ scope: 'openid patient/*.frobnicate' }, 'invalid_scope'],
    ] as const) {
      const res = await fetch(authorizeUrl(overrides), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-123');
    }
  });

  it('accepts localhost on any port', async () => {
    const res = await fetch(authorizeUrl({ redirect_uri: 'http://localhost:61234/any/path' }));
    expect(res.status).toBe(200);
  });
});

describe('token', () => {
  it('runs the full code flow with PKCE and reads the patient', async () => {
    const token = await getSandboxToken(sb, {
      username: 'dr.rossi',
      patientId: 'sandbox-heart-failure',
    });
    expect(token.token_type).toBe('Bearer');
    expect(token.patient).toBe('sandbox-heart-failure');
    expect(token.need_patient_banner).toBe(true);
    expect(token.refresh_token).toBeTruthy();
    const idPayload = JSON.parse(
      Buffer.from(token.id_token?.split('.')[1] ?? '', 'base64url').toString(),
    ) as { fhirUser: string };
    expect(idPayload.fhirUser).toBe('Practitioner/practitioner-rossi');
    const res = await fetch(`${sb.fhirBaseUrl}/Patient/sandbox-heart-failure`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe('sandbox-heart-failure');
  });

  it('rejects a PKCE mismatch, a redirect_uri mismatch, a reused code and an unknown client', async () => {
    const pair = pkcePair();
    const base = {
      grant_type: 'authorization_code',
      client_id: SANDBOX_CLIENT_ID,
      redirect_uri: REDIRECT,
    };
    const wrongVerifier = await post('/auth/token', {
      ...base,
      code: await codeFor(pair.challenge),
      code_verifier: pkcePair().verifier,
    });
    expect(wrongVerifier.status).toBe(400);
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe('invalid_grant');

    const wrongRedirect = await post('/auth/token', {
      ...base,
      redirect_uri: 'http://127.0.0.1:9/other',
      code: await codeFor(pair.challenge),
      code_verifier: pair.verifier,
    });
    expect(((await wrongRedirect.json()) as { error: string }).error).toBe('invalid_grant');

    const code = await codeFor(pair.challenge);
    const ok = await post('/auth/token', { ...base, code, code_verifier: pair.verifier });
    expect(ok.status).toBe(200);
    const reused = await post('/auth/token', { ...base, code, code_verifier: pair.verifier });
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');

    const unknown = await post('/auth/token', {
      ...base,
      client_id: 'other',
      code: await codeFor(pair.challenge),
      code_verifier: pair.verifier,
    });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('rotates refresh tokens and rejects the spent one', async () => {
    const first = await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-copd' });
    const refresh = (token: string): Promise<Response> =>
      post('/auth/token', {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: SANDBOX_CLIENT_ID,
      });
    const second = await refresh(first.refresh_token ?? '');
    expect(second.status).toBe(200);
    const body = (await second.json()) as {
      access_token: string;
      refresh_token: string;
      patient: string;
    };
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(body.patient).toBe('sandbox-copd');
    const reuse = await refresh(first.refresh_token ?? '');
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
    // Reuse revokes the family: the rotated token is dead too.
    expect((await refresh(body.refresh_token)).status).toBe(400);
  });

  it('refreshes a public client without client_id, but refuses a wrong one', async () => {
    const first = await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-copd' });
    // SMART App Launch 2: a public client's refresh request carries no client authentication.
    const ok = await post('/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(ok.status).toBe(200);
    const { refresh_token: next } = (await ok.json()) as { refresh_token: string };
    const wrong = await post('/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: next,
      client_id: 'someone-else',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('answers 401 with WWW-Authenticate once the access token expired', async () => {
    const token = await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-copd' });
    await new Promise((r) => setTimeout(r, 3100));
    const res = await fetch(`${sb.fhirBaseUrl}/Patient/sandbox-copd`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="sandbox", error="invalid_token", error_description="The access token expired"/,
    );
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('rejects a forged token', async () => {
    const res = await fetch(`${sb.fhirBaseUrl}/Patient`, {
      headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    });
    expect(res.status).toBe(401);
  });
});

describe('EHR launch', () => {
  it('never redirects to a foreign site, and does not prefill one', async () => {
    const evil = encodeURIComponent('https://evil.example/launch');
    const launch = await fetch(`${sb.origin}/ehr/launch?patient=sandbox-diabetes&app=${evil}`, {
      redirect: 'manual',
    });
    expect(launch.status).toBe(400);
    expect(launch.headers.get('location')).toBeNull();
    expect(await launch.text()).toContain('not allowed');
    const page = await (await fetch(`${sb.origin}/ehr?app=${evil}`)).text();
    expect(page).not.toContain('evil.example');
  });

  it("launches the desktop app's deep link when that is the configured launch URL", async () => {
    const desktop = await startSandbox({ appLaunchUrl: 'clinician-workstation://launch' });
    try {
      const launch = await fetch(`${desktop.origin}/ehr/launch?patient=sandbox-diabetes`, {
        redirect: 'manual',
      });
      expect(launch.status).toBe(302);
      const target = new URL(launch.headers.get('location') ?? '');
      expect(target.protocol).toBe('clinician-workstation:');
      expect(target.searchParams.get('iss')).toBe(desktop.fhirBaseUrl);
      expect(target.searchParams.get('launch')).toBeTruthy();
    } finally {
      await desktop.close();
    }
  });

  it('lists patients and launches the app with iss and launch; authorize then skips the picker', async () => {
    const page = await fetch(`${sb.origin}/ehr`);
    expect(await page.text()).toContain('Margaret Thompson');
    const launch = await fetch(
      `${sb.origin}/ehr/launch?patient=sandbox-diabetes&app=${encodeURIComponent('http://127.0.0.1:5999/launch')}`,
      { redirect: 'manual' },
    );
    const target = new URL(launch.headers.get('location') ?? '');
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:5999/launch');
    expect(target.searchParams.get('iss')).toBe(sb.fhirBaseUrl);
    const launchId = target.searchParams.get('launch') ?? '';
    const pair = pkcePair();
    const auth = await fetch(
      authorizeUrl(
        { launch: launchId, scope: 'launch openid fhirUser patient/*.rs' },
        pair.challenge,
      ),
    );
    const pending = pendingIdFrom(await auth.text());
    const res = await post('/auth/authorize/sign-in', {
      pending,
      username: 'dr.weber',
      password: 'weber-demo',
    });
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await post('/auth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: SANDBOX_CLIENT_ID,
      code_verifier: pair.verifier,
    });
    expect(((await token.json()) as { patient: string }).patient).toBe('sandbox-diabetes');
  });
});

describe('CORS', () => {
  it('answers preflight for loopback origins only', async () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${sb.fhirBaseUrl}/Patient`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const ok = await preflight('http://localhost:5174');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5174');
    expect(ok.headers.get('access-control-allow-headers')).toContain('Authorization');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('refresh token expiry', () => {
  it('rejects a refresh token after its lifetime', async () => {
    const short = await startSandbox({ refreshTokenLifetimeSeconds: 1 });
    try {
      const token = await getSandboxToken(short, {
        username: 'dr.rossi',
        patientId: 'sandbox-median',
      });
      await new Promise((r) => setTimeout(r, 1200));
      const res = await fetch(`${short.origin}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: token.refresh_token ?? '',
          client_id: SANDBOX_CLIENT_ID,
        }).toString(),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token expired',
      });
    } finally {
      await short.close();
    }
  });
});
