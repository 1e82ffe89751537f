/**
 * The signaling service over real sockets: a real sandbox vouches for the clinician (its JWKS),
 * WebSocket clients play host, patient and guests. Two nodes sharing one bus stand for a
 * scaled-out deployment (the Redis bus has its own contract test).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { getSandboxToken } from '../sandbox/test-client';
import { HOST_ALIAS, MAX_FRAME_BYTES } from '../../shared/signaling/protocol';
import { MemoryBus, type SignalingBus } from './bus';
import { RedisBus } from './redis-bus';
import { startRedisProcess, type RedisProcess } from '../../test/support/redis-process';
import { jwksClinicianVerifier } from './clinician-auth';
import { startSignalingServer, type SignalingServer } from './server';
import { TestSignalingClient } from './test-client';
import { TicketAuthority } from './tickets';
import { turnCredentials, turnPassword } from './turn';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

let sandbox: Sandbox;
let token: string;
const servers: SignalingServer[] = [];
const clients: TestSignalingClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  ({ access_token: token } = await getSandboxToken(sandbox, {
    username: 'dr.weber',
    scope: 'openid fhirUser user/*.rs',
  }));
});

afterAll(async () => {
  await sandbox.close();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function node(
  bus?: SignalingBus,
  iceServers: NonNullable<Parameters<typeof startSignalingServer>[0]['iceServers']> = (id) => [
    { urls: ['stun:127.0.0.1:3478'], username: id },
  ],
): Promise<SignalingServer> {
  const server = await startSignalingServer({
    secret: SECRET,
    ...(bus ? { bus } : {}),
    verifyClinician: jwksClinicianVerifier([
      {
        issuer: sandbox.fhirBaseUrl,
        jwksUrl: `${sandbox.origin}/auth/jwks`,
      },
    ]),
    iceServers,
  });
  servers.push(server);
  return server;
}

async function client(server: SignalingServer): Promise<TestSignalingClient> {
  const c = await TestSignalingClient.connect(server.wsUrl);
  clients.push(c);
  return c;
}

async function api(
  server: SignalingServer,
  path: string,
  init: { method?: string; bearer?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function openRoom(server: SignalingServer) {
  const created = await api(server, '/api/rooms', { bearer: token, body: { name: 'Dr Weber' } });
  expect(created.status).toBe(201);
  const roomId = created.body.roomId as string;
  const hostTicket = created.body.hostTicket as string;
  const invite = async (role = 'patient', on: SignalingServer = server) => {
    const r = await api(on, `/api/rooms/${roomId}/invites`, { bearer: hostTicket, body: { role } });
    expect(r.status).toBe(201);
    return r.body as { inviteId: string; ticket: string; url: string };
  };
  return { roomId, hostTicket, invite };
}

/** Host and patient in one room, patient admitted. */
async function call(server: SignalingServer, patientServer: SignalingServer = server) {
  const room = await openRoom(server);
  const host = await client(server);
  const hostId = (await host.join(room.hostTicket)).self.id;
  const { ticket } = await room.invite('patient', patientServer);
  const patient = await client(patientServer);
  const welcome = await patient.join(ticket, { name: 'Margaret' });
  await host.next('participants', (f) => f.participants.some((p) => p.id === welcome.self.id));
  host.send({ type: 'admit', participantId: welcome.self.id });
  const admitted = await patient.next('admitted');
  // As a real host does, signal only once its own roster shows the patient admitted (with
  // several nodes that news travels through the bus, after the patient's own 'admitted').
  await host.next('participants', (f) =>
    f.participants.some((p) => p.id === welcome.self.id && p.state === 'admitted'),
  );
  return { room, host, hostId, patient, patientId: welcome.self.id, admitted };
}

describe('signaling: rooms, lobby and relay', () => {
  it('a patient who opens the link is in the lobby at once; admitted, both relay signals; bye is seen', async () => {
    const server = await node();
    const room = await openRoom(server);
    const host = await client(server);
    const hostWelcome = await host.join(room.hostTicket);
    expect(hostWelcome.self).toMatchObject({ role: 'host', state: 'admitted', name: 'Dr Weber' });

    const invite = await room.invite();
    expect(invite.url).toMatch(/\/patient\.html#ticket=/);
    const patient = await client(server);
    const welcome = await patient.join(invite.ticket);
    expect(welcome.self).toMatchObject({ role: 'patient', state: 'lobby' });
    expect(welcome.iceServers[0]?.username).toBe(welcome.self.id);
    // Auto-knock: the host sees the patient without the patient clicking anything.
    await host.next('participants', (f) =>
      f.participants.some((p) => p.id === welcome.self.id && p.state === 'lobby'),
    );
    // The readiness card follows the device check.
    patient.send({
      type: 'update',
      name: 'Margaret Thompson',
      readiness: { camera: 'denied', microphone: 'ok', network: 'good', rttMs: 12, consent: true },
    });
    await host.next('participants', (f) =>
      f.participants.some(
        (p) => p.name === 'Margaret Thompson' && p.readiness?.camera === 'denied',
      ),
    );
    // Not admitted yet: cannot signal to anyone by id.
    patient.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: hostWelcome.self.id,
      data: { type: 'offer', sdp: 'v=0' },
    });
    expect((await patient.next('error')).code).toBe('not-allowed');
    // Only to the host, by the alias (the lobby shows nobody): the offer made in the lobby.
    patient.send({
      type: 'signal',
      pc: 'pc-lobby-0001',
      to: HOST_ALIAS,
      data: { type: 'offer', sdp: 'v=0 lobby offer' },
    });
    expect(await host.next('signal')).toMatchObject({
      from: welcome.self.id,
      pc: 'pc-lobby-0001',
      data: { type: 'offer', sdp: 'v=0 lobby offer' },
    });
    // Nothing reaches someone in the lobby, not even the host's answer.
    host.send({
      type: 'signal',
      pc: 'pc-lobby-0001',
      to: welcome.self.id,
      data: { type: 'answer', sdp: 'v=0 answer' },
    });
    expect((await host.next('error')).code).toBe('unknown-participant');

    host.send({ type: 'admit', participantId: welcome.self.id });
    await patient.next('admitted');
    host.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: welcome.self.id,
      data: { type: 'offer', sdp: 'v=0 offer' },
    });
    expect(await patient.next('signal')).toMatchObject({
      from: hostWelcome.self.id,
      data: { type: 'offer', sdp: 'v=0 offer' },
    });
    patient.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: hostWelcome.self.id,
      data: {
        type: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
    });
    expect((await host.next('signal')).data.type).toBe('candidate');

    patient.send({ type: 'bye' });
    await host.next('participants', (f) => f.participants.every((p) => p.id !== welcome.self.id));
    expect((await patient.closed).code).toBe(1000);
  });

  it('an offer from the lobby to the host alias is refused until a host is in, then crosses nodes to the host', async () => {
    const bus = new MemoryBus();
    const [n1, n2] = [await node(bus), await node(bus)];
    const room = await openRoom(n1);
    const patient = await client(n2);
    const welcome = await patient.join((await room.invite('patient', n2)).ticket);
    const offerToHost = {
      type: 'signal',
      pc: 'pc-lobby-0001',
      to: HOST_ALIAS,
      data: { type: 'offer', sdp: 'v=0 from the lobby' },
    } as const;
    patient.send(offerToHost);
    expect((await patient.next('error')).code).toBe('unknown-participant');
    const host = await client(n1);
    await host.join(room.hostTicket);
    // The host's arrival changes the room: the one waiting hears of it (a roster frame that
    // still shows only them) and can offer again.
    await patient.next('participants', (f) => f.participants.length === 1);
    patient.send(offerToHost);
    expect(await host.next('signal')).toMatchObject({
      from: welcome.self.id,
      pc: 'pc-lobby-0001',
      data: { type: 'offer' },
    });
    // A small budget of new connections from the lobby: each costs the host an answer.
    for (const n of [2, 3, 4]) {
      patient.send({ ...offerToHost, pc: `pc-lobby-000${n}` });
      expect((await host.next('signal')).pc).toBe(`pc-lobby-000${n}`);
    }
    patient.send({ ...offerToHost, pc: 'pc-lobby-0005' });
    expect((await patient.next('error')).code).toBe('rate-limited');
    // A host whose socket dropped (away) gets nothing from the alias: once the service saw the
    // drop, the same offer is refused.
    host.socket.terminate();
    const unknown = () =>
      patient.frames.filter((f) => f.type === 'error' && f.code === 'unknown-participant').length;
    const before = unknown();
    const refused = async (): Promise<boolean> => {
      for (let attempt = 0; attempt < 40; attempt++) {
        patient.send({ ...offerToHost, pc: 'pc-lobby-0004' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (unknown() > before) return true;
      }
      return false;
    };
    expect(await refused()).toBe(true);
  });

  it('deny and remove end the participant’s place; only the host may admit', async () => {
    const server = await node();
    const { room, host, patient, patientId } = await call(server);
    const { ticket } = await room.invite('family');
    const family = await client(server);
    const fam = await family.join(ticket);
    // A non-host cannot admit.
    patient.send({ type: 'admit', participantId: fam.self.id });
    expect((await patient.next('error')).code).toBe('not-allowed');
    host.send({ type: 'deny', participantId: fam.self.id, reason: 'Please call the practice' });
    expect((await family.next('denied')).reason).toBe('Please call the practice');
    host.send({ type: 'remove', participantId: patientId });
    await patient.next('removed');
    expect((await patient.closed).code).toBe(1000);
    await host.next('participants', (f) => f.participants.length === 1);
  });

  it('refuses forged, expired, reused and withdrawn tickets, each with its own reason', async () => {
    const server = await node();
    const room = await openRoom(server);
    const forged = await new TicketAuthority('another-secret-also-long-enough-0123456789').issue({
      kind: 'host',
      room: room.roomId,
      role: 'host',
      ttlSeconds: 60,
    });
    await expect((await client(server)).join(forged.ticket)).rejects.toThrow(/^bad-ticket/);
    const expired = await new TicketAuthority(SECRET, () => Date.now() - 3_600_000).issue({
      kind: 'invite',
      room: room.roomId,
      role: 'patient',
      ttlSeconds: 300,
    });
    await expect((await client(server)).join(expired.ticket)).rejects.toThrow(/^expired-ticket/);

    const once = await room.invite();
    await (await client(server)).join(once.ticket);
    await expect((await client(server)).join(once.ticket)).rejects.toThrow(/^ticket-used/);

    const withdrawn = await room.invite();
    const del = await api(server, `/api/rooms/${room.roomId}/invites/${withdrawn.inviteId}`, {
      method: 'DELETE',
      bearer: room.hostTicket,
    });
    expect(del.status).toBe(204);
    await expect((await client(server)).join(withdrawn.ticket)).rejects.toThrow(/^ticket-revoked/);

    // The HTTP API: no token, a patient's invite as host ticket, a bad body.
    expect((await api(server, '/api/rooms', { body: {} })).status).toBe(401);
    expect((await api(server, '/api/rooms', { bearer: 'not.a.jwt', body: {} })).status).toBe(401);
    expect(
      (
        await api(server, `/api/rooms/${room.roomId}/invites`, {
          bearer: once.ticket,
          body: { role: 'patient' },
        })
      ).status,
    ).toBe(403);
    const bad = await api(server, `/api/rooms/${room.roomId}/invites`, {
      bearer: room.hostTicket,
      body: { role: 'host' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/role/);
  });

  it('answers malformed and oversized frames with an error frame; the room stays healthy', async () => {
    const server = await node();
    const { host, hostId, patient, patientId } = await call(server);
    patient.sendRaw('{not json');
    expect(await patient.next('error')).toMatchObject({ code: 'bad-frame', message: 'not JSON' });
    patient.send({ type: 'signal', to: 'x', pc: 'pc-test-0001', data: {} });
    expect((await patient.next('error')).code).toBe('bad-frame');
    patient.send({ type: 'launch-missiles' });
    expect((await patient.next('error')).code).toBe('bad-frame');
    patient.sendRaw(Buffer.from([1, 2, 3]));
    expect((await patient.next('error')).code).toBe('bad-frame');
    patient.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: 'abcdefgh12',
      data: { type: 'offer', sdp: 'x'.repeat(MAX_FRAME_BYTES) },
    });
    expect((await patient.next('error')).code).toBe('too-large');
    // Still connected and relaying both ways.
    patient.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: hostId,
      data: { type: 'answer', sdp: 'ok' },
    });
    expect(await host.next('signal')).toMatchObject({ from: patientId, data: { sdp: 'ok' } });
  });

  it('throttles a flooding socket and closes it, while another room keeps answering', async () => {
    const server = await node();
    const a = await call(server);
    const b = await call(server);
    let flooding = true;
    const flood = async () => {
      while (flooding && a.patient.socket.readyState === a.patient.socket.OPEN) {
        for (let i = 0; i < 200; i++) a.patient.send({ type: 'ping', at: i });
        await new Promise((r) => setImmediate(r));
      }
    };
    const flooder = flood();
    expect((await a.patient.next('error', (f) => f.code === 'rate-limited')).message).toMatch(
      /slow down/,
    );
    // Room B is served throughout: every ping answered, signals relayed.
    for (let i = 0; i < 20; i++) {
      b.patient.send({ type: 'ping', at: 1000 + i });
      await b.patient.next('pong', (f) => f.at === 1000 + i);
    }
    b.host.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: b.patientId,
      data: { type: 'offer', sdp: 'during flood' },
    });
    expect((await b.patient.next('signal')).data).toMatchObject({ sdp: 'during flood' });
    expect((await a.patient.closed).code).toBe(1008);
    flooding = false;
    await flooder;
    // The flooder's room is intact for the host.
    a.host.send({ type: 'ping', at: 1 });
    await a.host.next('pong');
  });
});

describe('signaling: reconnection, ending, shutdown, several nodes', () => {
  it('a dropped patient shows as away and resumes admitted with the ticket from admission', async () => {
    const server = await node();
    const { host, patient, patientId, admitted } = await call(server);
    patient.socket.terminate();
    await host.next('participants', (f) =>
      f.participants.some((p) => p.id === patientId && p.state === 'away'),
    );
    const back = await client(server);
    const welcome = await back.join(admitted.resumeTicket);
    expect(welcome.self).toMatchObject({ id: patientId, state: 'admitted' });
    await back.next('admitted');
    await host.next('participants', (f) =>
      f.participants.some((p) => p.id === patientId && p.state === 'admitted'),
    );
    // A removed participant cannot come back with it.
    host.send({ type: 'remove', participantId: patientId });
    await back.next('removed');
    await expect((await client(server)).join(admitted.resumeTicket)).rejects.toThrow(
      /^ticket-revoked/,
    );
  });

  it('sends fresh TURN credentials halfway to their expiry while the socket is open', async () => {
    const TURN_SECRET = 'turn-shared-secret';
    const issuedFor: string[] = [];
    // Credentials that expire 2 s after they are issued (the shortest TTL is 60 s).
    const server = await node(undefined, (id) => {
      issuedFor.push(id);
      return [
        turnCredentials(
          { urls: ['turn:127.0.0.1:3478'], secret: TURN_SECRET, ttlSeconds: 60 },
          id,
          Date.now() - 58_000,
        ),
      ];
    });
    const room = await openRoom(server);
    const patient = await client(server);
    const welcome = await patient.join((await room.invite()).ticket, { protocol: 2 });
    // The client's call protocol is on its participant record, for the others to agree on roles.
    expect(welcome.self.protocol).toBe(2);
    const first = welcome.iceServers[0];
    const fresh = (await patient.next('ice-servers', () => true, 3000)).iceServers[0];
    const expiry = (s: typeof fresh) => Number(s?.username?.split(':')[0]);
    expect(expiry(fresh)).toBeGreaterThan(expiry(first));
    expect(fresh?.credential).toBe(turnPassword(TURN_SECRET, fresh?.username ?? ''));
    expect(issuedFor).toEqual([welcome.self.id, welcome.self.id]);
    // Closed: no more credentials for that socket.
    patient.close();
    await new Promise((r) => setTimeout(r, 1500));
    expect(issuedFor).toHaveLength(2);
  });

  it('ending the consult tells everyone and refuses later joins', async () => {
    const server = await node();
    const { room, host, patient } = await call(server);
    const spare = await room.invite('interpreter');
    host.send({ type: 'end' });
    await Promise.all([host.next('ended'), patient.next('ended')]);
    await expect((await client(server)).join(spare.ticket)).rejects.toThrow(
      /^ticket-revoked: this consultation has ended/,
    );
  });

  it('a graceful shutdown tells clients to reconnect, and health reports the node', async () => {
    const server = await node();
    const { patient } = await call(server);
    const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', node: server.nodeId, rooms: 1, connections: 2 });
    const closing = server.close();
    await patient.next('restarting');
    expect((await patient.closed).code).toBe(1012);
    await closing;
  });

  it('two nodes on one bus serve one room: knock, admit and signals cross nodes; a link works once across nodes', async () => {
    const bus = new MemoryBus();
    const [n1, n2] = [await node(bus), await node(bus)];
    const { room, host, patient, patientId } = await call(n1, n2);
    const hostId = (host.frames.find((f) => f.type === 'welcome') as { self: { id: string } }).self
      .id;
    host.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: patientId,
      data: { type: 'offer', sdp: 'across' },
    });
    expect((await patient.next('signal')).data).toMatchObject({ sdp: 'across' });
    patient.send({
      type: 'signal',
      pc: 'pc-test-0001',
      to: hostId,
      data: { type: 'answer', sdp: 'back' },
    });
    expect((await host.next('signal')).from).toBe(patientId);

    // A third participant on node 2 sees the admitted participants of both nodes.
    const { ticket } = await room.invite('specialist', n1);
    const specialist = await client(n2);
    const s = await specialist.join(ticket);
    await host.next('participants', (f) => f.participants.some((p) => p.id === s.self.id));
    host.send({ type: 'admit', participantId: s.self.id });
    await specialist.next('admitted');
    const seen = await specialist.next('participants', (f) => f.participants.length === 3);
    expect(seen.participants.map((p) => p.role).sort()).toEqual(['host', 'patient', 'specialist']);
    // The same link on the other node is refused.
    const again = await room.invite('family', n1);
    await (await client(n1)).join(again.ticket);
    await expect((await client(n2)).join(again.ticket)).rejects.toThrow(/^ticket-used/);
  });
});

describe('signaling: two nodes through a real Redis', () => {
  let redis: RedisProcess;
  const buses: RedisBus[] = [];
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });

  it('a patient on node 2 knocks, is admitted by the host on node 1, and signals cross; the link works once', async () => {
    const bus1 = await RedisBus.connect(redis.url);
    const bus2 = await RedisBus.connect(redis.url);
    buses.push(bus1, bus2);
    const [n1, n2] = [await node(bus1), await node(bus2)];
    const { room, host, hostId, patient, patientId } = await call(n1, n2);
    host.send({
      type: 'signal',
      to: patientId,
      pc: 'pc-test-0001',
      data: { type: 'offer', sdp: 'via redis' },
    });
    expect((await patient.next('signal')).data).toMatchObject({ sdp: 'via redis' });
    patient.send({
      type: 'signal',
      to: hostId,
      pc: 'pc-test-0001',
      data: { type: 'answer', sdp: 'back' },
    });
    expect((await host.next('signal')).from).toBe(patientId);
    const again = await room.invite('family', n1);
    await (await client(n2)).join(again.ticket);
    await expect((await client(n1)).join(again.ticket)).rejects.toThrow(/^ticket-used/);
    // A patient dropping on node 2 shows as away on node 1.
    patient.socket.terminate();
    await host.next('participants', (f) =>
      f.participants.some((p) => p.id === patientId && p.state === 'away'),
    );
  });
});
