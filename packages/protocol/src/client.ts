/**
 * Client → server messages on `/ws`, one JSON object per WebSocket text frame. Every object is strict: unknown keys
 * (for example a client-chosen `from`) are rejected with `invalid-message`.
 *
 * `seq` numbers count per direction and per participant session, from 1: the server numbers every message it sends
 * to a participant (when resumption is on), and ignores a client `signal`/`broadcast` whose `seq` is not above the
 * highest one it already processed.
 */
import * as v from 'valibot';
import { boundedString, isPlainObject, type Payload } from './common.js';
import {
  MAX_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_PING_ID_LENGTH,
  MAX_RESUME_TOKEN_LENGTH,
  MAX_ROOM_LENGTH,
  MAX_TOKEN_LENGTH,
} from './limits.js';
import { ModerateSchema } from './moderation.js';
import { SfuMessageSchema } from './sfu.js';

const PayloadSchema = v.custom<Payload>(isPlainObject, 'payload must be a JSON object');
/** A positive safe integer: a client `seq`. */
const SeqSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
/** The protocol major a client speaks (absent: 1, the clients from before the field). */
const ProtocolSchema = v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)));

/** `join`: enter a room. `token` is a room token (JWT) when the server requires one. */
export const JoinSchema = v.strictObject({
  type: v.literal('join'),
  room: boundedString(1, MAX_ROOM_LENGTH),
  name: boundedString(1, MAX_NAME_LENGTH),
  token: v.optional(boundedString(1, MAX_TOKEN_LENGTH)),
  protocol: ProtocolSchema,
});

/** `signal`: relay `payload` to one peer of the same room. */
export const SignalSchema = v.strictObject({
  type: v.literal('signal'),
  to: boundedString(1, MAX_PEER_ID_LENGTH),
  payload: PayloadSchema,
  seq: v.optional(SeqSchema),
});

/** `broadcast`: relay `payload` to every other peer of the room. */
export const BroadcastSchema = v.strictObject({
  type: v.literal('broadcast'),
  payload: PayloadSchema,
  seq: v.optional(SeqSchema),
});

/**
 * `resume`: the first message on a new socket, to take a kept seat back (or, with `resumeSecret`, after a restart,
 * restore it from the signed token). `lastSeq` is the last server `seq` this client received.
 */
export const ResumeSchema = v.strictObject({
  type: v.literal('resume'),
  id: boundedString(1, MAX_PEER_ID_LENGTH),
  resumeToken: boundedString(1, MAX_RESUME_TOKEN_LENGTH),
  lastSeq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  protocol: ProtocolSchema,
});

/** `ice-servers`: ask for fresh ICE servers (new TURN credentials); only after `join`. */
export const IceServersRequestSchema = v.strictObject({ type: v.literal('ice-servers') });

/** `ping`: an echo request, joined or not; `id` comes back in the `pong`. */
export const PingSchema = v.strictObject({
  type: v.literal('ping'),
  id: v.optional(boundedString(1, MAX_PING_ID_LENGTH)),
});

/** `leave`: leave the room; the socket may `join` again. */
export const LeaveSchema = v.strictObject({ type: v.literal('leave') });

/** Schema of any message a client may send, discriminated by `type` (and `op` for `sfu`). */
export const ClientMessageSchema = v.variant('type', [
  JoinSchema,
  SignalSchema,
  BroadcastSchema,
  IceServersRequestSchema,
  ResumeSchema,
  LeaveSchema,
  PingSchema,
  ModerateSchema,
  SfuMessageSchema,
]);

/** A client message, as sent and as validated. */
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/** Every client message `type`. */
export const CLIENT_MESSAGE_TYPES: ReadonlySet<string> = new Set(
  ClientMessageSchema.options.map((option) => (option.type === 'variant' ? 'sfu' : option.entries.type.literal)),
);
