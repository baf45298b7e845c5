/**
 * Bounds on TCP connections that are not (yet) WebSockets, per peer address: requests in progress, keep-alive
 * connections between requests, and upgrade requests whose headers are still trickling in (slowloris). Their
 * time is bounded by the HTTP server's `headersTimeout` (see `server.ts`); their number by this class.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';

/** Counts pending connections per peer address; refuses those beyond `max` (`0` disables). */
export class PendingConnections {
  readonly #perIp = new Map<string, number>();
  readonly #counted = new WeakMap<Socket, string>();

  constructor(private readonly max: number) {}

  /**
   * A new TCP connection. Returns `false` (and counts nothing) when its address already has `max` pending ones:
   * the caller closes it.
   */
  admit(socket: Socket): boolean {
    if (this.max <= 0) return true;
    const ip = socket.remoteAddress ?? '?';
    const open = this.#perIp.get(ip) ?? 0;
    if (open >= this.max) return false;
    this.#perIp.set(ip, open + 1);
    this.#counted.set(socket, ip);
    socket.once('close', () => this.settle(socket));
    return true;
  }

  /** The connection closed or became a WebSocket (then it counts against `maxConnectionsPerIp` instead). */
  settle(socket: Socket): void {
    const ip = this.#counted.get(socket);
    if (ip === undefined) return;
    this.#counted.delete(socket);
    const left = (this.#perIp.get(ip) ?? 1) - 1;
    if (left > 0) this.#perIp.set(ip, left);
    else this.#perIp.delete(ip);
  }

  /** Pending connections of all addresses (for tests and stats). */
  get size(): number {
    let n = 0;
    for (const count of this.#perIp.values()) n += count;
    return n;
  }
}
