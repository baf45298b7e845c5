/**
 * The memory budget for clients that do not read: bytes queued for sending (`ws` `bufferedAmount`: the library's
 * queue plus the socket's write buffer), per socket and over all sockets. A socket over its own cap, or among those
 * furthest behind while the total is over the server's, is closed with 1008 ("slow consumer") and terminated
 * 250 ms later unless its queue is shrinking (a client that reads, slowly, gets the close frame; one that does not
 * read never would, and its buffers must be freed soon).
 *
 * @packageDocumentation
 */
import { WebSocket } from 'ws';

/** Which budget a closed socket exceeded. */
export type BudgetExceeded = 'socket' | 'server';

/** A socket with less than this queued is not "behind" and is never closed for the server's budget. */
export const MIN_BEHIND_BYTES = 64 * 1024;
/** How often every socket's queue is measured again (queues shrink without an event). */
const SWEEP_MS = 1000;
/** After the close frame, a socket that did not finish the close handshake is terminated. */
const CLOSE_GRACE_MS = 250;
/** Longest a closing socket that keeps draining its queue is given to read up to the close frame. */
const MAX_DRAIN_MS = 5000;

/** Accounts bytes queued for sending and closes the slowest readers when a budget is exceeded. */
export class SendBudget {
  #total = 0;
  readonly #queued = new Map<WebSocket, number>();
  readonly #closing = new WeakSet<WebSocket>();
  readonly #sweep: NodeJS.Timeout;

  /**
   * @param perSocket - most bytes queued for one socket (`ServerOptions.maxBufferedBytes`)
   * @param total - most bytes queued over all sockets (`ServerOptions.maxBufferedBytesTotal`)
   * @param onClose - told about every socket closed for a budget, before it is closed
   */
  constructor(
    private readonly perSocket: number,
    private readonly total: number,
    private readonly onClose: (ws: WebSocket, exceeded: BudgetExceeded, queued: number) => void,
  ) {
    this.#sweep = setInterval(() => this.sweep(), SWEEP_MS);
    this.#sweep.unref();
  }

  /** Bytes queued over all tracked sockets, as last measured. */
  get queued(): number {
    return this.#total;
  }

  /** Sends one text message to an open socket, unless it is being closed for its budget, then accounts for it. */
  send(ws: WebSocket, data: string): void {
    if (ws.readyState !== WebSocket.OPEN || this.#closing.has(ws)) return;
    if (this.#measure(ws) > this.perSocket) return this.#shut(ws, 'socket');
    ws.send(data);
    const queued = this.#measure(ws);
    if (queued > this.perSocket) return this.#shut(ws, 'socket');
    if (this.#total > this.total) this.#shed();
  }

  /** The socket closed: its bytes no longer count. */
  forget(ws: WebSocket): void {
    this.#total -= this.#queued.get(ws) ?? 0;
    this.#queued.delete(ws);
  }

  /** Measures every socket again and sheds the slowest while over the server's budget. */
  sweep(): void {
    let total = 0;
    for (const [ws, before] of this.#queued) {
      const now = ws.readyState === WebSocket.CLOSED ? 0 : ws.bufferedAmount;
      if (now !== before) this.#queued.set(ws, now);
      total += now;
    }
    this.#total = total;
    if (this.#total > this.total) this.#shed();
  }

  /** Stops the periodic measurement. */
  stop(): void {
    clearInterval(this.#sweep);
  }

  #measure(ws: WebSocket): number {
    const now = ws.bufferedAmount;
    this.#total += now - (this.#queued.get(ws) ?? 0);
    this.#queued.set(ws, now);
    return now;
  }

  /** Closes the sockets furthest behind until what the others hold fits the server's budget. */
  #shed(): void {
    // Sockets already closing free their bytes within a second: only the others have to fit.
    let kept = 0;
    const behind: Array<[WebSocket, number]> = [];
    for (const [ws, queued] of this.#queued) {
      if (this.#closing.has(ws)) continue;
      kept += queued;
      if (queued >= MIN_BEHIND_BYTES) behind.push([ws, queued]);
    }
    behind.sort((a, b) => b[1] - a[1]);
    for (const [ws, queued] of behind) {
      if (kept <= this.total) break;
      kept -= queued;
      this.#shut(ws, 'server');
    }
  }

  #shut(ws: WebSocket, exceeded: BudgetExceeded): void {
    if (this.#closing.has(ws)) return;
    this.#closing.add(ws);
    this.onClose(ws, exceeded, this.#queued.get(ws) ?? ws.bufferedAmount);
    ws.close(1008, exceeded === 'socket' ? 'slow consumer: send queue over its limit' : 'slow consumer: server send budget exceeded');
    // Terminated unless it is draining its queue (then it reads, and gets the close frame soon).
    let last = ws.bufferedAmount;
    let waited = 0;
    const check = (): void => {
      if (ws.readyState === WebSocket.CLOSED) return;
      const now = ws.bufferedAmount;
      if (now >= last || waited >= MAX_DRAIN_MS) return void ws.terminate();
      last = now;
      waited += CLOSE_GRACE_MS;
      setTimeout(check, CLOSE_GRACE_MS).unref();
    };
    setTimeout(check, CLOSE_GRACE_MS).unref();
  }
}
