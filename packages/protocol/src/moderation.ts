/**
 * Moderation messages (room token role `moderator`, see docs/server.md "Moderation").
 *
 * Client → server `moderate` `{ req, op, id?, hold?, locked? }`, answered by `moderate-reply` `{ req, error? }`:
 * - `mute` `{ id, hold? }`: stop participant `id`'s microphone. The server tells the target (`moderation`
 *   `muted`), whose client stops sending audio; in SFU rooms the server also mutes the target's audio at the media
 *   server. With `hold: true` the target may not unmute itself until a moderator sends `unmute` for it.
 * - `unmute` `{ id }`: sent by the target itself (`id` = its own): it unmutes its microphone again (refused with
 *   `forbidden` while held); sent by a moderator for someone else: lifts the hold (`moderation` `unmute-allowed`),
 *   never turns anyone's microphone on.
 * - `remove` `{ id }`: the target gets `error` `removed` and its socket closes with {@link REMOVED_CLOSE_CODE};
 *   its seat ends (no resume) and its room token may not join this room again.
 * - `lock` `{ locked }`: while locked, `join`s of non-moderators are refused with `room-locked`; everyone gets
 *   `room-lock`.
 * Everything but a participant's own `unmute` needs the `moderator` role: others get `forbidden`.
 */
import * as v from 'valibot';
import { boundedString } from './common.js';
import { MAX_PEER_ID_LENGTH } from './limits.js';

/** WebSocket close code of a participant removed by a moderator (RFC 6455 §7.4.2 private range). */
export const REMOVED_CLOSE_CODE = 4003;

/** What a `moderate` request does. */
export const MODERATION_OPS = ['mute', 'unmute', 'remove', 'lock'] as const;
/** What a `moderate` request does. */
export type ModerationOp = (typeof MODERATION_OPS)[number];

/** `moderate`: a moderation request (see the module comment). */
export const ModerateSchema = v.strictObject({
  type: v.literal('moderate'),
  req: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  op: v.picklist(MODERATION_OPS),
  /** The target participant (`mute`, `unmute`, `remove`). */
  id: v.optional(boundedString(1, MAX_PEER_ID_LENGTH)),
  /** `mute`: the target may not unmute itself until a moderator allows it. Default false. */
  hold: v.optional(v.boolean()),
  /** `lock`: lock (`true`) or unlock (`false`) the room. */
  locked: v.optional(v.boolean()),
});

/**
 * Codes of a `moderate-reply` error. `server-unavailable`: a server of several nodes could not reach its shared
 * store (Redis), so the step was not taken; try again.
 */
export const MODERATION_ERROR_CODES = ['forbidden', 'unknown-peer', 'invalid-message', 'server-unavailable'] as const;

/** `moderate-reply`: the answer to `moderate` with the same `req`; `error` when refused. */
export const ModerateReplySchema = v.object({
  type: v.literal('moderate-reply'),
  req: v.number(),
  error: v.optional(v.object({ code: v.picklist(MODERATION_ERROR_CODES), message: v.string() })),
  seq: v.optional(v.number()),
});

/**
 * `moderation`: something a moderator did to you. `muted` (stop sending audio; `hold`: you may not unmute
 * yourself until `unmute-allowed`), `unmute-allowed` (the hold is lifted). `by` is the moderator's id.
 */
export const ModerationEventSchema = v.object({
  type: v.literal('moderation'),
  action: v.picklist(['muted', 'unmute-allowed']),
  by: v.string(),
  hold: v.optional(v.boolean()),
  seq: v.optional(v.number()),
});

/** `room-lock`: the room was locked or unlocked by moderator `by` (sent to everyone in the room). */
export const RoomLockSchema = v.object({
  type: v.literal('room-lock'),
  locked: v.boolean(),
  by: v.string(),
  seq: v.optional(v.number()),
});

/** A `moderate` request. */
export type ModerateMessage = v.InferOutput<typeof ModerateSchema>;
/** A moderation message the server sends. */
export type ModerationServerMessage = v.InferOutput<typeof ModerateReplySchema | typeof ModerationEventSchema | typeof RoomLockSchema>;
