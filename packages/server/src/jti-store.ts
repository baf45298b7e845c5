/**
 * Replay limits for room tokens: how many times one JWT ID (`jti`, RFC 7519 §4.1.7) has been used to join.
 * The server keeps the count behind {@link JtiStore} so a shared store (e.g. Redis, for several nodes) can replace
 * the in-memory one.
 *
 * @packageDocumentation
 */

/** Counts uses of token ids. Implementations must count atomically (two joins at once are two uses). */
export interface JtiStore {
  /**
   * Records one use of `jti` and returns how many uses it now has, this one included. The entry may be forgotten
   * after `expiresAtMs` (Unix ms, the token's `exp`): an expired token is refused before the store is asked.
   */
  use(jti: string, expiresAtMs: number): number | Promise<number>;
}

/**
 * The default {@link JtiStore}: a `Map` in this process. Entries are dropped once their token has expired
 * (swept on use, at most once per second), so memory is bounded by the tokens valid at one time.
 */
export class MemoryJtiStore implements JtiStore {
  readonly #uses = new Map<string, { count: number; expiresAtMs: number }>();
  #sweptAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  use(jti: string, expiresAtMs: number): number {
    const now = this.now();
    if (now - this.#sweptAt >= 1000) {
      this.#sweptAt = now;
      for (const [key, entry] of this.#uses) if (entry.expiresAtMs <= now) this.#uses.delete(key);
    }
    const entry = this.#uses.get(jti);
    const count = (entry && entry.expiresAtMs > now ? entry.count : 0) + 1;
    this.#uses.set(jti, { count, expiresAtMs: Math.max(expiresAtMs, entry?.expiresAtMs ?? 0) });
    return count;
  }

  /** Token ids currently remembered (for tests and metrics). */
  get size(): number {
    return this.#uses.size;
  }
}
