/**
 * The signaling bus over a shared Redis, for several signaling nodes serving the same rooms.
 * Topics are Redis pub/sub channels and keys are Redis strings, all under one prefix so the
 * Redis can be shared with other applications. Two connections per node: one for commands and
 * publishing, one in subscriber mode (a subscribed Redis connection accepts no other command).
 *
 * Reconnection is the redis client's: after Redis restarts, both connections come back with
 * growing delays (capped at 1 s) and the subscriber connection re-issues SUBSCRIBE for every
 * channel that still has handlers. Messages published while a node is disconnected are lost for
 * that node (Redis pub/sub is at-most-once), which matches the {@link SignalingBus} contract.
 */
import { createClient, ReconnectStrategyError } from 'redis';
import type { SignalingBus } from './bus';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisBusOptions {
  /** Prepended to every channel and key (default `cw:signaling:`). */
  keyPrefix?: string;
  /** How long {@link RedisBus.connect} keeps trying before it rejects (default 5000 ms). */
  connectTimeoutMs?: number;
  /**
   * Called with errors of either connection once connected (lost connection, failed
   * reconnect attempts) and with errors thrown by message handlers. Without it they are
   * dropped: a Redis outage must not crash the signaling node.
   */
  onError?: (error: Error) => void;
}

export const DEFAULT_KEY_PREFIX = 'cw:signaling:';
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 1_000;
/** How long close() waits for pending commands before dropping the connections. */
const CLOSE_TIMEOUT_MS = 2_000;

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** The innermost message of an error chain (the redis client wraps the socket's error). */
function describe(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 4) {
    if (current.message !== '' && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  if (parts.length === 0 && error instanceof AggregateError) {
    for (const inner of error.errors) if (inner instanceof Error) parts.push(inner.message);
  }
  return parts.length > 0 ? parts.join(': ') : error.name;
}

/**
 * One connection. Until it has connected once, the reconnect strategy gives up at the connect
 * deadline (so an unreachable Redis fails fast); afterwards it retries forever.
 */
class Connection {
  readonly client: RedisClient;
  private connected = false;
  private deadline = 0;

  constructor(
    url: string,
    private readonly connectTimeoutMs: number,
    private readonly report: (error: Error) => void,
  ) {
    this.client = createClient({
      url,
      socket: {
        connectTimeout: connectTimeoutMs,
        reconnectStrategy: (retries: number, cause: Error) => this.retryDelay(retries, cause),
      },
    });
    // Without an 'error' listener the EventEmitter would throw, crashing the process.
    this.client.on('error', (error: unknown) => {
      if (this.connected) this.report(asError(error));
    });
  }

  private retryDelay(retries: number, cause: Error): number | Error {
    // The client asks again with the error this strategy returned: keep giving that one up.
    if (cause instanceof ReconnectStrategyError) return cause.originalError;
    const delay = Math.min(50 * 2 ** Math.min(retries, 10), MAX_RECONNECT_DELAY_MS);
    const jittered = delay + Math.floor(Math.random() * 50);
    if (!this.connected && Date.now() + jittered > this.deadline) {
      return new Error(`${describe(cause)} (gave up after ${this.connectTimeoutMs} ms)`, { cause });
    }
    return jittered;
  }

  async connect(): Promise<void> {
    this.deadline = Date.now() + this.connectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    // Backstop: an attempt begun just before the deadline could otherwise run a full
    // connectTimeout past it.
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no connection within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs + 100);
    });
    try {
      await Promise.race([this.client.connect(), timeout]);
      this.connected = true;
    } catch (error) {
      this.destroy();
      throw asError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for pending commands (bounded), then drops the connection. */
  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
    });
    try {
      const result = await Promise.race([this.client.close(), timedOut]);
      if (result === 'timeout') this.destroy();
    } catch {
      this.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  destroy(): void {
    if (!this.client.isOpen) return;
    try {
      this.client.destroy();
    } catch {
      // Already closed.
    }
  }
}

export class RedisBus implements SignalingBus {
  private closed = false;

  private constructor(
    private readonly commands: Connection,
    private readonly subscriber: Connection,
    private readonly prefix: string,
    private readonly report: (error: Error) => void,
  ) {}

  /**
   * Connects both connections to the Redis at `url` (`redis://host:port[/db]`, `rediss://` for
   * TLS). Rejects, naming the URL (password hidden), when Redis cannot be reached within
   * `connectTimeoutMs`.
   */
  static async connect(url: string, options: RedisBusOptions = {}): Promise<RedisBus> {
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const onError = options.onError;
    const report = (error: Error): void => {
      if (!onError) return;
      try {
        onError(error);
      } catch {
        // A failing error callback must not take the node down either.
      }
    };
    let commands: Connection;
    let subscriber: Connection;
    try {
      commands = new Connection(url, connectTimeoutMs, report);
      subscriber = new Connection(url, connectTimeoutMs, report);
    } catch (error) {
      // createClient throws on a malformed URL.
      throw new Error(`Invalid Redis URL ${redactUrl(url)}: ${describe(asError(error))}`, {
        cause: error,
      });
    }
    const results = await Promise.allSettled([commands.connect(), subscriber.connect()]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      commands.destroy();
      subscriber.destroy();
      const cause = asError(failure.reason);
      throw new Error(`Cannot connect to Redis at ${redactUrl(url)}: ${describe(cause)}`, {
        cause,
      });
    }
    return new RedisBus(commands, subscriber, options.keyPrefix ?? DEFAULT_KEY_PREFIX, report);
  }

  async publish(topic: string, message: string): Promise<void> {
    await this.commands.client.publish(this.prefix + topic, message);
  }

  async subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const channel = this.prefix + topic;
    // A fresh listener per call: the client keeps listeners in a Set, so subscribing the same
    // handler twice must still give two independent subscriptions.
    const listener = (message: string): void => {
      try {
        handler(message);
      } catch (error) {
        this.report(asError(error));
      }
    };
    await this.subscriber.client.subscribe(channel, listener);
    let active = true;
    return async () => {
      if (!active || this.closed) return;
      active = false;
      // The client sends UNSUBSCRIBE only when this was the channel's last listener.
      await this.subscriber.client.unsubscribe(channel, listener);
    };
  }

  async setIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
    }
    const expiration = Number.isInteger(ttlSeconds)
      ? { type: 'EX' as const, value: ttlSeconds }
      : { type: 'PX' as const, value: Math.ceil(ttlSeconds * 1000) };
    // SET key 1 NX EX ttl: atomic in Redis, so of concurrent claims from any nodes one wins.
    const reply = await this.commands.client.set(this.prefix + key, '1', {
      condition: 'NX',
      expiration,
    });
    return reply === 'OK';
  }

  async has(key: string): Promise<boolean> {
    return (await this.commands.client.exists(this.prefix + key)) === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.commands.close(), this.subscriber.close()]);
  }
}
