/**
 * Test helper: a real sandbox and a real signaling server with the companion wired to it the
 * way the embedded demo does (embedded.ts: in-memory key, registered as a backend client), a clinician's
 * access token, and small HTTP helpers. Used by the companion integration tests.
 */
import { registerBackendClient } from '../../sandbox/auth/backend-services';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { getSandboxToken } from '../../sandbox/test-client';
import { jwksClinicianVerifier } from '../clinician-auth';
import { startSignalingServer, type SignalingServer } from '../server';
import { embeddedCompanion } from './embedded';
import type { CompanionOptions } from './routes';

export const TEST_SECRET = 'a-companion-test-secret-long-enough-0123456789';

export interface CompanionStack {
  sandbox: Sandbox;
  /** dr.weber, `user/*.cruds`. */
  clinicianToken: string;
  startSignaling(extra?: Partial<CompanionOptions>): Promise<SignalingServer>;
  close(): Promise<void>;
}

export async function startCompanionStack(): Promise<CompanionStack> {
  const sandbox = await startSandbox();
  const companion = await embeddedCompanion(sandbox, registerBackendClient);
  const { access_token: clinicianToken } = await getSandboxToken(sandbox, {
    username: 'dr.weber',
    scope: 'openid fhirUser user/*.cruds',
  });
  const servers: SignalingServer[] = [];
  return {
    sandbox,
    clinicianToken,
    async startSignaling(extra = {}) {
      const server = await startSignalingServer({
        secret: TEST_SECRET,
        verifyClinician: jwksClinicianVerifier([
          { issuer: sandbox.fhirBaseUrl, jwksUrl: `${sandbox.origin}/auth/jwks` },
        ]),
        corsOrigins: ['http://127.0.0.1:5999'],
        companion: { ...companion.options, ...extra },
      });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      companion.release();
      await sandbox.close();
    },
  };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A JSON call; `bearer` goes into Authorization, `body` is sent as JSON unless a string. */
export async function call(
  url: string,
  init: {
    method?: string;
    bearer?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResult> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
      ...init.headers,
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Writes a resource to the sandbox as the clinician (PUT, create or replace). */
export async function putResource(
  stack: CompanionStack,
  resource: { resourceType: string; id: string } & Record<string, unknown>,
): Promise<void> {
  const res = await fetch(`${stack.sandbox.fhirBaseUrl}/${resource.resourceType}/${resource.id}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${stack.clinicianToken}`,
      'Content-Type': 'application/fhir+json',
    },
    body: JSON.stringify(resource),
  });
  if (!res.ok) throw new Error(`PUT ${resource.resourceType}/${resource.id}: ${res.status}`);
}

/** Reads a search's matches from the sandbox as the clinician. */
export async function searchAsClinician(
  stack: CompanionStack,
  query: string,
): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${stack.sandbox.fhirBaseUrl}/${query}`, {
    headers: { Authorization: `Bearer ${stack.clinicianToken}` },
  });
  if (!res.ok) throw new Error(`GET ${query}: ${res.status}`);
  const bundle = (await res.json()) as { entry?: { resource: Record<string, unknown> }[] };
  return (bundle.entry ?? []).map((e) => e.resource);
}

/** The ticket in a link's fragment. */
export function ticketOf(url: string): string {
  const ticket = new URL(url).hash.replace(/^#companion=/, '');
  if (!ticket) throw new Error(`no ticket in ${url}`);
  return ticket;
}
