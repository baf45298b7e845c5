/**
 * Per-connection token bucket: `burst` tokens, refilled at `messagesPerSecond`; each message takes one.
 *
 * @packageDocumentation
 */

/** Rate limit settings (see `ServerOptions.rateLimit`). */
export interface RateLimit {
  /** Sustained messages per second. */
  messagesPerSecond: number;
  /** Bucket size: how many messages may arrive at once after a quiet period. */
  burst: number;
  /**
   * Dropped messages tolerated before the socket is closed with 1008. The count restarts whenever
   * the bucket has refilled completely (the client calmed down).
   */
  maxViolations: number;
}

/** Outcome of {@link TokenBucket.take}. */
export type TakeResult = 'ok' | 'dropped' | 'close';

/** The default clock of a bucket (one function for all buckets, not a closure each). */
const monotonicNow = (): number => performance.now();

/** A token bucket that also counts violations. `now` is injectable for tests. */
export class TokenBucket {
  #tokens: number;
  #last: number;
  #violations = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = monotonicNow,
  ) {
    this.#tokens = limit.burst;
    this.#last = now();
  }

  /** Dropped messages in the current episode (since the bucket was last full). */
  get violations(): number {
    return this.#violations;
  }

  /** Takes one token for an incoming message. */
  take(): TakeResult {
    const now = this.now();
    this.#tokens = Math.min(this.limit.burst, this.#tokens + ((now - this.#last) / 1000) * this.limit.messagesPerSecond);
    this.#last = now;
    if (this.#tokens >= this.limit.burst) this.#violations = 0;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'ok';
    }
    this.#violations += 1;
    return this.#violations > this.limit.maxViolations ? 'close' : 'dropped';
  }
}
