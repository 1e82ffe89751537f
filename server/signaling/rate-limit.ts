/**
 * Token bucket per connection: `burst` frames at once, refilled at `perSecond`. A flooding
 * socket gets its frames refused (one error frame per second at most, so refusing costs
 * little) and is closed when it keeps flooding; other sockets and rooms are unaffected.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Frames refused since the last accepted one. */
  refusedInARow = 0;
  private lastErrorAt = -Infinity;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = this.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow++;
    return false;
  }

  /** Whether to send an error frame for a refusal now (at most one per second). */
  shouldReport(): boolean {
    const now = this.now();
    if (now - this.lastErrorAt < 1000) return false;
    this.lastErrorAt = now;
    return true;
  }
}
