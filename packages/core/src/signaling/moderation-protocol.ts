/**
 * The moderation side channel of a signaling adapter (`SignalingAdapter.moderation`): `moderate` requests and the
 * events a moderator's actions cause. The wire messages are defined once, in `@rtc-room/protocol` (`moderation.ts`;
 * docs/server.md "Moderation"); the shapes below are derived from them (types only).
 */
import type { ModerateMessage, ModerationServerMessage } from '@rtc-room/protocol';
import { RtcError } from '../errors/RtcError.js';
import { SignalingError } from '../errors/SignalingError.js';

/** A moderation request (without `type` and `req`, which the adapter adds). */
export type ModerationRequest = Omit<ModerateMessage, 'type' | 'req'>;

/** What the server pushes: a moderator's action on this participant, a room lock change, or this participant's removal. */
export type ModerationEvent =
  | Exclude<ModerationServerMessage, { type: 'moderate-reply' }>
  | { type: 'removed' };

/** The moderation channel of a signaling adapter. */
export interface ModerationChannel {
  /**
   * Sends a request; resolves once the server applied it.
   * @throws {RtcError} `forbidden` (not a moderator, or a held mute), `unknown-peer`, `signaling-failed` when not
   *   connected or when a server of several nodes cannot reach its shared store (Redis)
   */
  request(request: ModerationRequest): Promise<void>;
  /** Stops delivering events to this channel's listener. */
  close(): void;
}

/** WebSocket close code of a participant removed by a moderator (`REMOVED_CLOSE_CODE` of `@rtc-room/protocol`). */
export const REMOVED_CLOSE_CODE = 4003;

type Reply = Extract<ModerationServerMessage, { type: 'moderate-reply' }>;

/**
 * `WebSocketSignaling`'s side of the channel: numbers requests, matches `moderate-reply`s, fans events out.
 * @internal
 */
export class ModerationWire {
  readonly #listeners = new Set<(event: ModerationEvent) => void>();
  readonly #pending = new Map<number, { resolve(): void; reject(e: RtcError): void }>();
  #req = 1;

  constructor(
    private readonly write: (message: ModerateMessage) => boolean,
    private readonly connected: () => boolean,
  ) {}

  open(listener: (event: ModerationEvent) => void): ModerationChannel {
    this.#listeners.add(listener);
    return {
      request: (request) => {
        if (!this.connected()) return Promise.reject(SignalingError.failed('Not connected to the signaling server.'));
        const req = this.#req++;
        return new Promise<void>((resolve, reject) => {
          this.#pending.set(req, { resolve, reject });
          this.write({ type: 'moderate', req, ...request });
        });
      },
      close: () => void this.#listeners.delete(listener),
    };
  }

  /** A server message for this channel. */
  receive(message: Reply | ModerationEvent): void {
    if (message.type !== 'moderate-reply') {
      for (const listener of this.#listeners) listener(message);
      return;
    }
    const waiter = this.#pending.get(message.req);
    this.#pending.delete(message.req);
    if (!message.error) return waiter?.resolve();
    const server = message.error.code;
    const code = server === 'invalid-message' ? 'invalid-argument' : server === 'server-unavailable' ? 'signaling-failed' : server;
    waiter?.reject(new RtcError(code, `Signaling server: ${message.error.message} (${message.error.code}).`));
  }

  /** The session ended: requests in flight will not be answered. */
  rejectAll(error: RtcError): void {
    for (const w of this.#pending.values()) w.reject(error);
    this.#pending.clear();
  }
}
