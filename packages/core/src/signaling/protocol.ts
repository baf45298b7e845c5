/**
 * The JSON wire protocol between `WebSocketSignaling` and `@rtc-room/server` (path `/ws`) is defined once, in
 * `@rtc-room/protocol` (see its README and docs/server.md, "Protocol"). Core imports it **as types only**: no
 * validator reaches the browser bundle. These re-exports keep the names core has always exported.
 */
import type { Role, ServerMessage as WireServerMessage } from '@rtc-room/protocol';

export type { ClientMessage, ServerMessage } from '@rtc-room/protocol';

/** What a participant may do: publishers send and receive media, subscribers only receive. */
export type ParticipantRole = Role;

/** Fields `joined` and `resumed` share. */
export type SessionInfo = Pick<
  Extract<WireServerMessage, { type: 'joined' | 'resumed' }>,
  'id' | 'room' | 'role' | 'peers' | 'iceServers' | 'iceServersTtlMs'
>;
