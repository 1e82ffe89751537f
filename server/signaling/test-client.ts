/**
 * A signaling client for tests and benchmarks: a real WebSocket, every server frame validated
 * with the protocol schema, and `next(type)` to wait for a frame (bounded).
 */
import { WebSocket } from 'ws';
import {
  serverFrameSchema,
  type ClientFrame,
  type ServerFrame,
} from '../../shared/signaling/protocol';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

export class TestSignalingClient {
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Frames no `next()` has taken yet (a mailbox: frames that came early are not lost). */
  private unclaimed: ServerFrame[] = [];
  private waiters: { test: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const frame = serverFrameSchema.parse(JSON.parse(data.toString('utf8')));
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.test(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      } else {
        this.unclaimed.push(frame);
      }
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async connect(wsUrl: string): Promise<TestSignalingClient> {
    const socket = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestSignalingClient(socket);
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** The first frame of `type` matching `test` not taken yet (already received, or to come). */
  next<T extends ServerFrame['type']>(
    type: T,
    test: (frame: FrameOf<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FrameOf<T>> {
    return this.take(
      (f) => f.type === type && test(f as FrameOf<T>),
      `'${type}'`,
      timeoutMs,
    ) as Promise<FrameOf<T>>;
  }

  /** Joins with a ticket and returns the welcome (or throws with the error frame). */
  async join(
    ticket: string,
    extra: { name?: string; protocol?: number } = {},
  ): Promise<FrameOf<'welcome'>> {
    this.send({ type: 'join', ticket, ...extra });
    const first = await this.take(
      (f) => f.type === 'welcome' || f.type === 'error',
      'welcome or error',
      5000,
    );
    if (first.type === 'error') throw new Error(`${first.code}: ${first.message}`);
    if (first.type !== 'welcome') throw new Error(`unexpected ${first.type}`);
    return first;
  }

  private take(
    matches: (f: ServerFrame) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<ServerFrame> {
    const early = this.unclaimed.find(matches);
    if (early) {
      this.unclaimed = this.unclaimed.filter((f) => f !== early);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        test: matches,
        resolve: (f: ServerFrame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.close();
  }
}
