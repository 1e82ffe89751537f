/**
 * Test support for CallSession: fakes of simple-peer, RTCPeerConnection and WebSocket that the
 * tests drive, and a harness with a session joined through a fake signaling socket.
 */
import type SimplePeer from '@thaunknown/simple-peer';
import type { SimplePeerOptions } from '@thaunknown/simple-peer';
import {
  CALL_PROTOCOL,
  type ClientFrame,
  type Participant,
  type ServerFrame,
} from '../../../../../shared/signaling/protocol';
import { CallSession, type CallSessionOptions } from './call-session';
import { FakeStream, FakeTrack, participant } from './ui/test-fakes';

// --- fakes --------------------------------------------------------------------------------

export class FakeSender {
  readonly replaced: (MediaStreamTrack | null)[] = [];
  streams: unknown[] = [];
  setStreams(...streams: unknown[]): void {
    this.streams = streams;
  }
  constructor(public track: MediaStreamTrack | null) {}
  replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.replaced.push(track);
    this.track = track;
    return Promise.resolve();
  }
}

interface FakeTransceiver {
  sender: FakeSender;
  receiver: { track: { kind: string } };
  direction: RTCRtpTransceiverDirection;
}

/** The part of RTCPeerConnection CallSession reaches through simple-peer's `_pc`. */
export class FakePc {
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  restarts = 0;
  readonly senders: FakeSender[];
  /** What `setConfiguration` was given, in order. */
  readonly reconfigured: RTCConfiguration[] = [];
  constructor(
    stream: MediaStream | undefined,
    private configuration: RTCConfiguration = {},
  ) {
    this.senders = (stream?.getTracks() ?? []).map((t) => new FakeSender(t));
  }
  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(configuration: RTCConfiguration): void {
    this.reconfigured.push(configuration);
    this.configuration = configuration;
  }
  restartIce(): void {
    this.restarts++;
  }
  getSenders(): FakeSender[] {
    return this.senders;
  }
  private readonly slots = new Map<FakeSender, FakeTransceiver>();
  getTransceivers(): FakeTransceiver[] {
    return this.senders.map((sender) => {
      const slot = this.slots.get(sender) ?? {
        sender,
        receiver: { track: { kind: sender.track?.kind ?? 'video' } },
        direction: 'sendrecv',
      };
      this.slots.set(sender, slot);
      return slot;
    });
  }
  /** Test side: a receive-only slot the other side's offer made (no track of ours in it). */
  addReceiveSlot(kind: 'audio' | 'video'): FakeTransceiver {
    const sender = new FakeSender(null);
    const slot: FakeTransceiver = { sender, receiver: { track: { kind } }, direction: 'recvonly' };
    this.senders.push(sender);
    this.slots.set(sender, slot);
    return slot;
  }
  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map<string, unknown>());
  }
}

type Listener = (...args: unknown[]) => void;

/**
 * A simple-peer connection driven by the test: it records what CallSession feeds it and lets
 * the test emit its events. Like the real one, destroying it drops `_pc` and emits `close`
 * on a later task.
 */
export class FakePeer {
  readonly signals: unknown[] = [];
  readonly sent: string[] = [];
  connected = false;
  destroyed = false;
  negotiations = 0;
  _pc: FakePc | null;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly options: SimplePeerOptions) {
    this._pc = new FakePc(options.stream, options.config);
  }

  get pc(): FakePc {
    if (!this._pc) throw new Error('destroyed');
    return this._pc;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  signal(data: unknown): void {
    if (this.destroyed) throw new Error('cannot signal after peer is destroyed');
    this.signals.push(data);
  }

  send(data: string): void {
    if (!this.connected) throw new Error('not connected');
    this.sent.push(data);
  }

  negotiate(): void {
    this.negotiations++;
  }

  addStream(): void {}

  readonly added: MediaStreamTrack[] = [];
  addTrack(track: MediaStreamTrack): void {
    this.added.push(track);
    this.pc.senders.push(new FakeSender(track));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.connected = false;
    this._pc = null;
    setTimeout(() => this.emit('close'), 0);
  }

  // test side

  connect(): void {
    this.connected = true;
    this.emit('connect');
  }

  ice(state: RTCIceConnectionState): void {
    this.pc.iceConnectionState = state;
    this.emit('iceStateChange', state, 'complete');
  }

  /** What simple-peer does when the connection fails: destroyed, then `error` and `close`. */
  fail(): void {
    this.destroyed = true;
    this.connected = false;
    this._pc = null;
    this.emit(
      'error',
      Object.assign(new Error('Connection failed.'), { code: 'ERR_CONNECTION_FAILURE' }),
    );
    this.emit('close');
  }

  /** Data-channel messages sent to the other side, parsed. */
  messages(): unknown[] {
    return this.sent.map((s) => JSON.parse(s) as unknown);
  }
}

/**
 * A WebSocket the test opens, feeds and drops; `close()` only records (like a real socket, its
 * close event comes later).
 */
export class FakeSocket {
  readyState = 0;
  readonly sent: ClientFrame[] = [];
  closedWith: [number | undefined, string | undefined] | undefined;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly url: string) {}

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text) as ClientFrame);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  deliver(frame: ServerFrame | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

// --- harness ------------------------------------------------------------------------------

export const TICKET = 'ticket-0123456789abcdefghij';
export const SELF = 'p2-self-id';
/** Sorts before SELF: it initiates toward us. */
export const LOWER = 'p1-lower-id';
/** Sorts after SELF: we initiate toward it. */
export const HIGHER = 'p3-higher-id';

export const offer = { type: 'offer', sdp: 'v=0 offer' } as const;
export const answer = { type: 'answer', sdp: 'v=0 answer' } as const;
export const candidate = {
  type: 'candidate',
  candidate: { candidate: 'candidate:1 1 udp 1 x' },
} as const;

/**
 * SELF is a specialist and the others patients: between guests the smaller id offers (the
 * host offers to everyone; see 'CallSession: the host's prepared offers').
 */
export function who(
  id: string,
  state: Participant['state'] = 'admitted',
  role: Participant['role'] = id === SELF ? 'specialist' : 'patient',
): Participant {
  return participant({ id, name: `Name of ${id}`, role, state, protocol: CALL_PROTOCOL });
}

export function harness(
  options: Partial<CallSessionOptions> = {},
  selfRole: Participant['role'] = 'specialist',
) {
  const peers: FakePeer[] = [];
  const sockets: FakeSocket[] = [];
  class Peer extends FakePeer {
    constructor(peerOptions: SimplePeerOptions) {
      super(peerOptions);
      peers.push(this);
    }
  }
  class Socket extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  const localStream = new FakeStream([new FakeTrack('audio'), new FakeTrack('video')]);
  const session = new CallSession({
    wsUrl: 'wss://signaling.test/ws',
    ticket: TICKET,
    localStream: localStream.asMediaStream(),
    Peer: Peer as unknown as typeof SimplePeer,
    WebSocketImpl: Socket as unknown as typeof WebSocket,
    ...options,
  });
  session.start();
  const socket = (): FakeSocket => {
    const last = sockets.at(-1);
    if (!last) throw new Error('no socket');
    return last;
  };
  socket().open();
  const h = {
    session,
    peers,
    sockets,
    localStream,
    socket,
    server: (frame: ServerFrame) => socket().deliver(frame),
    sent: <T extends ClientFrame['type']>(type: T) =>
      socket().sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type),
    welcome: (state: Participant['state'], iceTransportPolicy: 'all' | 'relay' = 'all') =>
      h.server({
        type: 'welcome',
        self: who(SELF, state, selfRole),
        roomId: 'room-0001',
        iceServers: [{ urls: ['turn:turn.test:3478'], username: 'u', credential: 'c' }],
        iceTransportPolicy,
        resumeTicket: 'resume-1',
      }),
    participants: (...list: Participant[]) =>
      h.server({ type: 'participants', participants: list }),
    /** Admitted, with LOWER and HIGHER admitted too: one peer we initiate (to HIGHER). */
    inCall: () => {
      h.welcome('admitted');
      h.participants(who(SELF), who(LOWER), who(HIGHER));
      const toHigher = peers.find((p) => p.options.initiator);
      if (!toHigher) throw new Error('no peer');
      return toHigher;
    },
    /**
     * LOWER offers on `pc`: the connection we adopt (the one made early on admission for the
     * first offer, a new one for a later connection id).
     */
    adopt: (pc = 'pc-lower-0001') => {
      h.server({ type: 'signal', from: LOWER, pc, data: offer });
      const fromLower = peers.filter((p) => !p.options.initiator && !p.destroyed).at(-1);
      if (!fromLower) throw new Error('no peer');
      return fromLower;
    },
  };
  return h;
}

/** The call screen's view of one participant's connection. */
export function viewOf(h: { session: CallSession }, id: string) {
  return h.session.getSnapshot().peers.find((p) => p.participant.id === id);
}
