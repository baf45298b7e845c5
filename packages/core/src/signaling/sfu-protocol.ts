/**
 * The SFU side channel of a signaling adapter. The SFU messages on the wire (`{ type: 'sfu', op }` requests and
 * `sfu-reply` / `sfu-offer` / `sfu-event` / `sfu-state` / `topology`) are defined once, in `@rtc-room/protocol`
 * (docs/server.md, "SFU rooms"); the request, reply and event shapes below are derived from them (types only), so
 * every adapter (`WebSocketSignaling`, `JanusSignaling`) speaks the same words: an SDP is a `description`, a
 * simulcast layer a `quality`.
 */
import type { SfuMessage, SfuServerMessage } from '@rtc-room/protocol';

export type { SfuMessage as SfuClientMessage, SfuServerMessage, SfuStream } from '@rtc-room/protocol';

/** A JSEP description (RFC 8829) as carried by SFU messages. */
export interface SfuJsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** SFU requests a client sends (without `type` and `req`, which the adapter adds). */
export type SfuRequest = Extract<SfuMessage, { req: number }> extends infer M ? (M extends unknown ? Omit<M, 'type' | 'req'> : never) : never;

/** SFU notifications a client sends (no reply). */
export type SfuNotice = Exclude<SfuMessage, { req: number }> extends infer M ? (M extends unknown ? Omit<M, 'type'> : never) : never;

/** The server's reply to an {@link SfuRequest}. */
export type SfuReply = Omit<Extract<SfuServerMessage, { type: 'sfu-reply' }>, 'type' | 'req' | 'seq'>;

/** SFU messages the server pushes. */
export type SfuEvent = Exclude<SfuServerMessage, { type: 'sfu-reply' }>;

/**
 * The SFU side channel of a signaling adapter (see `SignalingAdapter.sfu`). Obtained once per transport.
 */
export interface SfuChannel {
  /**
   * Sends a request and resolves with the server's reply.
   * @throws {RtcError} `sfu-unavailable` or `signaling-failed` when the server or the media server cannot answer.
   */
  request(request: SfuRequest): Promise<SfuReply>;
  /** Sends a notification (trickle, hello); dropped while disconnected. */
  notify(notice: SfuNotice): void;
  /** Stops delivering events to this channel's listener. */
  close(): void;
}
