/**
 * Monitoring links: who may create and withdraw them, and which tickets the companion API
 * refuses (expired, forged, withdrawn, another kind of ticket, another server), plus its
 * same-origin rule and rate limits. Real sandbox, real signaling server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSandboxToken } from '../../sandbox/test-client';
import type { SignalingServer } from '../server';
import { TicketAuthority } from '../tickets';
import { CompanionTickets } from './tickets';
import {
  TEST_SECRET,
  call,
  putResource,
  startCompanionStack,
  ticketOf,
  type CompanionStack,
} from './test-stack';

const PATIENT = 'companion-link-pt';
const WORKSTATION = 'http://127.0.0.1:5999';

let stack: CompanionStack;
let signaling: SignalingServer;

beforeAll(async () => {
  stack = await startCompanionStack();
  signaling = await stack.startSignaling();
  await putResource(stack, { resourceType: 'Patient', id: PATIENT, name: [{ family: 'Link' }] });
}, 60_000);

afterAll(async () => {
  await stack.close();
});

async function createLink(body: unknown = { patientId: PATIENT }, bearer = stack.clinicianToken) {
  return call(`${signaling.url}/companion/links`, { method: 'POST', bearer, body });
}

const me = (ticket: string, headers: Record<string, string> = {}) =>
  call(`${signaling.url}/companion/me`, { bearer: ticket, headers });

describe('POST /companion/links', () => {
  it('gives the clinician a link to the patient page, valid 30 days by default', async () => {
    const before = Date.now();
    const res = await createLink();
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBeNull(); // no Origin sent
    const { id, url, expiresAt, patientId } = res.body;
    expect(patientId).toBe(PATIENT);
    expect(String(url)).toMatch(
      new RegExp(`^${signaling.url}/patient\\.html#companion=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`),
    );
    expect(typeof id).toBe('string');
    const days30 = 30 * 86_400_000;
    expect(Number(expiresAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + days30);
    expect(Number(expiresAt)).toBeLessThanOrEqual(Date.now() + days30);
    const ok = await me(ticketOf(String(url)));
    expect(ok.status).toBe(200);
    expect(ok.body.link).toEqual({ id, expiresAt });
  });

  it('answers the workstation with CORS, and its preflight too', async () => {
    const res = await call(`${signaling.url}/companion/links`, {
      method: 'POST',
      bearer: stack.clinicianToken,
      body: { patientId: PATIENT, days: 7 },
      headers: { Origin: WORKSTATION },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(WORKSTATION);
    const preflight = await fetch(`${signaling.url}/companion/links`, {
      method: 'OPTIONS',
      headers: { Origin: WORKSTATION, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(WORKSTATION);
  });

  it.each<[string, () => Promise<Awaited<ReturnType<typeof createLink>>>, number, RegExp]>([
    ['no token', () => createLink({ patientId: PATIENT }, ''), 401, /missing bearer token/],
    [
      'a ticket instead of a SMART token',
      () => createLink({ patientId: PATIENT }, 'a.b.c'),
      401,
      /rejected|not a JWT/,
    ],
    [
      'an unknown patient',
      () => createLink({ patientId: 'nobody-here' }),
      404,
      /Patient\/nobody-here not found/,
    ],
    ['a bad patient id', () => createLink({ patientId: 'a/b' }), 400, /patientId/],
    ['91 days', () => createLink({ patientId: PATIENT, days: 91 }), 400, /days/],
  ])('refuses %s', async (_name, attempt, status, message) => {
    const res = await attempt();
    expect(res.status).toBe(status);
    expect(String(res.body.error)).toMatch(message);
  });

  it('refuses a clinician whose token cannot read that patient', async () => {
    await putResource(stack, { resourceType: 'Patient', id: 'companion-link-other' });
    const { access_token: confined } = await getSandboxToken(stack.sandbox, {
      username: 'dr.rossi',
      patientId: 'companion-link-other',
      scope: 'openid fhirUser launch/patient patient/*.rs',
    });
    const res = await createLink({ patientId: PATIENT }, confined);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe(`your access token does not allow reading Patient/${PATIENT}`);
  });
});

describe('tickets the companion API refuses', () => {
  it('refuses a withdrawn link (DELETE /companion/links/:id), from then on', async () => {
    const { body } = await createLink();
    const ticket = ticketOf(String(body.url));
    expect((await me(ticket)).status).toBe(200);
    const withdrawn = await call(`${signaling.url}/companion/links/${String(body.id)}`, {
      method: 'DELETE',
      bearer: stack.clinicianToken,
    });
    expect(withdrawn.status).toBe(204);
    const after = await me(ticket);
    expect(after).toMatchObject({
      status: 401,
      body: { error: 'this monitoring link was withdrawn by the clinic' },
    });
    expect(after.headers.get('www-authenticate')).toBe('Bearer realm="companion"');
    const noToken = await call(`${signaling.url}/companion/links/${String(body.id)}`, {
      method: 'DELETE',
    });
    expect(noToken.status).toBe(401);
  });

  it('refuses an expired link', async () => {
    // Issued 31 days ago for 30 days.
    const past = new CompanionTickets(TEST_SECRET, () => Date.now() - 31 * 86_400_000);
    const { ticket } = await past.issue({
      patientId: PATIENT,
      fhirBaseUrl: stack.sandbox.fhirBaseUrl,
      issuedBy: 'Practitioner/practitioner-weber',
      ttlSeconds: 30 * 86_400,
    });
    expect(await me(ticket)).toMatchObject({
      status: 401,
      body: { error: 'this monitoring link has expired' },
    });
  });

  it('refuses forged tickets, consult tickets and links to another server', async () => {
    const forged = await new CompanionTickets('another-secret-that-is-long-enough-000000').issue({
      patientId: PATIENT,
      fhirBaseUrl: stack.sandbox.fhirBaseUrl,
      issuedBy: 'Practitioner/x',
      ttlSeconds: 3600,
    });
    const host = await new TicketAuthority(TEST_SECRET).issue({
      kind: 'host',
      room: 'room-12345678',
      role: 'host',
      ttlSeconds: 3600,
    });
    const elsewhere = await new CompanionTickets(TEST_SECRET).issue({
      patientId: PATIENT,
      fhirBaseUrl: 'https://fhir.other.example/r4',
      issuedBy: 'Practitioner/x',
      ttlSeconds: 3600,
    });
    const { body: link } = await createLink();
    const [header, payload] = ticketOf(String(link.url)).split('.');
    const unsigned = `${header ?? ''}.${payload ?? ''}.`;
    for (const [ticket, error] of [
      [forged.ticket, 'this monitoring link is not valid'],
      [host.ticket, 'this monitoring link is not valid'],
      [unsigned, 'this monitoring link is not valid'],
      [elsewhere.ticket, 'this monitoring link belongs to another record server'],
    ] as const) {
      expect(await me(ticket)).toMatchObject({ status: 401, body: { error } });
    }
    const none = await call(`${signaling.url}/companion/me`);
    expect(none.status).toBe(401);
  });

  it('refuses readings on a withdrawn link before looking at the body', async () => {
    const { body } = await createLink();
    await call(`${signaling.url}/companion/links/${String(body.id)}`, {
      method: 'DELETE',
      bearer: stack.clinicianToken,
    });
    const res = await call(`${signaling.url}/companion/readings`, {
      method: 'POST',
      bearer: ticketOf(String(body.url)),
      body: { id: randomUUID(), metric: 'weight', value: 80, unit: 'kg' },
    });
    expect(res.status).toBe(401);
  });
});

describe('same origin only', () => {
  it('refuses page calls from another site and never adds CORS headers to them', async () => {
    const { body } = await createLink();
    const ticket = ticketOf(String(body.url));
    const evil = await me(ticket, { Origin: 'https://evil.example' });
    expect(evil).toMatchObject({
      status: 403,
      body: { error: 'cross-origin requests are refused' },
    });
    const workstation = await me(ticket, { Origin: WORKSTATION });
    expect(workstation.status).toBe(403);
    const own = await me(ticket, { Origin: signaling.url });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${signaling.url}/companion/readings`, {
      method: 'OPTIONS',
      headers: { Origin: WORKSTATION, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it('slows down one link that calls too often, and an address that keeps failing', async () => {
    const limited = await stack.startSignaling({
      rateLimits: {
        perLink: { burst: 2, perSecond: 0.01 },
        failuresPerAddress: { burst: 2, perSecond: 0.01 },
      },
    });
    const link = await call(`${limited.url}/companion/links`, {
      method: 'POST',
      bearer: stack.clinicianToken,
      body: { patientId: PATIENT },
    });
    const ticket = ticketOf(String(link.body.url));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(`${limited.url}/companion/me`, { bearer: ticket })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const third = await call(`${limited.url}/companion/me`, { bearer: ticket });
    expect(third.headers.get('retry-after')).toBe('100');
    const failing: number[] = [];
    for (let i = 0; i < 3; i++)
      failing.push((await call(`${limited.url}/companion/me`, { bearer: 'x.y.z' })).status);
    expect(failing).toEqual([401, 401, 429]);
  });
});
