/**
 * The signaling bus: how signaling nodes that serve the same room reach each other. One node
 * uses {@link MemoryBus}; several nodes share a Redis (redis-bus.ts). Messages are strings
 * (JSON of the relay envelope); delivery is at-most-once, in order per publisher and topic.
 * The two small key operations make one-time tickets and revocations hold across nodes.
 */
export interface SignalingBus {
  /** Delivers `message` to every subscriber of `topic` on every node (this one included). */
  publish(topic: string, message: string): Promise<void>;
  /**
   * Calls `handler` for each message on `topic`; resolves once the subscription is active.
   * Returns the unsubscribe function.
   */
  subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Sets `key` when absent, expiring after `ttlSeconds`; true when this call set it. Atomic
   * across nodes: of two nodes claiming the same one-time ticket, exactly one gets true.
   */
  setIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
  /** Whether `key` is set (and not expired). */
  has(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A bus inside one process (one signaling node). */
export class MemoryBus implements SignalingBus {
  private readonly topics = new Map<string, Set<(message: string) => void>>();
  private readonly keys = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  publish(topic: string, message: string): Promise<void> {
    const handlers = [...(this.topics.get(topic) ?? [])];
    // Asynchronous like a network bus, so no caller depends on re-entrant delivery.
    queueMicrotask(() => {
      for (const handler of handlers) handler(message);
    });
    return Promise.resolve();
  }

  subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    let handlers = this.topics.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.topics.set(topic, handlers);
    }
    const wrapped = (message: string): void => handler(message);
    handlers.add(wrapped);
    return Promise.resolve(() => {
      const set = this.topics.get(topic);
      set?.delete(wrapped);
      if (set?.size === 0) this.topics.delete(topic);
      return Promise.resolve();
    });
  }

  setIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    const expires = this.keys.get(key);
    if (expires !== undefined && expires > this.now()) return Promise.resolve(false);
    this.keys.set(key, this.now() + ttlSeconds * 1000);
    if (this.keys.size > 10_000) this.sweep();
    return Promise.resolve(true);
  }

  has(key: string): Promise<boolean> {
    const expires = this.keys.get(key);
    return Promise.resolve(expires !== undefined && expires > this.now());
  }

  close(): Promise<void> {
    this.topics.clear();
    this.keys.clear();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, expires] of this.keys) if (expires <= now) this.keys.delete(key);
  }
}
