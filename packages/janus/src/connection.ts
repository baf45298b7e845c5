/**
 * A Janus session that comes back: opens one, and when it is lost (Janus stopped, restarted, or timed the session
 * out) or cannot be opened, tries again every `retryMs` until {@link JanusConnection.close}. Every handle dies with
 * its session, so the owner rebuilds its state in `prepare` / `onUp` (and forgets it in `onDown`).
 */
import { openJanusSession, type OpenJanusSessionOptions } from './connect.js';
import { JanusError, type JanusSession } from './session.js';

/** Options of a {@link JanusConnection}. */
export interface JanusConnectionOptions extends Omit<OpenJanusSessionOptions, 'onClose'> {
  /** Delay before each new attempt, in ms. Default 1000. */
  retryMs?: number | undefined;
  /**
   * A new session is open (first time or after a loss): attach what the owner needs on it here. The session
   * counts as up once this resolves; if it throws, the session is closed and retried.
   */
  prepare?(session: JanusSession): void | Promise<void>;
  /** The session is up: `session` returns it from now on. */
  onUp?(session: JanusSession): void;
  /** The session that was up is gone; a new attempt follows after `retryMs`. */
  onDown?(): void;
  /**
   * An attempt failed (Janus unreachable, or it refused the session: a {@link JanusError} with code 403 for a wrong
   * or missing `apisecret` / `token`); a new attempt follows after `retryMs`.
   */
  onAttemptFailed?(error: unknown): void;
}

/**
 * Keeps one Janus session open (the signaling server's: `@rtc-room/server --janus-url`).
 *
 * @example
 * ```ts
 * const janus = new JanusConnection('ws://127.0.0.1:8188', { WebSocket, prepare: (s) => attachControl(s), onDown: () => reset() });
 * await janus.start(); // resolves after the first attempt, whatever its outcome
 * janus.session?.message(…);
 * ```
 */
export class JanusConnection {
  #session: JanusSession | undefined;
  #connecting: Promise<void> | undefined;
  #timer: unknown;
  #closed = false;

  constructor(
    readonly url: string,
    private readonly options: JanusConnectionOptions = {},
  ) {}

  /** The session, while it is open and `prepare` has run; `undefined` otherwise. */
  get session(): JanusSession | undefined {
    return this.#session?.open ? this.#session : undefined;
  }

  /** Opens the session (retrying in the background until it opens). Resolves after the first attempt; never rejects. */
  start(): Promise<void> {
    return this.#connect().catch(() => undefined);
  }

  /** Closes the session and stops retrying. `onDown` does not run. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#session?.close();
    this.#session = undefined;
  }

  #connect(): Promise<void> {
    this.#connecting ??= (async () => {
      let session: JanusSession | undefined;
      try {
        session = await openJanusSession(this.url, { ...this.options, onClose: () => this.#lost(session) });
        if (this.#closed) return session.close();
        await this.options.prepare?.(session);
        if (this.#closed) return session.close();
        if (!session.open) throw new JanusError('Janus connection closed');
        this.#session = session;
        this.options.onUp?.(session);
      } catch (error) {
        session?.close();
        if (!this.#closed) this.options.onAttemptFailed?.(error);
        this.#retry();
        throw error;
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  #lost(session: JanusSession | undefined): void {
    if (session === undefined || session !== this.#session) return; // never was up: #connect retries
    this.#session = undefined;
    this.options.onDown?.();
    this.#retry();
  }

  #retry(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect().catch(() => undefined), this.options.retryMs ?? 1000);
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
