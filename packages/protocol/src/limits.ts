/** Limits of the wire protocol. Lengths are in UTF-16 code units (JavaScript `string.length`). */

/** Longest room name. */
export const MAX_ROOM_LENGTH = 128;
/** Longest display name. */
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
/** Longest `ping.id`. */
export const MAX_PING_ID_LENGTH = 64;
/**
 * Deepest nesting of arrays/objects accepted in one message (the message object itself is level 1).
 * Signaling payloads need about 4; the limit keeps hostile input from reaching `JSON.parse`/`JSON.stringify`.
 */
export const MAX_JSON_DEPTH = 32;
/** Largest SDP accepted in an SFU message (simulcast offers are ~8 KB). */
export const MAX_SDP_LENGTH = 60_000;
/** Most entries in `publish.sources`. */
export const MAX_SOURCES = 16;
/** Most entries in one SFU `pause` request (a client splits bigger changes). */
export const MAX_PAUSE_STREAMS = 128;
