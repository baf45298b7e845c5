/**
 * SFU messages on `/ws` (centralized signaling: the browser never speaks to the media server; the server drives
 * Janus VideoRoom backend-to-backend). Documented in docs/server.md ("SFU rooms").
 *
 * Client → server, all `{ "type": "sfu", "op": …, "req"?: n }` (`req` is echoed in the `sfu-reply`):
 * - `publish` `{ req, description: offer, sources?: [{ mid, source }] }`: publish (or renegotiate) this
 *   participant's media; the reply carries the SFU's answer. `sources` names what each sending mid carries
 * - `subscribe` `{ req }`: receive everyone else; the server then pushes `sfu-offer`s as publishers come and go
 * - `answer` `{ req, description: answer }`: the answer to the latest `sfu-offer`
 * - `trickle` `{ target: 'publisher' | 'subscriber', candidate: IceCandidate | null }` (`null`: gathering completed)
 * - `configure` `{ req, mid, quality: 'low' | 'medium' | 'high', temporal?: 0..2 }`: the simulcast layer of one
 *   subscribed video (the server maps it to Janus's `substream`)
 * - `pause` `{ req, streams: [{ mid, paused }] }`: stop (`paused: true`) or resume forwarding subscribed streams
 *   (last-N video: the server maps it to Janus's subscriber `configure` with `send` per stream; no bandwidth while paused)
 * - `restart` `{ req }`: ICE restart of the subscription (RFC 8445 §9): the server pushes a fresh `sfu-offer`
 * - `leave` `{ req }`: drop this participant's SFU connections (the seat stays)
 * - `record` `{ req, action: 'start' | 'stop' }`: server-side recording (needs a room token with `record: true`)
 * - `hello` `{ topology: 'sfu' | 'auto', current?: 'mesh' | 'sfu' }`: follow the server's topology decisions
 *
 * Server → client: `sfu-reply`, `sfu-offer`, `sfu-event` (`talking`, `recording`), `sfu-state`, `topology`; each
 * numbered with `seq` like every message a seat delivers when resumption is on.
 */
import * as v from 'valibot';
import { IceCandidateSchema, SdpSchema, TrackSourceSchema, VIDEO_QUALITIES } from './common.js';
import { SFU_ERROR_CODES } from './errors.js';
import { MAX_PAUSE_STREAMS, MAX_SOURCES } from './limits.js';

const Req = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Mid = v.pipe(v.string(), v.minLength(1), v.maxLength(16));
const Temporal = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2));
const Seq = v.optional(v.number());

/** A JSEP offer (RFC 8829) as carried by SFU messages. */
export const SfuOfferSchema = v.strictObject({ type: v.literal('offer'), sdp: SdpSchema });
/** A JSEP answer (RFC 8829) as carried by SFU messages. */
export const SfuAnswerSchema = v.strictObject({ type: v.literal('answer'), sdp: SdpSchema });

/** Which mid carries which source, in `publish.sources`. */
export const SfuSourceSchema = v.strictObject({ mid: Mid, source: TrackSourceSchema });

/** Schema of every `{ type: 'sfu' }` message, discriminated by `op`. */
export const SfuMessageSchema = v.variant('op', [
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('publish'),
    req: Req,
    description: SfuOfferSchema,
    sources: v.optional(v.pipe(v.array(SfuSourceSchema), v.maxLength(MAX_SOURCES))),
  }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('subscribe'), req: Req }),
  v.strictObject({ type: v.literal('sfu'), op: v.literal('answer'), req: Req, description: SfuAnswerSchema }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('trickle'),
    target: v.picklist(['publisher', 'subscriber']),
    candidate: v.nullable(IceCandidateSchema),
  }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('configure'),
    req: Req,
    mid: Mid,
    quality: v.picklist(VIDEO_QUALITIES),
    temporal: v.optional(Temporal),
  }),
  v.strictObject({
    type: v.literal('sfu'),
    op: v.literal('pause'),
    req: Req,
    streams: v.pipe(v.array(v.strictObject({ mid: Mid, paused: v.boolean() })), v.minLength(1), v.maxLength(MAX_PAUSE_STREAMS)),
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

/** An SFU message a client sends. */
export type SfuMessage = v.InferOutput<typeof SfuMessageSchema>;

/** One subscribed stream and whose media it carries. */
export const SfuStreamSchema = v.object({
  mid: v.string(),
  kind: v.picklist(['audio', 'video']),
  participant: v.string(),
  /** What the stream carries, as its publisher said (`sources` of its `publish`). */
  source: v.optional(TrackSourceSchema),
});
/** One subscribed stream and whose media it carries. */
export type SfuStream = v.InferOutput<typeof SfuStreamSchema>;

/** The server-side recording of a room, as reported to clients (`id`: its folder under `--recordings-dir`). */
export const SfuRecordingSchema = v.object({ active: v.boolean(), id: v.string() });
/** The server-side recording of a room. */
export type SfuRecording = v.InferOutput<typeof SfuRecordingSchema>;

/** `sfu-reply`: the answer to a request with `req`; `description` (the SFU's answer) for `publish`. */
export const SfuReplySchema = v.object({
  type: v.literal('sfu-reply'),
  req: v.number(),
  description: v.optional(v.object({ type: v.literal('answer'), sdp: v.string() })),
  recording: v.optional(SfuRecordingSchema),
  error: v.optional(v.object({ code: v.picklist(SFU_ERROR_CODES), message: v.string() })),
  seq: Seq,
});

/** `sfu-offer`: the subscription changed; answer with `op: 'answer'`. `streams` lists every active mid; `feeds` maps feed ids to participants. */
export const SfuOfferMessageSchema = v.object({
  type: v.literal('sfu-offer'),
  description: v.object({ type: v.literal('offer'), sdp: v.string() }),
  streams: v.array(SfuStreamSchema),
  /**
   * Subscribe-side data channel label (the publisher's Janus feed id, as a string) → participant id, for every
   * publisher in the room: binds SFU data messages to their real sender. The server always sends it; absent from
   * the direct Janus adapter, whose participant ids are the feed ids.
   */
  feeds: v.optional(v.record(v.string(), v.string())),
  seq: Seq,
});

/** `sfu-event`: `talking` (voice activity of a participant) or `recording` (someone started or stopped it). */
export const SfuEventSchema = v.variant('event', [
  v.object({ type: v.literal('sfu-event'), event: v.literal('talking'), participant: v.string(), talking: v.boolean(), seq: Seq }),
  v.object({ type: v.literal('sfu-event'), event: v.literal('recording'), participant: v.string(), active: v.boolean(), seq: Seq }),
]);

/** `sfu-state`: the media server went away / came back (after `available`, publish and subscribe again). */
export const SfuStateSchema = v.object({
  type: v.literal('sfu-state'),
  state: v.picklist(['unavailable', 'available']),
  message: v.string(),
  seq: Seq,
});

/** `topology`: for `auto` rooms, move to this topology. */
export const TopologySchema = v.object({ type: v.literal('topology'), topology: v.picklist(['mesh', 'sfu']), seq: Seq });

/** SFU messages the server sends. */
export type SfuServerMessage =
  | v.InferOutput<typeof SfuReplySchema>
  | v.InferOutput<typeof SfuOfferMessageSchema>
  | v.InferOutput<typeof SfuEventSchema>
  | v.InferOutput<typeof SfuStateSchema>
  | v.InferOutput<typeof TopologySchema>;
