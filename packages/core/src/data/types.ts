import type { RemoteParticipant } from '../participants/RemoteParticipant.js';

/** Options of `room.send()`. */
export interface SendOptions {
  /** One participant's id; default: everyone in the room. */
  to?: string;
  /** Any label up to 255 UTF-8 bytes, passed to receivers (e.g. `'rtc-chat'`). */
  topic?: string;
  /**
   * `true` (default): ordered and retransmitted, any size up to `maxMessageBytes`. `false`: for state that is stale
   * soon (cursors, game state): unordered, never retransmitted (`maxRetransmits: 0`), at most one chunk (~16 KB),
   * dropped rather than queued when the channel is backlogged. SFU rooms carry both through the media server's one
   * reliable ordered channel (see docs/core.md).
   */
  reliable?: boolean;
}

/** A message from another participant (`messageReceived`). */
export interface DataMessage {
  /** Who sent it. In SFU rooms this is the id the sender claims (see docs/core.md, "Messages"). */
  from: RemoteParticipant;
  /** The sender's `topic`, if any. */
  topic?: string;
  /** A string when a string was sent; otherwise the bytes (whatever typed array or buffer was sent). */
  payload: string | ArrayBuffer;
  /** Whether the sender asked for reliable delivery. */
  reliable: boolean;
}
