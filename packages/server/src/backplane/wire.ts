/**
 * What travels through Redis, validated before use: presence entries, room events and the messages published to
 * seats. Only nodes write these, but a node never trusts them blindly (a bad deployment, a foreign writer): what
 * does not parse is dropped and logged by the caller.
 *
 * @packageDocumentation
 */
import type { ModerationCommand } from '../moderation/shared.js';
import { MAX_NAME_LENGTH, MAX_PEER_ID_LENGTH, type Role } from '../protocol.js';

/** One participant of a room as kept in Redis (`rtc:r:<room>`). */
export interface Entry {
  id: string;
  name: string;
  role: Role;
  /** Id of the node that owns the seat. */
  node: string;
  /** Cluster-wide join counter: the room's join order. */
  joinOrder: number;
  away: boolean;
  /** The name's collision key (see `names.ts`). */
  nk: string;
}

/** A presence event on `rtc:ev:<room>`; `origin` is the node that told its own members already (`''`: none). */
export type RoomEvent =
  | { t: 'joined'; origin: string; p: Entry }
  | { t: 'left' | 'away' | 'back'; origin: string; id: string }
  | { t: 'moved'; origin: string; id: string; from: string; to: string; away: boolean; lastSeq: number }
  | { t: 'topology'; origin: string; topology: 'mesh' | 'sfu' }
  /** The room's listed SFU feeds changed (`./sfu-share.ts`): re-read them. */
  | { t: 'sfu-feeds'; origin: string };

/** Largest message accepted off a seat channel (a relayed message is at most `maxMessageBytes` plus framing). */
export const MAX_SEAT_MESSAGE_BYTES = 1 << 20;
/** Server message types a node may publish to a seat. */
const SEAT_TYPES = new Set(['signal', 'peer-joined', 'peer-left', 'peer-away', 'peer-back', 'topology', 'sfu-offer', 'sfu-reply', 'sfu-event', 'sfu-state', 'room-lock']);

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const nodeId = (v: unknown): v is string => typeof v === 'string' && v.length <= 64;

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An entry from its JSON, or `undefined` when malformed. */
export function parseEntry(text: string | Record<string, unknown>): Entry | undefined {
  const e = typeof text === 'string' ? parseJson(text) : text;
  if (!e) return undefined;
  const { id, name, role, node, joinOrder, away, nk } = e;
  if (!str(id, MAX_PEER_ID_LENGTH) || !str(name, MAX_NAME_LENGTH) || (role !== 'publisher' && role !== 'subscriber' && role !== 'moderator')) return undefined;
  if (!str(node, 64) || typeof joinOrder !== 'number' || typeof away !== 'boolean' || !str(nk, 4 * MAX_NAME_LENGTH)) return undefined;
  return { id, name, role, node, joinOrder, away, nk };
}

/** A room event from its JSON, or `undefined` when malformed. */
export function parseEvent(text: string): RoomEvent | undefined {
  const e = parseJson(text);
  if (!e || !nodeId(e['origin'])) return undefined;
  const origin = e['origin'];
  switch (e['t']) {
    case 'joined': {
      const p = typeof e['p'] === 'object' && e['p'] !== null ? parseEntry(e['p'] as Record<string, unknown>) : undefined;
      return p ? { t: 'joined', origin, p } : undefined;
    }
    case 'left':
    case 'away':
    case 'back':
      return str(e['id'], MAX_PEER_ID_LENGTH) ? { t: e['t'], origin, id: e['id'] } : undefined;
    case 'moved': {
      const { id, from, to, away, lastSeq } = e;
      if (!str(id, MAX_PEER_ID_LENGTH) || !str(from, 64) || !str(to, 64) || typeof away !== 'boolean') return undefined;
      if (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || lastSeq < 0) return undefined;
      return { t: 'moved', origin, id, from, to, away, lastSeq };
    }
    case 'topology':
      return e['topology'] === 'mesh' || e['topology'] === 'sfu' ? { t: 'topology', origin, topology: e['topology'] } : undefined;
    case 'sfu-feeds':
      return { t: 'sfu-feeds', origin };
    default:
      return undefined;
  }
}

/**
 * Checks a message off a seat channel: a serialized server message object of a known type, unnumbered (the
 * receiving node numbers it), with a well-formed `from` when it has one. @returns the text, or `undefined`.
 */
export function checkSeatMessage(text: string): string | undefined {
  if (text.length > MAX_SEAT_MESSAGE_BYTES) return undefined;
  const m = parseJson(text);
  if (!m || typeof m['type'] !== 'string' || !SEAT_TYPES.has(m['type']) || 'seq' in m) return undefined;
  if ('from' in m && !str(m['from'], MAX_PEER_ID_LENGTH)) return undefined;
  return text;
}

/**
 * A moderation step for the seat's node (`../moderation/shared.ts`) off a seat channel, or `undefined` when the
 * message is something else (or a malformed step).
 */
export function parseModerationCommand(text: string): ModerationCommand | undefined {
  if (!text.startsWith('{"type":"moderate-target"') || text.length > 512) return undefined;
  const m = parseJson(text);
  if (!m || (m['op'] !== 'mute' && m['op'] !== 'unmute-allowed' && m['op'] !== 'remove') || !str(m['by'], MAX_PEER_ID_LENGTH)) return undefined;
  return { type: 'moderate-target', op: m['op'], by: m['by'], ...(m['hold'] === true ? { hold: true as const } : {}) };
}
