/**
 * One participant's side of a consultation call, framework-free: signaling (lobby, admit),
 * a simple-peer connection to every other admitted participant (a mesh; fine for three),
 * chat over the data channels, mute/camera, screen share, quality from getStats with the
 * video → audio fallback, and recovery: ICE restart when a connection stalls, a new
 * connection when one fails, signaling that reconnects with its resume ticket.
 * React reads it through useCallSession (useSyncExternalStore over `getSnapshot`).
 */
import SimplePeer, { type SimplePeerInstance } from '@thaunknown/simple-peer';
import { warmUpWebRtc } from './webrtc-warmup';
import { z } from 'zod';
import {
  CALL_PROTOCOL,
  HOST_ALIAS,
  JOIN_REFUSALS,
  initiates,
  type IceServer,
  type Participant,
  type Readiness,
  type ServerFrame,
} from '../../../../../shared/signaling/protocol';
import {
  QualityRecorder,
  VideoFallback,
  classify,
  type QualityLevel,
  type QualitySummary,
} from '../../../../../shared/consult/call-quality';
import {
  ExcerptAssembler,
  excerptChunkSchema,
  splitExcerpt,
  type Excerpt,
} from '../../../../../shared/consult/excerpt';
import { readInbound, sampleBetween, type InboundTotals } from './call-stats';
import { LobbyOffers, withoutInlineCandidates } from './lobby-offers';
import { SignalingClient, type SignalingStatus } from './signaling-client';

export type CallPhase =
  'connecting' | 'lobby' | 'in-call' | 'denied' | 'removed' | 'ended' | 'left' | 'failed';

export type PeerConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface PeerView {
  participant: Participant;
  connection: PeerConnectionState;
  stream?: MediaStream;
  quality?: QualityLevel;
  /** The other side stopped sending video to keep audio on a poor link. */
  remoteVideoDropped: boolean;
  /**
   * The other side's camera is on (its `cam` message); the UI shows "camera off" rather than
   * a black picture. Optional so views built elsewhere stay valid; undefined counts as on.
   */
  remoteCamOn?: boolean;
  /** Video frames decoded from this participant so far (getStats `framesDecoded`). */
  framesDecoded: number;
}

export interface ChatMessage {
  id: string;
  fromId: string;
  fromName: string;
  text: string;
  at: number;
  mine: boolean;
}

export interface CallSnapshot {
  phase: CallPhase;
  signaling: SignalingStatus;
  /** Why the call could not start or ended (ticket used, denied with a reason…). */
  reason?: string;
  self?: Participant;
  /** Everyone this participant may see (the host also sees the lobby). */
  participants: readonly Participant[];
  peers: readonly PeerView[];
  chat: readonly ChatMessage[];
  micOn: boolean;
  camOn: boolean;
  sharingScreen: boolean;
  /** This side dropped its own video because the link is poor. */
  videoDropped: boolean;
  /** Worst quality over the connected peers. */
  quality?: QualityLevel;
  /** Record excerpts other clinicians shared with this participant (read-only). */
  excerpts: readonly ReceivedExcerpt[];
}

export type ReceivedExcerpt = {
  id: string;
  fromName: string;
  receivedAt: number;
} & ({ excerpt: Excerpt } | { error: string });

/** What travels on the data channel. */
const dataMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('chat'),
    id: z.string().max(64),
    text: z.string().min(1).max(2000),
    at: z.number(),
  }),
  z.object({ kind: z.literal('video'), dropped: z.boolean() }),
  /** The sender's camera switch, on every change and when a connection opens. */
  z.object({ kind: z.literal('cam'), on: z.boolean() }),
  /** One chunk of a shared record excerpt (shared/consult/excerpt.ts). */
  excerptChunkSchema,
]);
type DataMessage = z.infer<typeof dataMessageSchema>;

export interface CallSessionOptions {
  wsUrl: string;
  ticket: string;
  /** Camera and/or microphone; undefined when the participant joins with chat only. */
  localStream?: MediaStream;
  name?: string;
  readiness?: Readiness;
  /** Every new resume ticket from the server (see SignalingClientOptions). */
  onResumeTicket?: (ticket: string) => void;
  /**
   * ICE servers besides those the signaling service issues: the clinic's own TURN servers
   * (configuration `turnServers`), tried after the service's.
   */
  extraIceServers?: readonly IceServer[];
  /** Called when someone new knocks (host: sound, notification). */
  onKnock?: (participant: Participant) => void;
  /** Sampling interval of getStats, ms (default 2000). */
  statsIntervalMs?: number;
  /** How long ICE may stay disconnected before an ICE restart, ms (default 1500). */
  iceRestartAfterMs?: number;
  /** Dependencies (tests). */
  Peer?: typeof SimplePeer;
  WebSocketImpl?: typeof WebSocket;
}

interface PeerEntry {
  remoteId: string;
  /**
   * The connection's id, named by the initiator. `undefined` on the answering side until the
   * initiator's first signal names it (the connection is made early, see `reconcile`).
   */
  pcId: string | undefined;
  initiator: boolean;
  peer: SimplePeerInstance;
  view: PeerView;
  /** The last getStats reading, for the next sample's interval. */
  last?: InboundTotals;
  stallTimer?: ReturnType<typeof setTimeout>;
  wasConnected: boolean;
  /**
   * A connection the host prepares for someone in the lobby (its offer, or its answer to their
   * offer; see `prepareConnections`): the signals it produced so far, held back until they are
   * admitted; undefined once it is a connection of the call.
   */
  held?: unknown[];
  /** The host's answer to a lobby offer: the guest's candidates, applied on admission. */
  heldRemote?: unknown[];
  /**
   * A guest's offer to the host from the lobby: what it sent so far, sent again when the room
   * changes (the host may have come back without it) and on admission.
   */
  lobbySent?: unknown[];
  /** Remakes a prepared connection that waited too long (an offer's relay allocation goes stale). */
  preparedTimer?: ReturnType<typeof setTimeout>;
}

/** The key of the connection a guest offers to the host from the lobby (no participant id is empty). */
const FOR_THE_HOST = '';
/** Whom that connection is for until admission tells the host's id and name. */
const THE_HOST: Participant = {
  id: FOR_THE_HOST,
  role: 'host',
  name: 'host',
  state: 'admitted',
  since: 0,
  protocol: CALL_PROTOCOL,
};

/** How many in the lobby the host prepares a connection for (each holds a relay allocation). */
export const MAX_PREPARED_OFFERS = 2;
/** A prepared offer older than this is made again: relay allocations are refreshed by use. */
export const PREPARED_OFFER_MAX_AGE_MS = 4 * 60_000;
/** A guest's lobby offer goes again this long after the room changed (once for many changes). */
export const LOBBY_RESEND_MS = 1000;

function newPcId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `pc${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The sender of one kind of media: the one sending such a track, else an idle one of that
 * kind (its track was replaced with null, e.g. a screen share ended without a camera).
 */
function senderOf(pc: RTCPeerConnection, kind: 'audio' | 'video'): RTCRtpSender | undefined {
  return (
    pc.getSenders().find((s) => s.track?.kind === kind) ??
    pc.getTransceivers().find((t) => t.sender.track === null && t.receiver.track.kind === kind)
      ?.sender
  );
}

export class CallSession {
  private snapshot: CallSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly signaling: SignalingClient;
  private readonly peers = new Map<string, PeerEntry>();
  /**
   * Connections made before admission, by participant id: the host's (an offer, or its answer
   * to a lobby offer) to those in the lobby; a guest's offer to the host (FOR_THE_HOST).
   */
  private readonly prepared = new Map<string, PeerEntry>();
  /** Host: the offers guests sent from the lobby. */
  private readonly lobbyOffers = new LobbyOffers();
  /** Guest: sends its lobby offer again after the room changed (see `onParticipants`). */
  private lobbyResend: ReturnType<typeof setTimeout> | undefined;
  private lobbyResendDue = false;
  private iceServers: IceServer[] = [];
  private iceTransportPolicy: RTCIceTransportPolicy = 'all';
  private extraStream: MediaStream | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private readonly recorder = new QualityRecorder();
  private readonly knocked = new Set<string>();
  /** Everyone who was in the call at some point (for the Encounter's participants). */
  private readonly admittedEver = new Map<string, Participant>();
  private screenTrack: MediaStreamTrack | undefined;
  private readonly Peer: typeof SimplePeer;
  private startedAt: number | undefined;

  constructor(private readonly options: CallSessionOptions) {
    this.Peer = options.Peer ?? SimplePeer;
    this.snapshot = {
      phase: 'connecting',
      signaling: 'connecting',
      participants: [],
      peers: [],
      chat: [],
      micOn: (options.localStream?.getAudioTracks().length ?? 0) > 0,
      camOn: (options.localStream?.getVideoTracks().length ?? 0) > 0,
      sharingScreen: false,
      videoDropped: false,
      excerpts: [],
    };
    this.signaling = new SignalingClient({
      wsUrl: options.wsUrl,
      ticket: options.ticket,
      joinExtras: () => ({
        protocol: CALL_PROTOCOL,
        ...(this.options.name ? { name: this.options.name } : {}),
        ...(this.options.readiness ? { readiness: this.options.readiness } : {}),
      }),
      onFrame: (frame) => this.onFrame(frame),
      onStatus: (signaling) => this.update({ signaling }),
      ...(options.onResumeTicket ? { onResumeTicket: options.onResumeTicket } : {}),
      ...(options.WebSocketImpl ? { WebSocketImpl: options.WebSocketImpl } : {}),
    });
  }

  // --- React plumbing ---------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CallSnapshot => this.snapshot;

  private update(change: Partial<CallSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  private publishPeers(): void {
    const peers = [...this.peers.values()].map((e) => ({ ...e.view }));
    const levels = peers.flatMap((p) =>
      p.connection === 'connected' && p.quality ? [p.quality] : [],
    );
    const quality = levels.includes('poor')
      ? 'poor'
      : levels.includes('fair')
        ? 'fair'
        : levels.length
          ? 'good'
          : undefined;
    this.update({ peers, ...(quality ? { quality } : {}) });
  }

  // --- lifecycle ------------------------------------------------------------------------

  start(): void {
    this.signaling.start();
    this.statsTimer = setInterval(
      () => void this.sampleStats(),
      this.options.statsIntervalMs ?? 2000,
    );
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  private readonly onOnline = (): void => {
    this.signaling.reconnectNow();
    for (const entry of this.peers.values()) this.restartIce(entry);
  };

  /** Hang up: `bye` to the others (they must not wait for a timeout), then stop everything. */
  leave(): void {
    this.signaling.close(true);
    this.teardown();
    this.update({ phase: 'left' });
  }

  /** Host: end the consult for everyone. */
  end(): void {
    this.signaling.send({ type: 'end' });
  }

  private teardown(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    for (const entry of this.peers.values()) this.dropPeer(entry);
    this.peers.clear();
    this.dropPrepared(() => true);
    this.lobbyOffers.clear();
    if (this.lobbyResend) clearTimeout(this.lobbyResend);
    this.lobbyResend = undefined;
    this.screenTrack?.stop();
    this.publishPeers();
  }

  /** Last round trip to the signaling server (ping/pong every 5 s), ms; undefined before the first. */
  get signalingRttMs(): number | undefined {
    return this.signaling.rttMs;
  }

  /** When the call was first connected to someone (epoch ms). */
  get connectedSince(): number | undefined {
    return this.startedAt;
  }

  /** The other participants who were admitted during the call, with their last name given. */
  admittedParticipants(): Participant[] {
    return [...this.admittedEver.values()];
  }

  qualitySummary(): QualitySummary {
    return this.recorder.summary();
  }

  // --- lobby (host) -----------------------------------------------------------------------

  admit(participantId: string): void {
    this.signaling.send({ type: 'admit', participantId });
  }

  deny(participantId: string, reason?: string): void {
    this.signaling.send({ type: 'deny', participantId, ...(reason ? { reason } : {}) });
  }

  remove(participantId: string): void {
    this.signaling.send({ type: 'remove', participantId });
  }

  /** Patient page: name, consent and device check results for the host's lobby card. */
  updateReadiness(readiness: Readiness, name?: string): void {
    this.options.readiness = readiness;
    if (name) this.options.name = name;
    this.signaling.send({ type: 'update', readiness, ...(name ? { name } : {}) });
  }

  // --- media ------------------------------------------------------------------------------

  setMic(on: boolean): void {
    for (const t of this.options.localStream?.getAudioTracks() ?? []) t.enabled = on;
    this.update({ micOn: on && (this.options.localStream?.getAudioTracks().length ?? 0) > 0 });
  }

  setCam(on: boolean): void {
    const has = (this.options.localStream?.getVideoTracks().length ?? 0) > 0;
    const camOn = on && has;
    const changed = camOn !== this.snapshot.camOn;
    this.update({ camOn });
    this.applyVideoEnabled();
    if (changed) this.broadcast({ kind: 'cam', on: camOn });
  }

  private applyVideoEnabled(): void {
    const enabled = this.snapshot.camOn && !this.snapshot.videoDropped;
    for (const t of this.options.localStream?.getVideoTracks() ?? []) t.enabled = enabled;
  }

  /** Sends the screen instead of the camera to every peer until `stopScreenShare`. */
  async startScreenShare(display: MediaStream): Promise<void> {
    const track = display.getVideoTracks()[0];
    if (!track) throw new Error('the shared screen has no video');
    this.screenTrack = track;
    track.addEventListener('ended', () => void this.stopScreenShare());
    await this.replaceVideo(track);
    this.update({ sharingScreen: true });
  }

  async stopScreenShare(): Promise<void> {
    if (!this.screenTrack) return;
    this.screenTrack.stop();
    this.screenTrack = undefined;
    await this.replaceVideo(this.options.localStream?.getVideoTracks()[0] ?? null);
    this.update({ sharingScreen: false });
  }

  /**
   * Device switching: `track` takes the place of the local stream's track of that kind and of
   * what every connection sends (no renegotiation), keeping the mute/camera state. While the
   * screen is shared the connections keep sending the screen; the new camera follows when the
   * sharing stops. The old track is not stopped: whoever opened the device releases it.
   */
  async replaceLocalTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    if (track.kind !== kind) throw new Error(`a ${track.kind} track cannot replace ${kind}`);
    const stream = this.options.localStream;
    if (stream) {
      const current = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
      for (const old of current) if (old !== track) stream.removeTrack(old);
      if (!current.includes(track)) stream.addTrack(track);
    }
    track.enabled =
      kind === 'audio' ? this.snapshot.micOn : this.snapshot.camOn && !this.snapshot.videoDropped;
    this.remakePrepared();
    if (kind === 'video' && this.screenTrack) return;
    await this.replaceSent(kind, track);
  }

  /** The stream local tracks are sent in (a participant without devices gets one lazily). */
  private sendingStream(): MediaStream {
    this.extraStream ??= this.options.localStream ?? new MediaStream();
    return this.extraStream;
  }

  private async replaceVideo(track: MediaStreamTrack | null): Promise<void> {
    this.remakePrepared();
    await this.replaceSent('video', track);
  }

  /** Offers prepared for the lobby describe the tracks they were made with: make them again. */
  private remakePrepared(): void {
    if (!this.prepared.size) return;
    this.dropPrepared(() => true);
    this.reconcile();
  }

  private async replaceSent(
    kind: 'audio' | 'video',
    track: MediaStreamTrack | null,
  ): Promise<void> {
    await Promise.all(
      [...this.peers.values()].map(async (entry) => {
        // A failed connection waiting to be replaced has no RTCPeerConnection any more.
        if (entry.peer.destroyed) return;
        const pc = entry.peer._pc;
        const sender = senderOf(pc, kind);
        if (sender) {
          await sender.replaceTrack(track);
          // An answering connection made before this device existed has only a receiving slot
          // for it (the other side's offer made it): let it send in our stream, and ask the
          // offering side for a new offer (simple-peer's negotiate on the answering side).
          const slot = pc.getTransceivers().find((t) => t.sender === sender);
          if (track && slot && (slot.direction === 'recvonly' || slot.direction === 'inactive')) {
            slot.direction = slot.direction === 'recvonly' ? 'sendrecv' : 'sendonly';
            sender.setStreams(this.sendingStream());
            entry.peer.negotiate();
          }
        } else if (track) {
          // The connection was built before this device existed (a patient who reloads is
          // admitted at once, before the camera is open; chat-only, then a camera): add the
          // track, which renegotiates (simple-peer asks the initiator when it is not one).
          entry.peer.addTrack(track, this.sendingStream());
        }
      }),
    );
  }

  // --- chat -------------------------------------------------------------------------------

  /** Sends to everyone connected; false when nobody is connected yet. */
  sendChat(text: string): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    const message: DataMessage = {
      kind: 'chat',
      id: newPcId(),
      text: trimmed.slice(0, 2000),
      at: Date.now(),
    };
    const sent = this.broadcast(message);
    if (!sent) return false;
    const self = this.snapshot.self;
    this.update({
      chat: [
        ...this.snapshot.chat,
        {
          id: message.id,
          fromId: self?.id ?? '',
          fromName: self?.name ?? '',
          text: message.text,
          at: message.at,
          mine: true,
        },
      ],
    });
    return true;
  }

  /**
   * Shares a record excerpt with the other clinicians in the call (host and specialists;
   * never the patient, the family or the interpreter). Returns how many received it.
   */
  shareExcerpt(excerpt: Excerpt): number {
    const chunks = splitExcerpt(newPcId(), excerpt);
    let sent = 0;
    for (const entry of this.peers.values()) {
      const role = entry.view.participant.role;
      if (role !== 'host' && role !== 'specialist') continue;
      if (chunks.every((chunk) => this.sendTo(entry, chunk))) sent++;
    }
    return sent;
  }

  private readonly assembler = new ExcerptAssembler();

  private broadcast(message: DataMessage): boolean {
    let sent = false;
    for (const entry of this.peers.values()) if (this.sendTo(entry, message)) sent = true;
    return sent;
  }

  private sendTo(entry: PeerEntry, message: DataMessage): boolean {
    if (!entry.peer.connected) return false;
    try {
      entry.peer.send(JSON.stringify(message));
      return true;
    } catch {
      // The channel closed under us; the connection's own events report it.
      return false;
    }
  }

  private onData(entry: PeerEntry, raw: Uint8Array | string): void {
    let message: DataMessage;
    try {
      const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
      message = dataMessageSchema.parse(JSON.parse(text));
    } catch {
      return;
    }
    if (message.kind === 'video') {
      entry.view.remoteVideoDropped = message.dropped;
      this.publishPeers();
      return;
    }
    if (message.kind === 'cam') {
      entry.view.remoteCamOn = message.on;
      this.publishPeers();
      return;
    }
    if (message.kind === 'excerpt') {
      const done = this.assembler.add(message);
      if (!done) return;
      this.update({
        excerpts: [
          ...this.snapshot.excerpts,
          {
            id: message.id,
            fromName: entry.view.participant.name,
            receivedAt: Date.now(),
            ...done,
          },
        ],
      });
      return;
    }
    this.update({
      chat: [
        ...this.snapshot.chat,
        {
          id: message.id,
          fromId: entry.remoteId,
          fromName: entry.view.participant.name,
          text: message.text,
          at: message.at,
          mine: false,
        },
      ],
    });
  }

  // --- signaling --------------------------------------------------------------------------

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        // After a reconnect: fresh TURN credentials for the connections still in the call, and
        // those that are not connected restart ICE with them (the service's own refresh comes
        // only halfway to their expiry).
        this.refreshIceServers(frame.iceServers);
        for (const entry of [...this.peers.values()]) {
          if (entry.view.connection === 'connected') continue;
          // An offer this side made while the socket was down never left: simple-peer would
          // wait for its answer forever, so that connection starts anew.
          if (
            entry.initiator &&
            !entry.peer.destroyed &&
            entry.peer._pc.signalingState === 'have-local-offer'
          ) {
            this.rebuild(entry, entry.view.participant);
          } else this.restartIce(entry);
        }
        this.iceTransportPolicy = frame.iceTransportPolicy;
        void warmUpWebRtc();
        this.update({
          self: frame.self,
          phase: frame.self.state === 'admitted' ? 'in-call' : 'lobby',
        });
        this.reconcile();
        return;
      case 'admitted':
        if (this.snapshot.self) this.update({ self: { ...this.snapshot.self, state: 'admitted' } });
        this.update({ phase: 'in-call' });
        this.reconcile();
        return;
      case 'participants':
        this.onParticipants(frame.participants);
        return;
      case 'signal':
        this.onSignal(frame.from, frame.pc, frame.data);
        return;
      case 'denied':
        this.teardown();
        this.update({ phase: 'denied', ...(frame.reason ? { reason: frame.reason } : {}) });
        return;
      case 'removed':
        this.teardown();
        this.update({ phase: 'removed' });
        return;
      case 'ended':
        this.teardown();
        this.update({ phase: 'ended' });
        return;
      case 'error':
        if (JOIN_REFUSALS.has(frame.code)) {
          this.teardown();
          this.update({ phase: 'failed', reason: frame.code });
        }
        return;
      case 'ice-servers':
        this.refreshIceServers(frame.iceServers);
        return;
      case 'pong':
      case 'restarting':
        return;
    }
  }

  /**
   * Fresh TURN credentials (the old ones are about to expire): every later allocation uses
   * them, in new connections and in the ICE restarts of those in the call.
   */
  private refreshIceServers(fresh: IceServer[]): void {
    this.iceServers = [...fresh, ...(this.options.extraIceServers ?? [])];
    for (const entry of [...this.peers.values(), ...this.prepared.values()]) {
      if (entry.peer.destroyed) continue;
      try {
        const pc = entry.peer._pc;
        pc.setConfiguration({ ...pc.getConfiguration(), iceServers: this.iceServers });
      } catch {
        // Closed meanwhile: a rebuilt connection takes the new servers.
      }
    }
  }

  private onParticipants(participants: readonly Participant[]): void {
    const selfId = this.snapshot.self?.id;
    const me = participants.find((p) => p.id === selfId);
    for (const p of participants) {
      if (p.state === 'admitted' && p.id !== selfId) this.admittedEver.set(p.id, p);
      if (p.state === 'lobby' && p.id !== selfId && !this.knocked.has(p.id)) {
        this.knocked.add(p.id);
        this.options.onKnock?.(p);
      }
    }
    this.update({ participants, ...(me ? { self: me } : {}) });
    for (const entry of [...this.peers.values()]) {
      const now = participants.find((p) => p.id === entry.remoteId);
      if (!now) continue;
      const back = entry.view.participant.state === 'away' && now.state === 'admitted';
      entry.view.participant = now;
      // Back after their socket dropped: what this side sent meanwhile (an ICE restart's offer)
      // was lost with it, so the offering side starts a new connection rather than wait.
      if (back && entry.initiator && entry.view.connection !== 'connected') {
        this.rebuild(entry, now);
      }
    }
    this.reconcile();
    // In the lobby this frame means the room changed (it shows nobody else): a host who came
    // (back) may not have this offer yet, so it goes again (the host skips what it has), at
    // most once a second: a busy room must not get this page throttled by the service.
    if (this.snapshot.self?.state === 'lobby') this.resendLobbyOffer();
  }

  /** At once, then at most once per LOBBY_RESEND_MS (the last change in between included). */
  private resendLobbyOffer(): void {
    if (this.lobbyResend) {
      this.lobbyResendDue = true;
      return;
    }
    const toHost = this.prepared.get(FOR_THE_HOST);
    if (this.snapshot.self?.state !== 'lobby' || !toHost?.lobbySent) return;
    for (const data of toHost.lobbySent) this.sendToHost(toHost, data);
    this.lobbyResend = setTimeout(() => {
      this.lobbyResend = undefined;
      if (this.lobbyResendDue) {
        this.lobbyResendDue = false;
        this.resendLobbyOffer();
      }
    }, LOBBY_RESEND_MS);
  }

  /**
   * Connect to every admitted participant; drop those who left. The initiator offers: with an
   * offer prepared while the participant waited in the lobby, at once; otherwise it makes its
   * connection now. The other side makes its connection at the same moment and waits for the
   * offer.
   */
  private reconcile(): void {
    const self = this.snapshot.self;
    if (!self) return;
    const present = new Map(this.snapshot.participants.map((p) => [p.id, p]));
    if (self.state !== 'admitted') {
      this.prepareConnections(self, [...present.values()]);
      return;
    }
    for (const [id, entry] of this.peers) {
      if (!present.has(id) || present.get(id)?.state === 'lobby') {
        this.dropPeer(entry);
        this.peers.delete(id);
      }
    }
    this.lobbyOffers.keepOnly((id) => present.has(id));
    for (const p of present.values()) {
      if (p.id === self.id || p.state !== 'admitted' || this.peers.has(p.id)) continue;
      const ready =
        this.prepared.get(p.id) ??
        (p.role === 'host' ? this.prepared.get(FOR_THE_HOST) : undefined);
      if (ready && ready.initiator === initiates(self, p) && this.sendsLocalTracks(ready)) {
        this.adoptPrepared(ready, p);
      } else if (initiates(self, p)) this.createPeer(p, newPcId(), true);
      else {
        // Answering: at once if they offered from the lobby (a preparation that no longer
        // fits is made again from their offer), else on their first signal.
        const offered = this.lobbyOffers.get(p.id);
        const entry = this.createPeer(p, offered?.pcId, false);
        for (const data of offered?.signals ?? []) this.feed(entry, data);
      }
    }
    this.prepareConnections(self, [...present.values()]);
    this.publishPeers();
  }

  /**
   * The negotiation with someone waiting in the lobby is done while they wait, so that
   * admitting them only releases it: each side has set its descriptions and allocated its
   * relay, and the connection is up about one round of ICE checks later (~100 ms sooner than
   * negotiating then).
   * - The guest (protocol 3) offers to the host from the lobby (to HOST_ALIAS: the lobby shows
   *   nobody, the service picks the host). It learns the host's id on admission.
   * - The host answers that offer and keeps the answer and its candidates, and the guest's
   *   candidates, until it admits them: nothing reaches the lobby (the service refuses it
   *   anyway), nobody there learns the host's addresses, and no ICE check is sent there.
   * - To a guest on protocol 2 the host makes its own offer, held back the same way.
   * The host prepares for at most MAX_PREPARED_OFFERS, those waiting longest. An offer is made
   * again after PREPARED_OFFER_MAX_AGE_MS or when the local tracks change (`remakePrepared`),
   * and nothing prepared is used when it no longer sends exactly the local tracks.
   */
  private prepareConnections(self: Participant, present: Participant[]): void {
    const waiting =
      self.role === 'host' && self.state === 'admitted'
        ? present.filter(
            (p) =>
              p.state === 'lobby' &&
              (initiates(self, p) || this.lobbyOffers.get(p.id)?.failed === false),
          )
        : // Made in the lobby; kept once admitted until the roster shows the others (with
          // several signaling nodes `admitted` may come before it).
          self.role !== 'host' &&
            initiates(self, THE_HOST) &&
            (self.state === 'lobby' ||
              (this.prepared.has(FOR_THE_HOST) && !present.some((p) => p.id !== self.id)))
          ? [THE_HOST]
          : [];
    waiting.sort((a, b) => a.since - b.since).splice(MAX_PREPARED_OFFERS);
    const keep = new Set(waiting.map((p) => p.id));
    this.dropPrepared((id) => !keep.has(id));
    for (const p of waiting) {
      if (this.prepared.has(p.id)) continue;
      if (!initiates(self, p)) {
        const offered = this.lobbyOffers.get(p.id);
        if (!offered || offered.failed) continue;
        const entry = this.createPeer(p, offered.pcId, false, true);
        for (const data of offered.signals) this.feed(entry, data);
        continue;
      }
      const entry = this.createPeer(p, newPcId(), true, true);
      entry.preparedTimer = setTimeout(() => {
        if (this.prepared.get(p.id) !== entry) return;
        this.dropPrepared((id) => id === p.id);
        this.reconcile();
      }, PREPARED_OFFER_MAX_AGE_MS);
    }
  }

  /** Host: one signal of a guest's offer from the lobby, recorded and answered if prepared. */
  private onLobbySignal(guest: Participant, pcId: string, data: unknown): void {
    const self = this.snapshot.self;
    if (self?.role !== 'host' || self.state !== 'admitted' || initiates(self, guest)) return;
    const result = this.lobbyOffers.add(guest.id, pcId, data);
    if (result === 'ignored') return;
    if (result === 'new-connection') {
      this.dropPrepared((id) => id === guest.id);
      this.reconcile();
      return;
    }
    const entry = this.prepared.get(guest.id);
    if (entry) this.feed(entry, data);
  }

  /**
   * A signal from the other side into a connection; while it is prepared (not admitted yet)
   * the other side's candidates wait, so that no ICE check goes to the lobby.
   */
  private feed(entry: PeerEntry, data: unknown): void {
    if (entry.heldRemote) {
      const signal = data as { type?: unknown; sdp?: unknown };
      if (signal.type === 'candidate') {
        entry.heldRemote.push(data);
        return;
      }
      if (signal.type === 'offer' && typeof signal.sdp === 'string') {
        const split = withoutInlineCandidates(signal.sdp);
        entry.heldRemote.push(...split.candidates);
        data = { ...signal, sdp: split.sdp };
      }
    }
    try {
      entry.peer.signal(data);
    } catch {
      // A signal for a connection being torn down.
    }
  }

  /**
   * Whether a connection sends exactly what this side sends now: the microphone, and the
   * shared screen or else the camera (a patient who chose audio only in the lobby must not
   * send the camera their prepared connection was made with).
   */
  private sendsLocalTracks(entry: PeerEntry): boolean {
    if (entry.peer.destroyed) return false;
    const stream = this.options.localStream;
    const wanted = [
      ...(stream?.getAudioTracks() ?? []),
      ...(this.screenTrack ? [this.screenTrack] : (stream?.getVideoTracks() ?? [])),
    ].map((t) => t.id);
    const sent = entry.peer._pc.getSenders().flatMap((s) => (s.track ? [s.track.id] : []));
    return sent.length === wanted.length && wanted.every((id) => sent.includes(id));
  }

  /**
   * A prepared connection becomes the one to `participant`: what it held back is sent (and the
   * other side's candidates applied); a guest's lobby offer is sent again, now by id (the host
   * skips what it had).
   */
  private adoptPrepared(entry: PeerEntry, participant: Participant): void {
    if (entry.preparedTimer) clearTimeout(entry.preparedTimer);
    this.prepared.delete(entry.remoteId);
    entry.remoteId = participant.id;
    entry.view.participant = participant;
    this.peers.set(participant.id, entry);
    const held = [...(entry.held ?? []), ...(entry.lobbySent ?? [])];
    const remote = entry.heldRemote ?? [];
    entry.held = entry.heldRemote = entry.lobbySent = undefined;
    for (const data of held) this.sendSignal(entry, data);
    for (const data of remote) this.feed(entry, data);
  }

  private dropPrepared(which: (participantId: string) => boolean): void {
    for (const [id, entry] of this.prepared) {
      if (!which(id)) continue;
      if (entry.preparedTimer) clearTimeout(entry.preparedTimer);
      this.prepared.delete(id);
      this.dropPeer(entry);
    }
  }

  private sendSignal(entry: PeerEntry, data: unknown): void {
    if (entry.pcId === undefined) return;
    this.signaling.send({
      type: 'signal',
      to: entry.remoteId,
      pc: entry.pcId,
      data: data as never,
    });
  }

  /** A guest's offer from the lobby: to whichever host the service picks. */
  private sendToHost(entry: PeerEntry, data: unknown): void {
    if (entry.pcId === undefined) return;
    this.signaling.send({ type: 'signal', to: HOST_ALIAS, pc: entry.pcId, data: data as never });
  }

  private onSignal(from: string, pcId: string, data: unknown): void {
    const sender = this.snapshot.participants.find((p) => p.id === from);
    if (sender?.state === 'lobby') return this.onLobbySignal(sender, pcId, data);
    if (this.lobbyOffers.isRepeat(from, pcId, data)) return;
    let entry = this.peers.get(from);
    // A connection made early takes the name of the first offer it gets.
    if (entry && entry.pcId === undefined && !entry.initiator) entry.pcId = pcId;
    if (!entry || entry.pcId !== pcId) {
      const self = this.snapshot.self;
      const participant = this.snapshot.participants.find((p) => p.id === from);
      // Only the side that does not initiate adopts a new connection named by the other.
      if (!self || !participant || initiates(self, participant)) return;
      if (entry) this.dropPeer(entry);
      entry = this.createPeer(participant, pcId, false);
      this.publishPeers();
    }
    this.feed(entry, data);
  }

  // --- peers ------------------------------------------------------------------------------

  private createPeer(
    participant: Participant,
    pcId: string | undefined,
    initiator: boolean,
    prepared = false,
  ): PeerEntry {
    const peer = new this.Peer({
      initiator,
      ...(this.options.localStream ? { stream: this.options.localStream } : {}),
      config: {
        iceServers: this.iceServers,
        iceTransportPolicy: this.iceTransportPolicy,
        // One transport for audio, video and chat from the first offer (every peer here
        // bundles): one relay allocation instead of three. The offering side gathers it from
        // the moment the connection is made (the pool), not only once its offer is set.
        // Chromium does not use the pool when answering: there it would only be a second,
        // unused relay allocation, and making it slows down building the connection.
        bundlePolicy: 'max-bundle',
        ...(initiator ? { iceCandidatePoolSize: 1 } : {}),
      },
      trickle: true,
    });
    // A connection made while the screen is shared sends the screen, as the others do (added
    // when there is no camera to stand in for).
    if (this.screenTrack) {
      const video = senderOf(peer._pc, 'video');
      if (video) void video.replaceTrack(this.screenTrack).catch(() => undefined);
      else peer.addTrack(this.screenTrack, this.sendingStream());
    }
    const entry: PeerEntry = {
      remoteId: participant.id,
      pcId,
      initiator,
      peer,
      wasConnected: false,
      ...(!prepared
        ? {}
        : participant.id === FOR_THE_HOST
          ? { lobbySent: [] }
          : initiator
            ? { held: [] }
            : { held: [], heldRemote: [] }),
      view: {
        participant,
        connection: 'connecting',
        remoteVideoDropped: false,
        remoteCamOn: true,
        framesDecoded: 0,
      },
    };
    (prepared ? this.prepared : this.peers).set(participant.id, entry);
    // By `entry.remoteId`: a connection prepared in the lobby learns whom it is for later.
    const current = (): boolean => this.peers.get(entry.remoteId) === entry;
    peer.on('signal', (data) => {
      if (this.prepared.get(entry.remoteId) === entry) {
        entry.held?.push(data);
        if (entry.lobbySent) {
          entry.lobbySent.push(data);
          this.sendToHost(entry, data);
        }
      } else if (current()) this.sendSignal(entry, data);
    });
    peer.on('stream', (stream) => {
      // Kept even while prepared: answering a lobby offer gets the guest's stream then, and
      // their tile shows it from admission.
      entry.view.stream = stream;
      if (current()) this.publishPeers();
    });
    peer.on('connect', () => {
      if (!current()) return;
      this.markConnected(entry);
      this.sendTo(entry, { kind: 'cam', on: this.snapshot.camOn });
      if (this.snapshot.videoDropped) this.sendTo(entry, { kind: 'video', dropped: true });
    });
    peer.on('data', (raw) => {
      if (current()) this.onData(entry, raw);
    });
    peer.on('iceStateChange', (state) => {
      if (current()) this.onIceState(entry, state);
    });
    const failed = (): void => {
      // A prepared offer that fails is made again with the next roster change; an answer to a
      // lobby offer only for a new offer.
      if (this.prepared.get(entry.remoteId) === entry) {
        if (!entry.initiator && entry.pcId) this.lobbyOffers.markFailed(entry.remoteId, entry.pcId);
        this.dropPrepared((id) => id === entry.remoteId);
      }
      if (!current()) return;
      // The connection is gone (simple-peer drops its RTCPeerConnection): no ICE restart.
      if (entry.stallTimer) clearTimeout(entry.stallTimer);
      entry.stallTimer = undefined;
      entry.view.connection = 'failed';
      this.publishPeers();
      // The initiator builds a new connection; the other side adopts it on its first signal.
      if (entry.initiator) {
        setTimeout(() => {
          if (!current() || this.snapshot.phase !== 'in-call') return;
          const now = this.snapshot.participants.find((p) => p.id === entry.remoteId);
          // Not toward someone away (tab closed, network gone): each attempt would allocate
          // relay ports for nothing; they are reconnected when they come back admitted.
          if (now?.state === 'admitted') {
            this.rebuild(entry, now);
            this.publishPeers();
          } else this.peers.delete(entry.remoteId);
        }, 500);
      }
    };
    peer.on('close', failed);
    peer.on('error', failed);
    return entry;
  }

  private markConnected(entry: PeerEntry): void {
    if (entry.stallTimer) clearTimeout(entry.stallTimer);
    entry.stallTimer = undefined;
    if (entry.view.connection === 'reconnecting') this.recorder.reconnections++;
    entry.view.connection = 'connected';
    entry.wasConnected = true;
    this.startedAt ??= Date.now();
    this.publishPeers();
  }

  private onIceState(entry: PeerEntry, state: RTCIceConnectionState): void {
    if (state === 'connected' || state === 'completed') {
      if (entry.peer.connected) this.markConnected(entry);
      return;
    }
    if (state === 'disconnected') {
      entry.view.connection = 'reconnecting';
      this.publishPeers();
      entry.stallTimer ??= setTimeout(() => {
        entry.stallTimer = undefined;
        if (!entry.peer.destroyed && entry.peer._pc.iceConnectionState === 'disconnected') {
          this.restartIce(entry);
        }
      }, this.options.iceRestartAfterMs ?? 1500);
    }
  }

  /** The initiating side replaces a connection with a new one (the other side adopts it). */
  private rebuild(entry: PeerEntry, participant: Participant): void {
    this.peers.delete(entry.remoteId);
    this.dropPeer(entry);
    this.recorder.reconnections++;
    this.createPeer(participant, newPcId(), true);
  }

  /** ICE restart (new candidates on a changed network), started by the initiating side. */
  private restartIce(entry: PeerEntry): void {
    if (!entry.initiator || entry.peer.destroyed) return;
    try {
      entry.peer._pc.restartIce();
      entry.peer.negotiate();
    } catch {
      // Destroyed meanwhile: the 'close' handler rebuilds the connection.
    }
  }

  private dropPeer(entry: PeerEntry): void {
    if (entry.stallTimer) clearTimeout(entry.stallTimer);
    try {
      entry.peer.destroy();
    } catch {
      // already gone
    }
  }

  // --- quality ----------------------------------------------------------------------------

  private async sampleStats(): Promise<void> {
    const interval = (this.options.statsIntervalMs ?? 2000) / 1000;
    let worst: QualityLevel | undefined;
    for (const entry of this.peers.values()) {
      if (entry.view.connection !== 'connected' || entry.peer.destroyed) continue;
      let report: RTCStatsReport;
      try {
        report = await entry.peer._pc.getStats();
      } catch {
        continue;
      }
      const now = readInbound(report, entry.view.remoteVideoDropped, performance.now());
      const last = entry.last;
      entry.last = now;
      entry.view.framesDecoded = now.framesDecoded;
      if (!last) continue;
      const sample = sampleBetween(last, now);
      const level = this.recorder.add(sample, interval);
      entry.view.quality = classify(sample);
      worst =
        worst === 'poor' || level === 'poor'
          ? 'poor'
          : worst === 'fair' || level === 'fair'
            ? 'fair'
            : 'good';
    }
    if (worst) {
      // One fallback for this side's sending: the worst link decides.
      const fallback = this.fallbackState;
      if (fallback.next(worst)) {
        if (fallback.videoDropped) this.recorder.videoFallbacks++;
        this.update({ videoDropped: fallback.videoDropped });
        this.applyVideoEnabled();
        this.broadcast({ kind: 'video', dropped: fallback.videoDropped });
      }
    }
    this.publishPeers();
  }

  private readonly fallbackState = new VideoFallback();
}
