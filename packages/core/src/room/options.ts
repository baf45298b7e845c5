import { RtcError } from '../errors/RtcError.js';
import { assertTopology } from '../transport/createTransport.js';
import { checkVideoCodecs, type VideoCodec } from '../media/codecs.js';
import type { RoomOptions } from './types.js';

const MAX_ROOM_NAME = 128;
const MAX_DISPLAY_NAME = 64;

/**
 * Checks what `new Room(options)` cannot work without; returns the room name and the display name (default
 * `'Guest'`).
 * @throws {RtcError} `invalid-argument` for a missing signaling adapter, a room name outside 1–128 characters, a
 *   display name outside 1–64 characters, a `topology` the adapter cannot carry, a bad `videoCodecs` list, or a
 *   `lastN` that is not a whole number ≥ 0.
 * @internal
 */
export function checkRoomOptions(options: RoomOptions): { room: string; name: string; videoCodecs: readonly VideoCodec[] } {
  const room: unknown = options?.room;
  if (typeof room !== 'string' || room.length === 0 || room.length > MAX_ROOM_NAME) {
    throw RtcError.invalidArgument(`Room name must be a string of 1–${MAX_ROOM_NAME} characters.`);
  }
  const name = options.name ?? 'Guest';
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DISPLAY_NAME) {
    throw RtcError.invalidArgument(`Display name must be a string of 1–${MAX_DISPLAY_NAME} characters.`);
  }
  if (!options.signaling) throw RtcError.invalidArgument('A signaling adapter is required.');
  assertTopology(options.topology, options.signaling);
  const lastN: unknown = options.lastN;
  if (lastN !== undefined && !(Number.isInteger(lastN) && (lastN as number) >= 0)) throw RtcError.invalidArgument('lastN must be a whole number ≥ 0.');
  return { room, name, videoCodecs: checkVideoCodecs(options.videoCodecs) };
}
