import type { Chunk } from './wire.js';

/** Partial messages kept per sender; a newer one drops the oldest (a hostile peer cannot pile them up). */
export const MAX_PARTIALS = 4;

interface Partial {
  count: number;
  parts: Uint8Array[];
  got: number;
  bytes: number;
}

/**
 * Puts chunked messages back together, per sender and message id. Memory is bounded: a message may announce at most
 * `maxBytes`, chunks are kept only up to the announced size, and each sender has at most {@link MAX_PARTIALS}
 * messages in flight (a new one drops the oldest).
 * @internal
 */
export class Reassembler {
  private readonly partials = new Map<string, Map<number, Partial>>();

  /**
   * Adds a chunk from `sender`. Returns the whole payload when this chunk completed it, `'too-large'` when the
   * message announces more than `maxBytes` (its chunks are then ignored), `undefined` otherwise.
   */
  add(sender: string, c: Chunk, maxBytes: number): Uint8Array | 'too-large' | undefined {
    if (c.size > maxBytes) return c.index === 0 ? 'too-large' : undefined;
    if (c.count === 1) return c.body.length === c.size ? c.body : undefined;
    let mine = this.partials.get(sender);
    if (!mine) this.partials.set(sender, (mine = new Map()));
    let p = mine.get(c.id);
    if (!p) {
      // At least 1 KiB per chunk: a sender cannot make us keep millions of tiny parts.
      if (c.count > Math.ceil(c.size / 1024) + 1) return undefined;
      if (mine.size >= MAX_PARTIALS) mine.delete(mine.keys().next().value!);
      mine.set(c.id, (p = { count: c.count, parts: [], got: 0, bytes: 0 }));
    }
    if (p.parts[c.index] || c.count !== p.count) return undefined;
    p.bytes += c.body.length;
    if (p.bytes > c.size) {
      mine.delete(c.id);
      return undefined;
    }
    p.parts[c.index] = c.body;
    if (++p.got < c.count) return undefined;
    mine.delete(c.id);
    if (p.bytes !== c.size) return undefined;
    const out = new Uint8Array(c.size);
    let at = 0;
    for (const part of p.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Drops `sender`'s partial messages (it left). */
  forget(sender: string): void {
    this.partials.delete(sender);
  }
}
