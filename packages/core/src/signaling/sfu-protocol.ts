/**
 * SFU messages between `WebSocketSignaling` and `@rtc-room/server` (centralized signaling: the browser never speaks
 * to the media server itself; the server drives Janus VideoRoom backend-to-backend). See `protocol.ts` for the
 * rest of the protocol and docs/server.md ("SFU rooms") for the flow.
 *
 * Client → server, all `{ "type": "sfu", "op": …, "req"?: n }` (`req` is echoed in `sfu-reply`):
 * - `publish` `{ req, jsep: offer, sources?: [{ mid, source }] }` → reply `{ jsep: answer }`: publish (or
 *   renegotiate) camera + microphone, and the screen share while it runs; `sources` says which mid carries which
 *   `TrackSource` (the server passes it to Janus as stream `descriptions`)
 * - `subscribe` `{ req }`: receive everyone else; the server then pushes an `sfu-offer` whenever publishers come
 *   and go (multistream: one connection, streams added and removed without reconnecting)
 * - `answer` `{ req, jsep: answer }`: the answer to the latest `sfu-offer`
 * - `trickle` `{ target: 'publisher' | 'subscriber', candidate: RTCIceCandidateInit | null }`
 * - `configure` `{ req, mid, substream: 0..2, temporal?: 0..2 }`: simulcast layer of one subscribed video
 *   (0 = lowest)
 * - `restart` `{ req }`: ICE restart of the subscription (RFC 8445 §9): the server pushes a new `sfu-offer` with
 *   fresh ICE credentials (the publish connection restarts with a `publish` carrying an `iceRestart` offer)
 * - `leave` `{ req }`: drop this participant's SFU connections (the seat in the room stays)
 * - `record` `{ req, action: 'start' | 'stop' }` → reply `{ recording: { active, id } }`: server-side recording of
 *   the room (Janus VideoRoom `.mjr` files); needs a room token with `record: true` and a server started with
 *   `--recordings-dir`; everyone in the room is told (`sfu-event` `recording`)
 * - `hello` `{ topology: 'sfu' | 'auto', current?: 'mesh' | 'sfu' }`: with `auto`, the server decides the topology
 *   (`topology` messages; the first comes at once); `current` is the topology in use when saying hello again to
 *   a restarted server, so a room in the SFU stays there
 *
 * Server → client:
 * - `{ type: 'sfu-reply', req, jsep?, recording?, error?: { code, message } }` (codes `sfu-unavailable`, `sfu-failed`,
 *   `forbidden`, `sfu-off`, `recording-off`)
 * - `{ type: 'sfu-offer', jsep, streams: [{ mid, kind, participant, source? }] }`: every active subscribed mid,
 *   whose media it carries and (when the publisher said) its `TrackSource`; a screen stream that disappears from
 *   the list has ended
 * - `{ type: 'sfu-event', event: 'talking', participant, talking }`
 * - `{ type: 'sfu-event', event: 'recording', participant, active }`: `participant` started or stopped the
 *   server-side recording of the room
 * - `{ type: 'sfu-state', state: 'unavailable' | 'available', message }`: the media server went away / is back
 *   (publish and subscribe again). `WebSocketSignaling` also delivers `available` itself when a restarted
 *   signaling server restored this participant's seat (the new process has no SFU state for it).
 * - `{ type: 'topology', topology: 'mesh' | 'sfu' }`: an `auto` room moves
 */

import type { TrackSource } from '../participants/Track.js';

/** A JSEP description (RFC 8829) as carried by SFU messages. */
export interface SfuJsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** SFU requests a client sends (without `type` and `req`, which the adapter adds). */
export type SfuRequest =
  | { op: 'publish'; jsep: SfuJsep; sources?: Array<{ mid: string; source: TrackSource }> }
  | { op: 'subscribe' }
  | { op: 'answer'; jsep: SfuJsep }
  | { op: 'configure'; mid: string; substream: number; temporal?: number }
  | { op: 'restart' }
  | { op: 'leave' }
  | { op: 'record'; action: 'start' | 'stop' };

/** SFU notifications a client sends (no reply). */
export type SfuNotice =
  | { op: 'trickle'; target: 'publisher' | 'subscriber'; candidate: RTCIceCandidateInit | null }
  | { op: 'hello'; topology: 'sfu' | 'auto'; current?: 'mesh' | 'sfu' };

/** One subscribed stream and whose media it carries. */
export interface SfuStream {
  mid: string;
  kind: 'audio' | 'video';
  participant: string;
  /** What the stream carries, as its publisher described it (absent from older servers: camera or microphone). */
  source?: TrackSource;
}

/** The server's reply to an {@link SfuRequest}. */
export interface SfuReply {
  jsep?: SfuJsep;
  /** For `record`: whether the server records now, and the folder of this recording (see `ServerRecording`). */
  recording?: { active: boolean; id: string };
  error?: { code: string; message: string };
}

/** SFU messages the server pushes. */
export type SfuEvent =
  | {
      type: 'sfu-offer';
      jsep: SfuJsep;
      streams: SfuStream[];
      /**
       * Subscribe-side data channel label (the publisher's Janus feed id, as a string) → participant id, for every
       * publisher in the room: binds SFU data messages to their real sender. Absent from the direct Janus adapter,
       * whose participant ids are the feed ids.
       */
      feeds?: Record<string, string>;
    }
  | { type: 'sfu-event'; event: 'talking'; participant: string; talking: boolean }
  | { type: 'sfu-event'; event: 'recording'; participant: string; active: boolean }
  | { type: 'sfu-state'; state: 'unavailable' | 'available'; message: string }
  | { type: 'topology'; topology: 'mesh' | 'sfu' };

/** SFU messages on the wire. */
export type SfuClientMessage = ({ type: 'sfu'; req: number } & SfuRequest) | ({ type: 'sfu' } & SfuNotice);
export type SfuServerMessage = ({ type: 'sfu-reply'; req: number } & SfuReply) | SfuEvent;

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
