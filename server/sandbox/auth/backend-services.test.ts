/**
 * SMART Backend Services against a real sandbox over HTTP: a registered client signs an
 * assertion and gets a system/ token the FHIR API accepts; every way an assertion or a scope
 * request can be wrong gets its RFC 6749 §5.2 error.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { getSandboxToken } from '../test-client';
import {
  JWT_BEARER_ASSERTION,
  forgetBackendClients,
  registerBackendClient,
} from './backend-services';

const CLIENT = 'companion-test';
const SCOPES = ['system/Observation.cru', 'system/Patient.r'];

let sandbox: Sandbox;
let tokenUrl: string;
let es: { privateKey: CryptoKey; jwk: JWK };
let rs: { privateKey: CryptoKey; jwk: JWK };
let stranger: CryptoKey;

async function keyPair(
  alg: 'ES384' | 'RS384',
  kid: string,
): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  tokenUrl = `${sandbox.origin}/auth/token`;
  es = await keyPair('ES384', 'es-1');
  rs = await keyPair('RS384', 'rs-1');
  stranger = (await generateKeyPair('ES384')).privateKey;
  registerBackendClient(sandbox, {
    clientId: CLIENT,
    jwks: { keys: [es.jwk, rs.jwk] },
    scopes: SCOPES,
  });
});

afterAll(async () => {
  forgetBackendClients(sandbox.fhirBaseUrl);
  await sandbox.close();
});

interface AssertionOptions {
  key?: CryptoKey;
  alg?: 'ES384' | 'RS384';
  kid?: string;
  iss?: string;
  sub?: string;
  aud?: string;
  /** Seconds from now. */
  exp?: number;
  jti?: string;
}

function assertion(o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? 'ES384', kid: o.kid ?? 'es-1', typ: 'JWT' })
    .setIssuer(o.iss ?? CLIENT)
    .setSubject(o.sub ?? CLIENT)
    .setAudience(o.aud ?? tokenUrl)
    .setExpirationTime(now + (o.exp ?? 240))
    .setJti(o.jti ?? randomUUID())
    .sign(o.key ?? es.privateKey);
}

async function token(
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION,
      scope: 'system/Observation.cru system/Patient.r',
      ...fields,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('client_credentials with private_key_jwt', () => {
  it('issues a system token the FHIR API accepts for exactly the granted scopes', async () => {
    const { status, body } = await token({ client_assertion: await assertion() });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'system/Observation.cru system/Patient.r',
    });
    const bearer = { Authorization: `Bearer ${String(body.access_token)}` };
    const patients = await fetch(`${sandbox.fhirBaseUrl}/Patient?_count=1`, { headers: bearer });
    // system/Patient.r reads but does not search.
    expect(patients.status).toBe(403);
    const id = `bs-${randomUUID()}`;
    const put = await fetch(`${sandbox.fhirBaseUrl}/Observation/${id}`, {
      method: 'PUT',
      headers: { ...bearer, 'Content-Type': 'application/fhir+json', 'If-None-Match': '*' },
      body: JSON.stringify({
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { text: 'test' },
      }),
    });
    expect(put.status).toBe(201);
    const read = await fetch(`${sandbox.fhirBaseUrl}/Observation/${id}`, { headers: bearer });
    expect(read.status).toBe(200);
    const communication = await fetch(`${sandbox.fhirBaseUrl}/Communication?_count=1`, {
      headers: bearer,
    });
    expect(communication.status).toBe(403);
  });

  it('accepts RS384 with the RSA key and a narrower scope', async () => {
    const { status, body } = await token({
      client_assertion: await assertion({ alg: 'RS384', kid: 'rs-1', key: rs.privateKey }),
      scope: 'system/Patient.r',
      client_id: CLIENT,
    });
    expect(status).toBe(200);
    expect(body.scope).toBe('system/Patient.r');
  });

  it.each<[string, () => Promise<AssertionOptions>, RegExp]>([
    ['a key that is not registered', () => Promise.resolve({ key: stranger }), /rejected/],
    ['an unknown kid', () => Promise.resolve({ kid: 'nope' }), /kid "nope"/],
    ['an expired assertion', () => Promise.resolve({ exp: -60 }), /expired/],
    ['an exp beyond five minutes', () => Promise.resolve({ exp: 600 }), /at most 5 minutes/],
    [
      'another audience',
      () => Promise.resolve({ aud: sandbox.fhirBaseUrl }),
      /aud must be the token URL/,
    ],
    [
      'an unregistered client',
      () => Promise.resolve({ iss: 'nobody', sub: 'nobody' }),
      /No backend client is registered as "nobody"/,
    ],
    ['iss different from sub', () => Promise.resolve({ sub: 'someone-else' }), /iss and sub/],
  ])('refuses %s with invalid_client', async (_name, options, message) => {
    const { status, body } = await token({ client_assertion: await assertion(await options()) });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(String(body.error_description)).toMatch(message);
  });

  it('refuses a reused jti', async () => {
    const jti = randomUUID();
    expect((await token({ client_assertion: await assertion({ jti }) })).status).toBe(200);
    const again = await token({ client_assertion: await assertion({ jti }) });
    expect(again).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'client_assertion jti was already used' },
    });
  });

  it('refuses a missing or foreign assertion type', async () => {
    expect((await token({ client_assertion: '' })).body.error).toBe('invalid_client');
    const foreign = await token({
      client_assertion: await assertion(),
      client_assertion_type: 'urn:example:other',
    });
    expect(foreign.status).toBe(401);
    expect(String(foreign.body.error_description)).toMatch(/client_assertion_type must be/);
    const junk = await token({ client_assertion: 'not.a.jwt' });
    expect(junk.body.error_description).toBe('client_assertion is not a JWT');
  });

  it.each([
    ['system/Observation.d', /beyond what companion-test is registered for/],
    ['system/Communication.rs', /beyond what/],
    ['system/*.r', /beyond what/],
    ['user/Observation.r', /not a system\/ scope/],
    ['openid', /not a system\/ scope/],
  ])('refuses scope %s with invalid_scope', async (scope, message) => {
    const { status, body } = await token({ client_assertion: await assertion(), scope });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_scope');
    expect(String(body.error_description)).toMatch(message);
  });

  it('refuses a client_id that is not the assertion issuer', async () => {
    const { status, body } = await token({
      client_assertion: await assertion(),
      client_id: 'clinician-workstation',
    });
    expect(status).toBe(401);
    expect(body.error_description).toBe('client_id does not match the client_assertion issuer');
  });

  it('advertises private_key_jwt and client_credentials in the SMART configuration', async () => {
    const config = (await (
      await fetch(`${sandbox.fhirBaseUrl}/.well-known/smart-configuration`)
    ).json()) as Record<string, unknown>;
    expect(config.token_endpoint_auth_methods_supported).toEqual(['none', 'private_key_jwt']);
    expect(config.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
    expect(config.grant_types_supported).toContain('client_credentials');
    expect(config.capabilities).toContain('client-confidential-asymmetric');
  });

  it('never grants system scopes to a signed-in app', async () => {
    await expect(
      getSandboxToken(sandbox, { username: 'dr.weber', scope: 'openid fhirUser system/*.rs' }),
    ).rejects.toThrow(/invalid_scope/);
  });
});

describe('registerBackendClient', () => {
  it('refuses private keys, non-system scopes and duplicate ids', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'p' };
    const target = { fhirBaseUrl: 'http://127.0.0.1:1/fhir' };
    expect(() =>
      registerBackendClient(target, {
        clientId: 'x-1',
        jwks: { keys: [privateJwk] },
        scopes: SCOPES,
      }),
    ).toThrow(/private key material/);
    expect(() =>
      registerBackendClient(target, {
        clientId: 'x-1',
        jwks: { keys: [es.jwk] },
        scopes: ['user/*.rs'],
      }),
    ).toThrow(/not a system\/ scope/);
    const undo = registerBackendClient(target, {
      clientId: 'x-1',
      jwks: { keys: [es.jwk] },
      scopes: SCOPES,
    });
    expect(() =>
      registerBackendClient(target, { clientId: 'x-1', jwks: { keys: [es.jwk] }, scopes: SCOPES }),
    ).toThrow(/already registered/);
    undo();
    expect(() =>
      registerBackendClient(target, { clientId: 'x-1', jwks: { keys: [es.jwk] }, scopes: SCOPES }),
    ).not.toThrow();
    forgetBackendClients(target.fhirBaseUrl);
  });
});
