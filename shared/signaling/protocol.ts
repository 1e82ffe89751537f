/**
 * The signaling protocol between the workstation, the patient page and server/signaling,
 * as zod schemas (every frame is validated on both ends). Pure: no DOM, Node or Electron.
 *
 * A participant connects to `/ws`, sends `join` with its ticket, and gets `welcome`. Patients
 * and guests wait in the lobby (they appear to the host at once: auto-knock) until the host
 * admits them. Admitted participants exchange WebRTC signals (simple-peer's offer, answer and
 * candidates) through the server, addressed by participant id. Hanging up sends `bye`; a
 * dropped socket may come back with the `resumeTicket` from `welcome` within the grace time.
 */
import { z } from 'zod';

/** Largest frame the server accepts (an SDP offer with many candidates is ~10 kB). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Per connection: burst and sustained frames per second before frames are refused. */
export const RATE_BURST = 60;
export const RATE_PER_SECOND = 30;
/** A participant whose socket dropped keeps its place this long (ms) before it has left. */
export const RESUME_GRACE_MS = 60_000;

export const participantRoleSchema = z.enum([
  'host',
  'patient',
  'specialist',
  'interpreter',
  'family',
]);
export type ParticipantRole = z.infer<typeof participantRoleSchema>;

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not an id');

/**
 * The call protocol this code speaks (see `initiates`). 3: whoever waits in the lobby offers to
 * the host from there (a signal to HOST_ALIAS), and the host answers once it admits them. 2:
 * the host offers to everyone. A client that says nothing (a patient page still open from
 * before, a workstation not yet updated) speaks 1: the smaller id offers. Both sides of a pair
 * pick the rule they share.
 */
export const CALL_PROTOCOL = 3;
/**
 * The `to` of a signal for the room's host, the only signal someone in the lobby may send: the
 * lobby shows nobody, so they cannot name the host. The service delivers it to the host who
 * arrived first; nothing is ever delivered to someone in the lobby.
 */
export const HOST_ALIAS = 'host';
const protocolVersion = z.number().int().min(1).max(1000);
const displayName = z.string().trim().min(1).max(80);

/** Result of the patient's device check, shown on the host's lobby card. */
export const readinessSchema = z.object({
  camera: z.enum(['ok', 'denied', 'missing', 'unchecked']),
  microphone: z.enum(['ok', 'denied', 'missing', 'unchecked']),
  /** Network check: round trip to the signaling server, and whether WebRTC can connect. */
  network: z.enum(['good', 'fair', 'poor', 'unchecked']),
  rttMs: z.number().nonnegative().max(60_000).optional(),
  consent: z.boolean(),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** simple-peer's signal data: an SDP, a candidate, or a renegotiation/transceiver request. */
export const peerSignalSchema = z.union([
  z.object({
    type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
    sdp: z
      .string()
      .max(48 * 1024)
      .optional(),
  }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(1024),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.object({
      kind: z.enum(['audio', 'video']),
      init: z.unknown().optional(),
    }),
  }),
]);
export type PeerSignal = z.infer<typeof peerSignalSchema>;

export const participantSchema = z.object({
  id,
  role: participantRoleSchema,
  name: displayName,
  state: z.enum(['lobby', 'admitted', 'away']),
  readiness: readinessSchema.optional(),
  /** When the participant arrived (epoch ms). */
  since: z.number(),
  /** The call protocol the participant's client speaks (absent: 1). */
  protocol: protocolVersion.optional(),
});
export type Participant = z.infer<typeof participantSchema>;

export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/)).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

/** Frames a client sends. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('join'),
    ticket: z.string().min(20).max(4096),
    name: displayName.optional(),
    readiness: readinessSchema.optional(),
    /** CALL_PROTOCOL of the joining client; absent means 1. */
    protocol: protocolVersion.optional(),
  }),
  z.object({
    type: z.literal('update'),
    name: displayName.optional(),
    readiness: readinessSchema.optional(),
  }),
  z.object({ type: z.literal('admit'), participantId: id }),
  z.object({ type: z.literal('deny'), participantId: id, reason: z.string().max(200).optional() }),
  z.object({ type: z.literal('remove'), participantId: id }),
  /** `pc` names the sender's peer connection: a new one (after a failure) replaces the old. */
  z.object({
    type: z.literal('signal'),
    to: z.union([id, z.literal(HOST_ALIAS)]),
    pc: id,
    data: peerSignalSchema,
  }),
  z.object({ type: z.literal('bye') }),
  z.object({ type: z.literal('end') }),
  z.object({ type: z.literal('ping'), at: z.number() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const errorCodeSchema = z.enum([
  'bad-frame',
  'too-large',
  'rate-limited',
  'not-joined',
  'already-joined',
  'bad-ticket',
  'expired-ticket',
  'ticket-used',
  'ticket-revoked',
  'not-allowed',
  'unknown-participant',
  'internal',
]);
export type SignalingErrorCode = z.infer<typeof errorCodeSchema>;

/** Frames the server sends. */
export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    self: participantSchema,
    roomId: id,
    iceServers: z.array(iceServerSchema),
    /** 'relay': the deployment requires media through TURN (peers never learn each other's IP). */
    iceTransportPolicy: z.enum(['all', 'relay']),
    /** Lets this participant come back after a dropped connection (not a new knock). */
    resumeTicket: z.string(),
  }),
  /** The room as this participant may see it: the host sees everyone, others only the admitted. */
  z.object({ type: z.literal('participants'), participants: z.array(participantSchema) }),
  /** Admitted to the call; the new resume ticket brings the participant back admitted. */
  z.object({ type: z.literal('admitted'), resumeTicket: z.string() }),
  z.object({ type: z.literal('denied'), reason: z.string().optional() }),
  z.object({ type: z.literal('removed') }),
  z.object({ type: z.literal('ended') }),
  z.object({ type: z.literal('signal'), from: id, pc: id, data: peerSignalSchema }),
  z.object({ type: z.literal('pong'), at: z.number() }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  /** The node is shutting down: reconnect (with the resume ticket) to continue. */
  z.object({ type: z.literal('restarting') }),
  /**
   * Fresh ICE servers before the last ones' TURN credentials expire: a TURN server refuses new
   * allocations (an ICE restart, a rebuilt connection, someone joining later) with expired ones.
   */
  z.object({ type: z.literal('ice-servers'), iceServers: z.array(iceServerSchema) }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** Parses a frame's text; a clear reason on failure (for the error frame). */
export function parseClientFrame(
  text: string,
): { ok: true; frame: ClientFrame } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: issue ? `${issue.path.join('.') || 'frame'}: ${issue.message}` : 'invalid frame',
    };
  }
  return { ok: true, frame: parsed.data };
}

/** Error codes that end an attempt to join for good: the link itself is not usable. */
export const JOIN_REFUSALS: ReadonlySet<SignalingErrorCode> = new Set([
  'bad-ticket',
  'expired-ticket',
  'ticket-used',
  'ticket-revoked',
]);

/** `ws(s)://host/ws` of a signaling service's base URL (https → wss). */
export function signalingWsUrl(signalingUrl: string): string {
  const url = new URL('/ws', signalingUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The service's HTTP origin and its WebSocket twin, for a CSP `connect-src`. */
export function signalingConnectOrigins(signalingUrl: string): [string, string] {
  return [new URL(signalingUrl).origin, new URL(signalingWsUrl(signalingUrl)).origin];
}

/**
 * Which of two participants offers; both sides compute the same answer. Between a host and a
 * guest: when both speak protocol 3, the guest offers (from the lobby already, so that both
 * sides have negotiated and allocated their relays before the host admits them; see
 * call-session.ts); when both speak at least 2, the host offers (an offer it prepares while
 * they wait). Otherwise (protocol 1 on either side), and between two guests or two hosts, the
 * smaller id offers.
 */
export function initiates(
  self: Pick<Participant, 'id' | 'role' | 'protocol'>,
  other: Pick<Participant, 'id' | 'role' | 'protocol'>,
): boolean {
  const selfHost = self.role === 'host';
  const otherHost = other.role === 'host';
  const shared = Math.min(self.protocol ?? 1, other.protocol ?? 1);
  if (shared >= 3 && selfHost !== otherHost) return !selfHost;
  if (shared >= 2 && selfHost !== otherHost) return selfHost;
  return self.id < other.id;
}
