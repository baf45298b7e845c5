/**
 * Peer-to-peer payloads: what one client sends another inside `signal`/`broadcast` (`payload`), discriminated by
 * `t`. The server relays them untouched, except that it reads `sdp` payloads to keep subscribers from publishing.
 * Clients check the fields they read; these schemas are the reference and the types.
 */
import * as v from 'valibot';
import { IceCandidateSchema, TrackSourceSchema } from './common.js';

/** A session description (the shape of the browser's `RTCSessionDescriptionInit`, JSEP RFC 8829). */
export const SessionDescriptionSchema = v.object({
  type: v.picklist(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: v.optional(v.string()),
});

/** `sdp`: a mesh description; `sources` names what each sending mid carries. */
export const SdpPayloadSchema = v.object({
  t: v.literal('sdp'),
  description: SessionDescriptionSchema,
  sources: v.optional(v.record(v.string(), TrackSourceSchema)),
});
/** `ice`: a mesh ICE candidate; `null` when gathering completed. */
export const IcePayloadSchema = v.object({
  t: v.literal('ice'),
  candidate: v.nullable(IceCandidateSchema),
});
/** The room codec policy's names of video codecs (`RoomOptions.videoCodecs` of @rtc-room/core). */
export const VideoCodecSchema = v.picklist(['vp8', 'h264', 'vp9', 'av1']);
/**
 * `state`: the sources a participant has turned off; `video`: the policy codecs its browser decodes and encodes
 * (from `RTCRtpReceiver`/`RTCRtpSender.getCapabilities`), so the room settles on one every member can use.
 */
export const StatePayloadSchema = v.object({
  t: v.literal('state'),
  muted: v.array(TrackSourceSchema),
  video: v.optional(v.object({ decode: v.array(VideoCodecSchema), encode: v.array(VideoCodecSchema) })),
});
/** `data`: one chunk of a `room.send()` message relayed by the signaling server (`d`: base64). */
export const DataPayloadSchema = v.object({ t: v.literal('data'), d: v.string() });
/** `path-ready`: in `auto` rooms, the sender receives us over the path of `mode`. */
export const PathReadyPayloadSchema = v.object({ t: v.literal('path-ready'), mode: v.picklist(['mesh', 'sfu']) });

/** Schema of any peer-to-peer payload. */
export const PeerPayloadSchema = v.variant('t', [
  SdpPayloadSchema,
  IcePayloadSchema,
  StatePayloadSchema,
  DataPayloadSchema,
  PathReadyPayloadSchema,
]);

/** A peer-to-peer payload. */
export type PeerPayload = v.InferOutput<typeof PeerPayloadSchema>;
/** A peer-to-peer payload of one kind, e.g. `PeerPayloadOf<'sdp'>`. */
export type PeerPayloadOf<T extends PeerPayload['t']> = Extract<PeerPayload, { t: T }>;
