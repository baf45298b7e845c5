/** Schemas shared by several messages. @internal */
import * as v from 'valibot';
import { MAX_SDP_LENGTH } from './limits.js';

/** A JSON object (not an array, not `null`): the opaque payload relayed between peers. */
export type Payload = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not `null`). */
export const isPlainObject = (input: unknown): input is Payload =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/** A string of `min..max` UTF-16 code units. */
export const boundedString = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));

/**
 * What a participant may do: publishers send and receive media, subscribers only receive, moderators publish and
 * may also mute, remove and lock (`moderate`).
 */
export const RoleSchema = v.picklist(['publisher', 'subscriber', 'moderator']);
/** What a participant may do (see {@link RoleSchema}). */
export type Role = v.InferOutput<typeof RoleSchema>;

/** What a published track carries (`TrackSource` of @rtc-room/core). */
export const TRACK_SOURCES = ['camera', 'microphone', 'screen', 'screen-audio'] as const;
/** What a published track carries. */
export type TrackSource = (typeof TRACK_SOURCES)[number];
/** Schema of a {@link TrackSource}. */
export const TrackSourceSchema = v.picklist(TRACK_SOURCES);

/** An SDP body (RFC 8866) of at most {@link MAX_SDP_LENGTH} characters. */
export const SdpSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SDP_LENGTH));

/**
 * An ICE candidate: the shape of the browser's `RTCIceCandidateInit` (W3C WebRTC; `candidate` is the RFC 8839
 * attribute, `""` or absent for end-of-candidates).
 */
export const IceCandidateSchema = v.object({
  candidate: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)))),
  usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
});
/** An ICE candidate. */
export type IceCandidate = v.InferOutput<typeof IceCandidateSchema>;

/** A participant as other clients see it. */
export const PeerInfoSchema = v.object({
  /** Server-assigned random id, unique per join. */
  id: v.string(),
  /** Display name as given in `join`, or the room token's `name` claim when auth is on. */
  name: v.string(),
  /** `publisher` (sends and receives media), `subscriber` (receives only) or `moderator` (a publisher that moderates). */
  role: RoleSchema,
});
/** A participant as other clients see it. */
export type PeerInfo = v.InferOutput<typeof PeerInfoSchema>;

/** An ICE server handed to clients (the shape of the browser's `RTCIceServer`). */
export const IceServerSchema = v.object({
  urls: v.union([v.string(), v.array(v.string())]),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});
/** An ICE server handed to clients. */
export type IceServer = v.InferOutput<typeof IceServerSchema>;

/** Simulcast layer qualities, lowest first (rids `l`, `m`, `h`; Janus substreams 0, 1, 2). */
export const VIDEO_QUALITIES = ['low', 'medium', 'high'] as const;
/** A simulcast layer. */
export type VideoQuality = (typeof VIDEO_QUALITIES)[number];
