/**
 * Peers a restored session does not find on the server yet (probably still reconnecting themselves): each is away
 * until it is back or its grace period ends. Used by {@link WebSocketSignaling}.
 * @internal
 */
export class AwayPeers {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** `away(id, true | false)` when a peer goes away / comes back; `expired(id)` when its grace period ended. */
  constructor(private readonly events: { away(id: string, away: boolean): void; expired(id: string): void }) {}

  /** Marks `id` away (once): `expired` runs if it is not back within `graceMs`. */
  mark(id: string, graceMs: number): void {
    if (this.#timers.has(id)) return;
    this.events.away(id, true);
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        this.events.expired(id);
      }, graceMs),
    );
  }

  /** `id` is back: no longer away (nothing happens if it was not). */
  back(id: string): void {
    if (this.end(id)) this.events.away(id, false);
  }

  /** Ends `id`'s grace period silently (it left); returns whether it was away. */
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
