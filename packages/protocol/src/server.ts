/**
 * Server → client messages on `/ws`. Every refusal is `{ "type": "error", "code", "message", "ref"? }` with a code
 * of {@link ERROR_CODES}. `seq` is present on every message a seat delivers when resumption is on (not on
 * `joined`, `resumed`, `error` or `pong`).
 */
import * as v from 'valibot';
import { IceServerSchema, isPlainObject, PeerInfoSchema, RoleSchema, type Payload } from './common.js';
import { ERROR_CODES } from './errors.js';
import { ModerateReplySchema, ModerationEventSchema, RoomLockSchema } from './moderation.js';
import { SfuEventSchema, SfuOfferMessageSchema, SfuReplySchema, SfuStateSchema, TopologySchema } from './sfu.js';

const Seq = v.optional(v.number());

/** `joined`: you are in. */
export const JoinedSchema = v.object({
  type: v.literal('joined'),
  /** The protocol major the server speaks (see `PROTOCOL_VERSION`). */
  protocol: v.number(),
  id: v.string(),
  room: v.string(),
  /** This participant's role: from its room token, `publisher` when auth is off. */
  role: RoleSchema,
  /** The others, in join order. */
  peers: v.array(PeerInfoSchema),
  /** Present when ICE servers are configured (static and/or TURN REST). */
  iceServers: v.optional(v.array(IceServerSchema)),
  /** Milliseconds until the TURN credentials in `iceServers` expire; only with TURN REST. */
  iceServersTtlMs: v.optional(v.number()),
  /** Secret for `resume` (opaque base64url, signed with `resumeSecret`); only when resumption is on. */
  resumeToken: v.optional(v.string()),
  /** How long the seat is kept after the socket drops, in ms; only when resumption is on. */
  resumeGraceMs: v.optional(v.number()),
  /** Present (`true`) when a moderator locked the room (only moderators can join it then). */
  locked: v.optional(v.literal(true)),
});

/** `resumed`: the seat is back; the replay of what the client missed follows, in order. */
export const ResumedSchema = v.object({
  type: v.literal('resumed'),
  protocol: v.number(),
  id: v.string(),
  room: v.string(),
  role: RoleSchema,
  peers: v.array(PeerInfoSchema),
  /** The highest client `seq` the server processed: the client resends only what comes after. */
  lastSeq: v.number(),
  /**
   * Present (`true`) when this process had no seat and re-created it from the signed token (the server restarted):
   * server `seq` numbering restarts at 1, nothing is replayed, and `lastSeq` is `0`.
   */
  restored: v.optional(v.literal(true)),
  iceServers: v.optional(v.array(IceServerSchema)),
  iceServersTtlMs: v.optional(v.number()),
});

/** `ice-servers`: the answer to the request of the same name. */
export const IceServersSchema = v.object({
  type: v.literal('ice-servers'),
  iceServers: v.array(IceServerSchema),
  iceServersTtlMs: v.optional(v.number()),
});

/** `peer-joined`: someone joined (sent before they get their `joined`). */
export const PeerJoinedSchema = v.object({ type: v.literal('peer-joined'), peer: PeerInfoSchema, seq: Seq });
/** `peer-left`: someone left, timed out, or its grace period ended. */
export const PeerLeftSchema = v.object({ type: v.literal('peer-left'), id: v.string(), seq: Seq });
/** `peer-away`: someone's socket dropped; its seat is kept for the grace period. */
export const PeerAwaySchema = v.object({ type: v.literal('peer-away'), id: v.string(), seq: Seq });
/** `peer-back`: that participant resumed its seat (same id). */
export const PeerBackSchema = v.object({ type: v.literal('peer-back'), id: v.string(), seq: Seq });
/** `signal`: a relayed `signal` or `broadcast`; `from` is stamped by the server. */
export const RelayedSignalSchema = v.object({
  type: v.literal('signal'),
  from: v.string(),
  payload: v.custom<Payload>(isPlainObject),
  seq: Seq,
});
/** `error`: a refusal; `ref` is the refused message's `type` when known. */
export const ErrorSchema = v.object({
  type: v.literal('error'),
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  ref: v.optional(v.string()),
});
/** `pong`: the answer to `ping`, with its `id`. */
export const PongSchema = v.object({ type: v.literal('pong'), id: v.optional(v.string()) });

/** Schema of any message the server sends, discriminated by `type`. */
export const ServerMessageSchema = v.variant('type', [
  JoinedSchema,
  ResumedSchema,
  IceServersSchema,
  PeerJoinedSchema,
  PeerLeftSchema,
  PeerAwaySchema,
  PeerBackSchema,
  RelayedSignalSchema,
  ErrorSchema,
  PongSchema,
  SfuReplySchema,
  SfuOfferMessageSchema,
  SfuEventSchema,
  SfuStateSchema,
  TopologySchema,
  ModerateReplySchema,
  ModerationEventSchema,
  RoomLockSchema,
]);

/** A message the server sends. */
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;
