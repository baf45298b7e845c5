/**
 * SFU messages on `/ws` (centralized signaling: the browser never speaks to Janus). Valibot schemas for what
 * clients send, types for what the server sends. Documented in docs/server.md ("SFU rooms").
 *
 * Client → server, all `{ "type": "sfu", "op": …, "req"?: n }` (`req` is echoed in the `sfu-reply`):
 * - `op: "publish", req, jsep: { type: "offer", sdp }, sources?: [{ mid, source }]` — publish (or renegotiate)
 *   this participant's media; the reply carries the SFU's answer. `sources` names what each sending mid carries
 *   (`camera`, `microphone`, `screen`, `screen-audio`): passed to Janus as stream `descriptions`; when the list
 *   changes (a screen share starts or stops) everyone's subscription follows
 * - `op: "subscribe", req` — receive everyone else's media; the server then pushes `sfu-offer`s as publishers come
 *   and go
 * - `op: "answer", req, jsep: { type: "answer", sdp }` — the answer to the latest `sfu-offer`
 * - `op: "trickle", target: "publisher" | "subscriber", candidate: RTCIceCandidateInit | null` — `null` = gathering
 *   completed
 * - `op: "configure", req, mid, substream: 0..2, temporal?: 0..2` — simulcast layer of one subscribed video
 *   (0 = lowest)
 * - `op: "restart", req` — ICE restart of the subscription (RFC 8445 §9): the SFU makes a fresh offer, pushed as an
 *   `sfu-offer` (the publish connection restarts ICE by sending `publish` with an `iceRestart` offer)
 * - `op: "leave", req` — drop this participant's SFU connections (back to mesh); the seat stays
 * - `op: "record", req, action: "start" | "stop"` — server-side recording of the room (Janus VideoRoom `.mjr`
 *   files under `--recordings-dir`); only with a room token granting `record: true` (see `./recording.ts`); the
 *   reply carries `recording: { active, id }`, everyone in the room gets `sfu-event` `recording`
 * - `op: "hello", topology: "sfu" | "auto", current?: "mesh" | "sfu"` — this client follows the server's topology
 *   decisions (`auto`); an `auto` client is told the room's current topology at once (`topology` message).
 *   `current`: the topology the client uses, sent when saying hello again to a restarted server; a room whose
 *   clients are in the SFU stays there (until it shrinks to the mesh threshold)
 *
 * Server → client:
 * - `{ "type": "sfu-reply", "req", "jsep"?, "recording"?, "error"?: { "code", "message" } }` — codes
 *   `sfu-unavailable`, `sfu-failed`, `forbidden`, `sfu-off`, `recording-off`
 * - `{ "type": "sfu-offer", "jsep", "streams": [{ "mid", "kind", "participant", "source"? }], "feeds" }` — the
 *   subscription changed: answer with `op: "answer"`; `streams` maps every active mid to the participant it carries
 *   and, when its publisher said (`sources`), its source; `feeds` maps each Janus feed id (the label of the
 *   subscriber-side data channel that carries that publisher's data messages) to its participant id
 * - `{ "type": "sfu-event", "event": "talking", "participant", "talking": boolean }`
 * - `{ "type": "sfu-event", "event": "recording", "participant", "active": boolean }` — `participant` started or
 *   stopped the server-side recording
 * - `{ "type": "sfu-state", "state": "unavailable" | "available", "message" }` — the SFU went away / came back
 *   (after `available`, publish and subscribe again)
 * - `{ "type": "topology", "topology": "mesh" | "sfu" }` — for `auto` rooms: move to this topology
 *
 * @packageDocumentation
 */
import * as v from 'valibot';

/** Largest SDP accepted (simulcast offers are ~8 KB). */
export const MAX_SDP_LENGTH = 60_000;

const Req = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Sdp = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SDP_LENGTH));
/** What a published stream carries (`TrackSource` of @rtc-room/core). */
export const TRACK_SOURCES = ['camera', 'microphone', 'screen', 'screen-audio'] as const;
const Mid = v.pipe(v.string(), v.minLength(1), v.maxLength(16));
const Layer = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2));
const Candidate = v.object({
  candidate: v.pipe(v.string(), v.maxLength(1024)),
  sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)))),
  usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
});

/** Schema of every `{ type: 'sfu' }` message, discriminated by `op`. */
export const SfuMessageSchema = v.variant('op', [
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('publish'),
    req: Req,
    jsep: v.strictObject({ type: v.literal('offer'), sdp: Sdp }),
    sources: v.optional(v.pipe(v.array(v.strictObject({ mid: Mid, source: v.picklist(TRACK_SOURCES) })), v.maxLength(16))),
  }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('subscribe'), req: Req }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('answer'), req: Req, jsep: v.strictObject({ type: v.literal('answer'), sdp: Sdp }) }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('trickle'),
    target: v.picklist(['publisher', 'subscriber']),
    candidate: v.nullable(Candidate),
  }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('configure'),
    req: Req,
    mid: Mid,
    substream: Layer,
    temporal: v.optional(Layer),
  }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('restart'), req: Req }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('leave'), req: Req }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('record'), req: Req, action: v.picklist(['start', 'stop']) }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('hello'),
    topology: v.picklist(['sfu', 'auto']),
    current: v.optional(v.picklist(['mesh', 'sfu'])),
  }),
]);

/** A validated SFU message. */
export type SfuMessage = v.InferOutput<typeof SfuMessageSchema>;

/** One subscribed stream and whose media it carries. */
export interface SfuStream {
  mid: string;
  kind: 'audio' | 'video';
  participant: string;
  /** What the stream carries, as its publisher said (`sources` of its `publish`). */
  source?: (typeof TRACK_SOURCES)[number];
}

/** Error codes of `sfu-reply`. */
export type SfuErrorCode = 'sfu-unavailable' | 'sfu-failed' | 'forbidden' | 'sfu-off' | 'recording-off';

/** The server-side recording of a room, as reported to clients (`id`: its folder under `--recordings-dir`). */
export interface SfuRecording {
  active: boolean;
  id: string;
}

/** SFU messages the server sends. */
export type SfuServerMessage =
  | {
      type: 'sfu-reply';
      req: number;
      jsep?: { type: 'offer' | 'answer'; sdp: string };
      recording?: SfuRecording;
      error?: { code: SfuErrorCode; message: string };
    }
  | {
      type: 'sfu-offer';
      jsep: { type: 'offer'; sdp: string };
      streams: SfuStream[];
      /** Janus feed id (the subscriber-side data channel label) → participant id: binds SFU data messages to their sender. */
      feeds: Record<string, string>;
    }
  | { type: 'sfu-event'; event: 'talking'; participant: string; talking: boolean }
  | { type: 'sfu-event'; event: 'recording'; participant: string; active: boolean }
  | { type: 'sfu-state'; state: 'unavailable' | 'available'; message: string }
  | { type: 'topology'; topology: 'mesh' | 'sfu' };
