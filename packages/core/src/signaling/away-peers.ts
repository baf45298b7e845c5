/**
 * Peers a restored session does not find on the server yet (probably still reconnecting themselves): each is away
 * until it is back or its grace period ends. Used by {@link WebSocketSignaling}.
 * @internal
 */
export class AwayPeers {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Marks `id` away; `expire` runs if it is not back within `graceMs`. Returns `false` if it already was away. */
  mark(id: string, graceMs: number, expire: () => void): boolean {
    if (this.#timers.has(id)) return false;
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        expire();
      }, graceMs),
    );
    return true;
  }

  /** Ends `id`'s grace period (it is back, or it left); returns whether it was away. */
  end(id: string): boolean {
    const timer = this.#timers.get(id);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.#timers.delete(id);
    return true;
  }

  /** Forgets every away peer (no timer left running). */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
