/**
 * The browser side of the signaling protocol: one WebSocket, every frame validated, and
 * automatic reconnection. After the first `welcome` a dropped socket is reopened with the
 * resume ticket (the participant comes back as itself, still admitted when it was), with
 * backoff 0.25 s → 4 s. Used by the workstation and the patient page alike.
 */
import {
  JOIN_REFUSALS,
  serverFrameSchema,
  type ClientFrame,
  type ServerFrame,
} from '../../../../../shared/signaling/protocol';

export type SignalingStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SignalingClientOptions {
  wsUrl: string;
  ticket: string;
  /** Sent with `join` (patient page: name and readiness known so far). */
  joinExtras?: () => Partial<Extract<ClientFrame, { type: 'join' }>>;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: SignalingStatus) => void;
  /** Every new resume ticket (the patient page keeps it so a reload comes back as itself). */
  onResumeTicket?: (ticket: string) => void;
  /** WebSocket constructor (tests). */
  WebSocketImpl?: typeof WebSocket;
}

/** Server frames after which the participant must not reconnect. */
const FINAL = new Set<ServerFrame['type']>(['denied', 'removed', 'ended']);

export class SignalingClient {
  private socket: WebSocket | undefined;
  private ticket: string;
  private attempt = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  /** Last measured round trip to the signaling server (ms). */
  rttMs: number | undefined;

  constructor(private readonly options: SignalingClientOptions) {
    this.ticket = options.ticket;
  }

  start(): void {
    this.open();
  }

  private open(): void {
    if (this.stopped) return;
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    const socket = new Impl(this.options.wsUrl);
    this.socket = socket;
    this.options.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.onopen = () => {
      socket.send(
        JSON.stringify({ type: 'join', ticket: this.ticket, ...this.options.joinExtras?.() }),
      );
      this.ping();
      this.pingTimer = setInterval(() => this.ping(), 5000);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = serverFrameSchema.parse(JSON.parse(event.data));
      } catch {
        return; // A frame we do not understand is ignored, never trusted.
      }
      if (frame.type === 'welcome') {
        this.attempt = 0;
        this.options.onStatus('open');
      }
      if (frame.type === 'welcome' || frame.type === 'admitted') {
        this.ticket = frame.resumeTicket;
        this.options.onResumeTicket?.(frame.resumeTicket);
      }
      if (frame.type === 'pong') this.rttMs = Math.max(0, performance.now() - frame.at);
      if (FINAL.has(frame.type)) this.stopped = true;
      if (frame.type === 'error' && JOIN_REFUSALS.has(frame.code)) this.stopped = true;
      this.options.onFrame(frame);
    };
    socket.onclose = () => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.stopped) {
        this.options.onStatus('closed');
        return;
      }
      const delay = Math.min(4000, 250 * 2 ** this.attempt);
      this.attempt++;
      this.options.onStatus('reconnecting');
      this.timer = setTimeout(() => this.open(), delay);
    };
  }

  private ping(): void {
    this.send({ type: 'ping', at: performance.now() });
  }

  /** Sends when connected; returns false when the frame could not go out (reconnecting). */
  send(frame: ClientFrame): boolean {
    const socket = this.socket;
    if (socket?.readyState !== 1) return false; // OPEN
    socket.send(JSON.stringify(frame));
    return true;
  }

  /** Reconnect at once (e.g. the browser says it is online again). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    if (this.timer) clearTimeout(this.timer);
    this.open();
  }

  /** Leaves for good: `bye` first (the others must not wait for us), then close. */
  close(sendBye = true): void {
    if (sendBye) this.send({ type: 'bye' });
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.socket?.close(1000, 'bye');
    this.socket = undefined;
    this.options.onStatus('closed');
  }
}
