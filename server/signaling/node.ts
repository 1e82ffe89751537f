/**
 * One signaling node: its WebSocket connections, and the rooms they are in. Everything that
 * concerns a room goes over the bus (bus.ts), also on a single node, so one node and several
 * nodes behind Redis behave the same: each node keeps a roster of the room built from bus
 * messages and delivers to its own sockets what is addressed to them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { WebSocket } from 'ws';
import {
  MAX_FRAME_BYTES,
  RATE_BURST,
  RATE_PER_SECOND,
  RESUME_GRACE_MS,
  HOST_ALIAS,
  parseClientFrame,
  participantSchema,
  peerSignalSchema,
  type ClientFrame,
  type IceServer,
  type Participant,
  type ServerFrame,
  type SignalingErrorCode,
} from '../../shared/signaling/protocol';
import type { SignalingBus } from './bus';
import { TokenBucket } from './rate-limit';
import { TicketError, newId, type TicketAuthority, type TicketClaims } from './tickets';

/** Messages between nodes about one room (topic `room:<id>`). */
const busMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('roster-request') }),
  z.object({ kind: z.literal('participant'), participant: participantSchema }),
  z.object({
    kind: z.literal('left'),
    id: z.string(),
    reason: z.enum(['bye', 'removed', 'denied', 'timeout']),
  }),
  z.object({
    kind: z.literal('command'),
    action: z.enum(['admit', 'deny', 'remove']),
    target: z.string(),
    reason: z.string().optional(),
  }),
  z.object({
    kind: z.literal('signal'),
    from: z.string(),
    to: z.string(),
    pc: z.string(),
    data: peerSignalSchema,
  }),
  z.object({ kind: z.literal('ended') }),
]);
type BusMessage = z.infer<typeof busMessageSchema>;

/** Resume tickets outlive a long consult; the grace time bounds their use after a drop. */
const RESUME_TTL_SECONDS = 8 * 3600;
/** A socket refused this many frames in a row is closed (it is flooding, not bursting). */
const FLOOD_CLOSE_AFTER = RATE_PER_SECOND * 20;
/** Lobby signals: an offer and its candidates, sent again at most once a second. */
const LOBBY_SIGNAL_BURST = 40;
const LOBBY_SIGNALS_PER_SECOND = 8;
/** New lobby connections: a device switch or two, and the renewal every few minutes. */
const LOBBY_CONNECTION_BURST = 4;
const LOBBY_CONNECTIONS_PER_SECOND = 1 / 20;

export interface SignalingNodeOptions {
  bus: SignalingBus;
  tickets: TicketAuthority;
  /**
   * ICE servers for a participant (TURN credentials are per participant and short-lived). With
   * `expiresAt` (epoch s, as turnCredentials gives), fresh ones are sent halfway to the expiry.
   */
  iceServers?: (participantId: string) => (IceServer & { expiresAt?: number })[];
  /** Media only through TURN (hides participants' addresses from each other). */
  relayOnly?: boolean;
  now?: () => number;
  log?: (line: string) => void;
}

interface Connection {
  socket: WebSocket;
  bucket: TokenBucket;
  participant?: Participant;
  roomId?: string;
  /** Set once the participant said bye, was removed or the room ended (no "away"). */
  leaving: boolean;
  /** Sends fresh ICE servers before the current TURN credentials expire. */
  iceTimer?: ReturnType<typeof setTimeout>;
  /**
   * Signals from the lobby (to HOST_ALIAS) and the connections they start: each one costs the
   * host's workstation work (an answer, a relay allocation), so someone waiting gets a small
   * budget: an offer with its candidates and its repeats, a new connection now and then.
   */
  lobbySignals: TokenBucket;
  lobbyConnections: TokenBucket;
  lastLobbyPc?: string;
}

/** Fresh credentials are sent no more often than this, however short their lifetime. */
export const MIN_ICE_REFRESH_MS = 1000;

interface RoomView {
  roster: Map<string, Participant>;
  local: Map<string, Connection>;
  unsubscribe: Promise<() => Promise<void>>;
  awayTimers: Map<string, ReturnType<typeof setTimeout>>;
}

export class SignalingNode {
  private readonly connections = new Set<Connection>();
  private readonly rooms = new Map<string, RoomView>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private closing = false;

  constructor(private readonly options: SignalingNodeOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  get stats(): { rooms: number; connections: number } {
    return { rooms: this.rooms.size, connections: this.connections.size };
  }

  /** Takes over an accepted WebSocket. */
  accept(socket: WebSocket): void {
    if (this.closing) {
      socket.close(1012, 'restarting');
      return;
    }
    const conn: Connection = {
      socket,
      bucket: new TokenBucket(RATE_BURST, RATE_PER_SECOND),
      lobbySignals: new TokenBucket(LOBBY_SIGNAL_BURST, LOBBY_SIGNALS_PER_SECOND),
      lobbyConnections: new TokenBucket(LOBBY_CONNECTION_BURST, LOBBY_CONNECTIONS_PER_SECOND),
      leaving: false,
    };
    this.connections.add(conn);
    socket.on('message', (data, isBinary) => {
      this.onFrame(conn, data, isBinary).catch((e: unknown) => {
        this.log(`signaling: frame failed: ${(e as Error).message}`);
        this.send(conn, { type: 'error', code: 'internal', message: 'internal error' });
      });
    });
    socket.on('close', () => this.onClose(conn));
    socket.on('error', () => undefined);
  }

  private send(conn: Connection, frame: ServerFrame): void {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(frame));
  }

  private error(conn: Connection, code: SignalingErrorCode, message: string): void {
    this.send(conn, { type: 'error', code, message });
  }

  private async onFrame(
    conn: Connection,
    data: Buffer | ArrayBuffer | Buffer[],
    isBinary: boolean,
  ): Promise<void> {
    if (!conn.bucket.take()) {
      if (conn.bucket.refusedInARow >= FLOOD_CLOSE_AFTER) {
        conn.socket.close(1008, 'flooding');
      } else if (conn.bucket.shouldReport()) {
        this.error(conn, 'rate-limited', 'too many frames: slow down');
      }
      return;
    }
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? Buffer.from(data)
        : data;
    if (bytes.length > MAX_FRAME_BYTES) {
      this.error(conn, 'too-large', `frame of ${bytes.length} bytes exceeds ${MAX_FRAME_BYTES}`);
      return;
    }
    if (isBinary) {
      this.error(conn, 'bad-frame', 'binary frames are not accepted');
      return;
    }
    const parsed = parseClientFrame(bytes.toString('utf8'));
    if (!parsed.ok) {
      this.error(conn, 'bad-frame', parsed.reason);
      return;
    }
    await this.handle(conn, parsed.frame);
  }

  private async handle(conn: Connection, frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') {
      this.send(conn, { type: 'pong', at: frame.at });
      return;
    }
    if (frame.type === 'join') {
      if (conn.participant) return this.error(conn, 'already-joined', 'already joined');
      return this.join(conn, frame);
    }
    const self = conn.participant;
    const roomId = conn.roomId;
    if (!self || !roomId) return this.error(conn, 'not-joined', 'send join first');
    const room = this.rooms.get(roomId);
    if (!room) return this.error(conn, 'not-joined', 'not in a room');
    switch (frame.type) {
      case 'update': {
        conn.participant = {
          ...self,
          ...(frame.name === undefined ? {} : { name: frame.name }),
          ...(frame.readiness === undefined ? {} : { readiness: frame.readiness }),
        };
        await this.publish(roomId, { kind: 'participant', participant: conn.participant });
        return;
      }
      case 'admit':
      case 'deny':
      case 'remove': {
        if (self.role !== 'host')
          return this.error(conn, 'not-allowed', 'only the host can do that');
        if (!room.roster.has(frame.participantId) || frame.participantId === self.id) {
          return this.error(conn, 'unknown-participant', 'no such participant');
        }
        await this.publish(roomId, {
          kind: 'command',
          action: frame.type,
          target: frame.participantId,
          ...(frame.type === 'deny' && frame.reason ? { reason: frame.reason } : {}),
        });
        return;
      }
      case 'signal': {
        // Someone in the lobby may signal only to the host (their offer, see `initiates`);
        // nothing reaches anyone in the lobby.
        const target = frame.to === HOST_ALIAS ? firstHost(room.roster) : room.roster.get(frame.to);
        if (self.state !== 'admitted' && frame.to !== HOST_ALIAS) {
          return this.error(conn, 'not-allowed', 'not admitted yet');
        }
        if (!target || target.state === 'lobby' || target.id === self.id) {
          return this.error(conn, 'unknown-participant', 'no such participant in the call');
        }
        if (self.state === 'lobby' && !this.withinLobbyBudget(conn, frame.pc)) {
          return this.error(conn, 'rate-limited', 'too many signals from the lobby: slow down');
        }
        await this.publish(roomId, {
          kind: 'signal',
          from: self.id,
          to: target.id,
          pc: frame.pc,
          data: frame.data,
        });
        return;
      }
      case 'bye': {
        conn.leaving = true;
        await this.options.bus.setIfAbsent(`left:${roomId}:${self.id}`, RESUME_TTL_SECONDS);
        await this.publish(roomId, { kind: 'left', id: self.id, reason: 'bye' });
        conn.socket.close(1000, 'bye');
        return;
      }
      case 'end': {
        if (self.role !== 'host') return this.error(conn, 'not-allowed', 'only the host can end');
        await this.options.bus.setIfAbsent(`ended:${roomId}`, RESUME_TTL_SECONDS);
        await this.publish(roomId, { kind: 'ended' });
        return;
      }
    }
  }

  private async verifyJoin(ticket: string): Promise<TicketClaims> {
    const claims = await this.options.tickets.verify(ticket);
    const { bus } = this.options;
    if (await bus.has(`ended:${claims.room}`)) {
      throw new TicketError('ticket-revoked', 'this consultation has ended');
    }
    if (claims.kind === 'resume' && (await bus.has(`gone:${claims.room}:${claims.sub ?? ''}`))) {
      throw new TicketError('ticket-revoked', 'you were removed from this consultation');
    }
    if (claims.kind === 'invite') {
      if (await bus.has(`revoked:${claims.jti}`)) {
        throw new TicketError('ticket-revoked', 'this link was withdrawn');
      }
      const ttl = Math.max(1, claims.exp - Math.floor(this.now() / 1000));
      if (!(await bus.setIfAbsent(`used:${claims.jti}`, ttl))) {
        throw new TicketError('ticket-used', 'this link was already used');
      }
    }
    return claims;
  }

  private async join(
    conn: Connection,
    frame: Extract<ClientFrame, { type: 'join' }>,
  ): Promise<void> {
    let claims: TicketClaims;
    try {
      claims = await this.verifyJoin(frame.ticket);
    } catch (e) {
      if (e instanceof TicketError) {
        this.error(conn, e.code, e.message);
        conn.socket.close(1008, e.code);
        return;
      }
      throw e;
    }
    if (conn.socket.readyState !== conn.socket.OPEN) return;
    const room = await this.openRoom(claims.room);
    const known = claims.kind === 'resume' && claims.sub ? room.roster.get(claims.sub) : undefined;
    const left =
      claims.kind === 'resume' &&
      (await this.options.bus.has(`left:${claims.room}:${claims.sub ?? ''}`));
    const id =
      claims.kind === 'invite'
        ? newId()
        : claims.kind === 'host'
          ? hostParticipantId(claims.room, claims.sub ?? '')
          : (claims.sub ?? newId());
    const name = frame.name ?? known?.name ?? claims.name ?? defaultName(claims.role);
    // A resume comes back admitted when it was (ticket from `admitted`), unless it said bye.
    const state: Participant['state'] =
      claims.role === 'host' || (claims.admitted === true && !left) ? 'admitted' : 'lobby';
    const readiness = frame.readiness ?? known?.readiness;
    const participant: Participant = {
      id,
      role: claims.role,
      name,
      state,
      ...(readiness ? { readiness } : {}),
      since: known?.since ?? this.now(),
      ...(frame.protocol === undefined ? {} : { protocol: frame.protocol }),
    };
    // A second socket of the same participant (reload, resume) replaces the first.
    const previous = room.local.get(id);
    if (previous && previous !== conn) {
      previous.leaving = true;
      previous.participant = undefined;
      previous.socket.close(4000, 'replaced');
    }
    const timer = room.awayTimers.get(id);
    if (timer) clearTimeout(timer);
    room.awayTimers.delete(id);
    conn.participant = participant;
    conn.roomId = claims.room;
    room.local.set(id, conn);
    const { ticket: resumeTicket } = await this.options.tickets.issue({
      kind: 'resume',
      room: claims.room,
      role: claims.role,
      sub: id,
      name,
      ttlSeconds: RESUME_TTL_SECONDS,
    });
    this.send(conn, {
      type: 'welcome',
      self: participant,
      roomId: claims.room,
      iceServers: this.iceServersFor(conn, id),
      iceTransportPolicy: this.options.relayOnly ? 'relay' : 'all',
      resumeTicket,
    });
    await this.publish(claims.room, { kind: 'participant', participant });
    if (state === 'admitted' && claims.role !== 'host') await this.sendAdmitted(conn, claims.room);
  }

  private async sendAdmitted(conn: Connection, roomId: string): Promise<void> {
    const self = conn.participant;
    if (!self) return;
    const { ticket } = await this.options.tickets.issue({
      kind: 'resume',
      room: roomId,
      role: self.role,
      sub: self.id,
      name: self.name,
      admitted: true,
      ttlSeconds: RESUME_TTL_SECONDS,
    });
    this.send(conn, { type: 'admitted', resumeTicket: ticket });
  }

  /** The node's view of a room; subscribes to it and asks the other nodes who is there. */
  private async openRoom(roomId: string): Promise<RoomView> {
    let room = this.rooms.get(roomId);
    if (room) {
      await room.unsubscribe;
      return room;
    }
    const view: RoomView = {
      roster: new Map(),
      local: new Map(),
      awayTimers: new Map(),
      unsubscribe: this.options.bus.subscribe(`room:${roomId}`, (text) =>
        this.onBusMessage(roomId, text),
      ),
    };
    room = view;
    this.rooms.set(roomId, view);
    await view.unsubscribe;
    await this.publish(roomId, { kind: 'roster-request' });
    return view;
  }

  private publish(roomId: string, message: BusMessage): Promise<void> {
    return this.options.bus.publish(`room:${roomId}`, JSON.stringify(message));
  }

  private onBusMessage(roomId: string, text: string): void {
    const room = this.rooms.get(roomId);
    if (!room) return;
    let message: BusMessage;
    try {
      message = busMessageSchema.parse(JSON.parse(text));
    } catch {
      this.log(`signaling: dropped a malformed bus message in room ${roomId}`);
      return;
    }
    switch (message.kind) {
      case 'roster-request':
        for (const conn of room.local.values()) {
          if (conn.participant) {
            void this.publish(roomId, { kind: 'participant', participant: conn.participant });
          }
        }
        return;
      case 'participant': {
        const before = room.roster.get(message.participant.id);
        room.roster.set(message.participant.id, message.participant);
        if (!sameParticipant(before, message.participant)) this.pushRoster(room);
        return;
      }
      case 'left': {
        if (room.roster.delete(message.id)) this.pushRoster(room);
        const timer = room.awayTimers.get(message.id);
        if (timer) clearTimeout(timer);
        room.awayTimers.delete(message.id);
        return;
      }
      case 'command':
        this.applyCommand(roomId, room, message);
        return;
      case 'signal': {
        // Checked where the target's socket is: with several nodes a signal may be on its way
        // while they went back to the lobby (a new knock).
        const target = room.local.get(message.to);
        if (target?.participant?.state === 'admitted') {
          this.send(target, {
            type: 'signal',
            from: message.from,
            pc: message.pc,
            data: message.data,
          });
        }
        return;
      }
      case 'ended':
        for (const conn of room.local.values()) {
          conn.leaving = true;
          this.send(conn, { type: 'ended' });
          conn.socket.close(1000, 'ended');
        }
        return;
    }
  }

  private withinLobbyBudget(conn: Connection, pc: string): boolean {
    if (pc !== conn.lastLobbyPc) {
      if (!conn.lobbyConnections.take()) return false;
      conn.lastLobbyPc = pc;
    }
    return conn.lobbySignals.take();
  }

  /** Runs on the node that holds the target's socket. */
  private applyCommand(
    roomId: string,
    room: RoomView,
    message: Extract<BusMessage, { kind: 'command' }>,
  ): void {
    const conn = room.local.get(message.target);
    const self = conn?.participant;
    if (!conn || !self) return;
    if (message.action === 'admit') {
      if (self.state === 'admitted') return;
      conn.participant = { ...self, state: 'admitted' };
      void this.sendAdmitted(conn, roomId);
      void this.publish(roomId, { kind: 'participant', participant: conn.participant });
      return;
    }
    conn.leaving = true;
    void this.options.bus.setIfAbsent(`gone:${roomId}:${self.id}`, RESUME_TTL_SECONDS);
    if (message.action === 'deny') {
      this.send(conn, { type: 'denied', ...(message.reason ? { reason: message.reason } : {}) });
    } else {
      this.send(conn, { type: 'removed' });
    }
    void this.publish(roomId, {
      kind: 'left',
      id: self.id,
      reason: message.action === 'deny' ? 'denied' : 'removed',
    });
    conn.socket.close(1000, message.action);
  }

  /** Tells each local participant who is there: the host everyone, others the call only. */
  private pushRoster(room: RoomView): void {
    const everyone = [...room.roster.values()].sort((a, b) => a.since - b.since);
    for (const conn of room.local.values()) {
      const self = conn.participant;
      if (!self) continue;
      const visible =
        self.role === 'host'
          ? everyone
          : everyone.filter(
              (p) => p.id === self.id || (self.state === 'admitted' && p.state !== 'lobby'),
            );
      this.send(conn, { type: 'participants', participants: visible });
    }
  }

  /**
   * The participant's ICE servers now; when their credentials expire, fresh ones follow
   * (an `ice-servers` frame) halfway to the earliest expiry, for as long as the socket is open.
   */
  private iceServersFor(conn: Connection, participantId: string): IceServer[] {
    if (conn.iceTimer) clearTimeout(conn.iceTimer);
    conn.iceTimer = undefined;
    const servers = this.options.iceServers?.(participantId) ?? [];
    const expiries = servers.flatMap((s) => (s.expiresAt === undefined ? [] : [s.expiresAt]));
    if (expiries.length > 0) {
      const left = Math.min(...expiries) * 1000 - this.now();
      conn.iceTimer = setTimeout(
        () => {
          if (!this.connections.has(conn) || conn.participant?.id !== participantId) return;
          this.send(conn, {
            type: 'ice-servers',
            iceServers: this.iceServersFor(conn, participantId),
          });
        },
        Math.max(MIN_ICE_REFRESH_MS, left / 2),
      );
      conn.iceTimer.unref();
    }
    return servers.map(({ expiresAt: _expiresAt, ...server }) => server);
  }

  private onClose(conn: Connection): void {
    this.connections.delete(conn);
    if (conn.iceTimer) clearTimeout(conn.iceTimer);
    const self = conn.participant;
    const roomId = conn.roomId;
    if (!self || !roomId) return;
    const room = this.rooms.get(roomId);
    if (!room) return;
    if (room.local.get(self.id) === conn) room.local.delete(self.id);
    if (!conn.leaving && !this.closing) {
      // Dropped, not gone: keep the place for the grace time (a resume on any node wins).
      const away: Participant = { ...self, state: 'away' };
      void this.publish(roomId, { kind: 'participant', participant: away });
      room.awayTimers.set(
        self.id,
        setTimeout(() => {
          room.awayTimers.delete(self.id);
          if (room.roster.get(self.id)?.state === 'away') {
            void this.publish(roomId, { kind: 'left', id: self.id, reason: 'timeout' });
          }
          this.maybeCloseRoom(roomId);
        }, RESUME_GRACE_MS),
      );
    }
    this.maybeCloseRoom(roomId);
  }

  /** Forgets a room with no local sockets and no pending timers (after the bus delivers). */
  private maybeCloseRoom(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room || room.local.size > 0 || room.awayTimers.size > 0) return;
    setTimeout(() => {
      const again = this.rooms.get(roomId);
      if (again !== room || room.local.size > 0 || room.awayTimers.size > 0) return;
      this.rooms.delete(roomId);
      void room.unsubscribe.then((off) => off()).catch(() => undefined);
    }, 1000).unref();
  }

  /**
   * Graceful shutdown: refuses new sockets, tells every participant to reconnect (their
   * resume tickets work on any node) and closes with 1012 (service restart).
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const conn of this.connections) {
      this.send(conn, { type: 'restarting' });
      conn.socket.close(1012, 'restarting');
    }
    for (const room of this.rooms.values()) {
      for (const timer of room.awayTimers.values()) clearTimeout(timer);
      const off = await room.unsubscribe.catch(() => undefined);
      await off?.().catch(() => undefined);
    }
    this.rooms.clear();
  }
}

/** The host's participant id is stable per room and clinician, so a reload is the same host. */
function hostParticipantId(roomId: string, userId: string): string {
  return `h_${createHash('sha256').update(`${roomId}|${userId}`).digest('base64url').slice(0, 22)}`;
}

function defaultName(role: Participant['role']): string {
  return role === 'host' ? 'Clinician' : role === 'patient' ? 'Patient' : role;
}

/** The host a signal to HOST_ALIAS goes to: the one in the call who arrived first. */
function firstHost(roster: ReadonlyMap<string, Participant>): Participant | undefined {
  let first: Participant | undefined;
  for (const p of roster.values()) {
    if (p.role === 'host' && p.state === 'admitted' && (!first || p.since < first.since)) first = p;
  }
  return first;
}

function sameParticipant(a: Participant | undefined, b: Participant): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
