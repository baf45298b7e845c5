/**
 * The JSON wire protocol spoken on `/ws`: valibot schemas for what clients may send and
 * TypeScript types for what the server sends. One JSON object per WebSocket text frame.
 *
 * Client → server:
 * - `{ "type": "join", "room": string(1..128), "name": string(1..64), "token"?: string(1..4096) }`
 * - `{ "type": "signal", "to": peerId, "payload": object, "seq"?: n }` — relay to one peer in the same room
 * - `{ "type": "broadcast", "payload": object, "seq"?: n }` — relay to every other peer in the room
 * - `{ "type": "ice-servers" }` — ask for fresh ICE servers (new TURN credentials); only after `join`
 * - `{ "type": "resume", "id": string, "resumeToken": string(1..2048), "lastSeq": n }` — first message on a new
 *   socket: take a kept seat back, or (with `resumeSecret`, after a restart) restore it from the signed token
 *   (`resumed` then carries `restored: true`; see `docs/server.md`, "Resuming a session")
 * - `{ "type": "leave" }`
 * - `{ "type": "ping", "id"?: string(1..64) }` — answered at once with `{ "type": "pong", "id"? }` (same `id`), joined
 *   or not: a cheap round trip for reachability checks (`Room.preflight`). Rate-limited like any message.
 * - `{ "type": "sfu", "op": … }` — SFU rooms (server drives Janus): see `sfu/protocol.ts`
 *
 * `seq` numbers count per direction and per participant session, from 1: the server numbers every
 * `peer-joined`/`peer-left`/`peer-away`/`peer-back`/`signal` it sends to a participant (when resumption is on),
 * and ignores a client `signal`/`broadcast` whose `seq` is not above the highest one it already processed.
 *
 * Server → client: see {@link ServerMessage}; every refusal is `{ "type": "error", "code", "message", "ref"? }`
 * with a code from {@link ERROR_CODES} (documented in `docs/server.md`).
 *
 * Every client object is strict: unknown keys (for example a client-chosen `from`) are rejected
 * with `invalid-message`. Lengths are counted in UTF-16 code units (JavaScript `string.length`).
 * Text nested deeper than {@link MAX_JSON_DEPTH} arrays/objects is refused before it is parsed.
 *
 * @packageDocumentation
 */
import * as v from 'valibot';
import { SfuMessageSchema, type SfuServerMessage } from './sfu/protocol.js';

/** Longest room name, in UTF-16 code units. */
export const MAX_ROOM_LENGTH = 128;
/** Longest display name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 64;
/** Longest peer id accepted in `signal.to` (server ids are far shorter). */
export const MAX_PEER_ID_LENGTH = 128;
/**
 * Longest resume token accepted in `resume.resumeToken`. The server's are signed and carry the room and name
 * (about 200 characters for short names; at most about 1750 for the longest, fully escaped, room and name).
 */
export const MAX_RESUME_TOKEN_LENGTH = 2048;
/** Longest room token (JWT) accepted in `join.token`. */
export const MAX_TOKEN_LENGTH = 4096;
/**
 * Deepest nesting of arrays/objects accepted in one message (the message object itself is level 1).
 * Signaling payloads need about 4; the limit keeps hostile input from reaching `JSON.parse`/`JSON.stringify`.
 */
export const MAX_JSON_DEPTH = 32;

/** What a participant may do: publishers send and receive media, subscribers only receive. */
export type Role = 'publisher' | 'subscriber';

/** A JSON object (not an array, not `null`): the opaque payload relayed between peers. */
export type Payload = Record<string, unknown>;

const isPlainObject = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

const PayloadSchema = v.custom<Payload>(isPlainObject, 'payload must be a JSON object');

const boundedString = (min: number, max: number) =>
  v.pipe(v.string(), v.minLength(min), v.maxLength(max));

/** A positive safe integer: a client `seq`. */
const SeqSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** Schema of `{ type: 'join' }`. */
export const JoinSchema = v.strictObject({
  type: v.literal('join'),
  room: boundedString(1, MAX_ROOM_LENGTH),
  name: boundedString(1, MAX_NAME_LENGTH),
  token: v.optional(boundedString(1, MAX_TOKEN_LENGTH)),
});

/** Schema of `{ type: 'signal' }`. */
export const SignalSchema = v.strictObject({
  type: v.literal('signal'),
  to: boundedString(1, MAX_PEER_ID_LENGTH),
  payload: PayloadSchema,
  seq: v.optional(SeqSchema),
});

/** Schema of `{ type: 'broadcast' }`. */
export const BroadcastSchema = v.strictObject({
  type: v.literal('broadcast'),
  payload: PayloadSchema,
  seq: v.optional(SeqSchema),
});

/** Schema of `{ type: 'resume' }`. */
export const ResumeSchema = v.strictObject({
  type: v.literal('resume'),
  id: boundedString(1, MAX_PEER_ID_LENGTH),
  resumeToken: boundedString(1, MAX_RESUME_TOKEN_LENGTH),
  lastSeq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});

/** Schema of `{ type: 'ice-servers' }`. */
export const IceServersRequestSchema = v.strictObject({ type: v.literal('ice-servers') });

/** Longest `ping.id`, in UTF-16 code units. */
export const MAX_PING_ID_LENGTH = 64;

/** Schema of `{ type: 'ping' }`: an echo request; `id` comes back in the `pong`. */
export const PingSchema = v.strictObject({
  type: v.literal('ping'),
  id: v.optional(boundedString(1, MAX_PING_ID_LENGTH)),
});

/** Schema of `{ type: 'leave' }`. */
export const LeaveSchema = v.strictObject({ type: v.literal('leave') });

/** Schema of any message a client may send, discriminated by `type`. */
export const ClientMessageSchema = v.variant('type', [
  JoinSchema,
  SignalSchema,
  BroadcastSchema,
  IceServersRequestSchema,
  ResumeSchema,
  LeaveSchema,
  PingSchema,
  SfuMessageSchema,
]);

/** A validated client message. */
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/**
 * Every `code` an `error` reply can carry (documented in `docs/server.md`).
 * Closing refusals: `rate-limited` (only after repeated violations, 1008), `too-many-connections` (1013),
 * `join-timeout` (1008), `idle-timeout` (1000), `origin-not-allowed` (1008). All others leave the socket open (after `resume-failed` the
 * client may `join` afresh).
 */
export const ERROR_CODES = [
  'invalid-json',
  'invalid-message',
  'unknown-peer',
  'not-joined',
  'already-joined',
  'room-full',
  'server-full',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'too-many-connections',
  'join-timeout',
  'idle-timeout',
  'resume-failed',
  'origin-not-allowed',
  'internal',
] as const;

/** The public protocol error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A participant as other clients see it. */
export interface PeerInfo {
  /** Server-assigned random id, unique per join. */
  id: string;
  /** Display name as given in `join`, or the room token's `name` claim when auth is on. */
  name: string;
  /** `publisher` (sends and receives media) or `subscriber` (receives only). */
  role: Role;
}

/** An ICE server handed to clients in `joined` (the shape of the browser's `RTCIceServer`). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Messages the server sends. */
export type ServerMessage =
  | {
      type: 'joined';
      id: string;
      room: string;
      /** This participant's role: from its room token, `publisher` when auth is off. */
      role: Role;
      peers: PeerInfo[];
      /** Present when ICE servers are configured (static and/or TURN REST). */
      iceServers?: IceServer[];
      /** Milliseconds until the TURN credentials in `iceServers` expire; only with TURN REST. */
      iceServersTtlMs?: number;
      /** Secret for `resume` (opaque base64url, signed with `resumeSecret`); only when resumption is on. */
      resumeToken?: string;
      /** How long the seat is kept after the socket drops; only when resumption is on. */
      resumeGraceMs?: number;
    }
  | {
      type: 'resumed';
      id: string;
      room: string;
      role: Role;
      peers: PeerInfo[];
      /** The highest client `seq` the server processed: the client resends only what comes after. */
      lastSeq: number;
      /**
       * Present (`true`) when this process had no seat and re-created it from the signed token (the server
       * restarted): server `seq` numbering restarts at 1, nothing is replayed, and `lastSeq` is `0`.
       */
      restored?: true;
      iceServers?: IceServer[];
      iceServersTtlMs?: number;
    }
  | { type: 'ice-servers'; iceServers: IceServer[]; iceServersTtlMs?: number }
  | { type: 'peer-joined'; peer: PeerInfo; seq?: number }
  | { type: 'peer-left'; id: string; seq?: number }
  | { type: 'peer-away'; id: string; seq?: number }
  | { type: 'peer-back'; id: string; seq?: number }
  | { type: 'signal'; from: string; payload: Payload; seq?: number }
  | { type: 'error'; code: ErrorCode; message: string; ref?: string }
  /** Answer to `ping`, with the same `id` when the ping had one. */
  | { type: 'pong'; id?: string }
  | SfuServerMessage;

/** Result of {@link parseClientMessage}. */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: 'invalid-json' | 'invalid-message'; message: string; reason: string; ref?: string };

const MAX_ERROR_TEXT = 200;

const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * Parses and validates one text frame.
 *
 * @param text - the frame's UTF-8 decoded text
 * @returns the typed message, or an error with a short client-facing `message` and a
 *   log-safe `reason` (issue path and kind only, never client values)
 */
export function parseClientMessage(text: string): ParseResult {
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      code: 'invalid-message',
      message: `message is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`,
      reason: 'too-deep',
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid-json', message: 'message is not valid JSON', reason: 'json-parse' };
  }
  const result = v.safeParse(ClientMessageSchema, data, { abortEarly: true });
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '';
  const type = isPlainObject(data) ? (data as Payload)['type'] : undefined;
  const ref = typeof type === 'string' ? truncate(type, 32) : undefined;
  return {
    ok: false,
    code: 'invalid-message',
    message: truncate(path ? `${path}: ${issue.message}` : issue.message, MAX_ERROR_TEXT),
    // Unknown keys are client-chosen text: keep them out of the log.
    reason: issue.type === 'strict_object' ? 'unknown-key strict_object' : `${path || '(root)'} ${issue.type}`,
    ...(ref !== undefined ? { ref } : {}),
  };
}

/**
 * Whether JSON text nests arrays/objects deeper than `max`, found by one linear scan that skips
 * string contents. Runs before `JSON.parse`, so hostile nesting never reaches the parser or
 * `JSON.stringify` (which would overflow the stack while relaying it). Not a validator: malformed text
 * that is shallow passes through to `JSON.parse`.
 */
export function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
