// Rooms for this repository's browser tests: small captures, and one place that leaves them all after each test.
// (Waiting for decoded frames and the rest of the helpers are the public kit, ../testing.)
import { Room } from '../room/Room.js';
import type { RoomOptions } from '../room/types.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';

/** Small capture for tests that run many connections in one page on a 2-core machine. */
export const SMALL_VIDEO: MediaTrackConstraints = { width: 320, height: 240, frameRate: 15 };

/** Rooms created by {@link makeRoom}, left by {@link leaveAll}. */
const rooms: Room[] = [];

export function makeRoom(room: string, name: string, signaling: SignalingAdapter, extra: Partial<RoomOptions> = {}): Room {
  const r = new Room({ room, name, signaling, video: SMALL_VIDEO, ...extra });
  rooms.push(r);
  return r;
}

export async function leaveAll(): Promise<void> {
  await Promise.all(rooms.splice(0).map((r) => r.leave()));
}
