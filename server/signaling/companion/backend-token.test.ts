import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { BackendTokenError, BackendTokenSource } from './backend-token';
import { generateBackendKey, loadBackendKey } from './keys';

const FHIR = 'https://fhir.example/r4';
const TOKEN_URL = 'https://auth.example/token';

/** A token endpoint that counts requests and answers tokens t1, t2, … living `expiresIn` s. */
function fakeServer(expiresIn = 300) {
  const forms: URLSearchParams[] = [];
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    if (url === `${FHIR}/.well-known/smart-configuration`)
      return Promise.resolve(Response.json({ token_endpoint: TOKEN_URL }));
    if (url !== TOKEN_URL) return Promise.resolve(new Response('no', { status: 404 }));
    const form = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
    forms.push(form);
    if (form.get('scope') === 'refuse')
      return Promise.resolve(
        Response.json({ error: 'invalid_scope', error_description: 'no' }, { status: 400 }),
      );
    return Promise.resolve(
      Response.json({
        access_token: `t${forms.length}`,
        token_type: 'bearer',
        expires_in: expiresIn,
      }),
    );
  }) as typeof fetch;
  return { forms, fetchFn };
}

describe('BackendTokenSource', () => {
  it('signs a spec-conformant assertion and caches the token until a minute before expiry', async () => {
    const { key } = await generateBackendKey();
    const server = fakeServer(300);
    let now = Date.parse('2026-11-01T10:00:00Z');
    const source = new BackendTokenSource({
      fhirBaseUrl: FHIR,
      clientId: 'companion',
      key,
      fetch: server.fetchFn,
      now: () => now,
    });
    const [a, b] = await Promise.all([source.accessToken(), source.accessToken()]);
    expect([a, b]).toEqual(['t1', 't1']);
    expect(server.forms).toHaveLength(1);
    const form = server.forms[0];
    expect(form?.get('grant_type')).toBe('client_credentials');
    expect(form?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    const assertion = form?.get('client_assertion') ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'ES384', kid: key.kid, typ: 'JWT' });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: 'companion', sub: 'companion', aud: TOKEN_URL });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(240);
    now += 239_000;
    expect(await source.accessToken()).toBe('t1');
    now += 1_000; // 240 s = 300 s lifetime minus the minute kept in reserve
    expect(await source.accessToken()).toBe('t2');
    source.invalidate('t2');
    expect(await source.accessToken()).toBe('t3');
    expect(
      new Set(server.forms.map((f) => decodeJwt(f.get('client_assertion') ?? '').jti)).size,
    ).toBe(3);
  });

  it('reports a refusal with the server’s reason', async () => {
    const { key } = await generateBackendKey();
    const source = new BackendTokenSource({
      fhirBaseUrl: FHIR,
      clientId: 'companion',
      key,
      scope: 'refuse',
      fetch: fakeServer().fetchFn,
    });
    await expect(source.accessToken()).rejects.toThrow(BackendTokenError);
    await expect(source.accessToken()).rejects.toThrow(/400\): invalid_scope no/);
  });
});

describe('loadBackendKey', () => {
  it('reads a private ES384 JWK and refuses public or mismatched keys', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    expect(await loadBackendKey(JSON.stringify(jwk))).toMatchObject({ kid: 'k1', alg: 'ES384' });
    await expect(
      loadBackendKey(JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'k1' })),
    ).rejects.toThrow(/not a private key/);
    await expect(loadBackendKey(JSON.stringify({ ...jwk, alg: 'RS384' }))).rejects.toThrow(
      /does not fit a EC key/,
    );
    await expect(loadBackendKey(JSON.stringify({ ...jwk, kid: undefined }))).rejects.toThrow(/kid/);
    await expect(loadBackendKey('nope')).rejects.toThrow(/not JSON/);
  });
});
