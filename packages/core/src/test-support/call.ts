import { Room } from '../room/Room.js';
import type { RoomOptions } from '../room/types.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';
import { waitFor } from './wait.js';

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

/** `inbound-rtp` video `framesDecoded` of `room`'s connection to `peerId` (0 when none yet). */
export async function framesDecoded(room: Room, peerId: string): Promise<number> {
  const stats = await room.getStats();
  return stats.get(peerId)?.framesDecoded ?? 0;
}

/**
 * Waits until `room` decodes video from `peerId`, then checks the count keeps growing: real frames, not a
 * one-off. Throws (failing the test) with a message naming both sides otherwise.
 */
export async function expectDecoding(room: Room, peerId: string, timeoutMs = 20_000): Promise<void> {
  const who = `${room.localParticipant.name} decoding ${room.participants.get(peerId)?.name ?? peerId}`;
  // getStats() is not free: poll every 150 ms so a dozen parallel checks do not starve the call on 2 cores.
  await waitFor(async () => (await framesDecoded(room, peerId)) > 0, `${who}: first frame`, timeoutMs, 150);
  const first = await framesDecoded(room, peerId);
  await waitFor(async () => (await framesDecoded(room, peerId)) > first, `${who}: frames keep coming`, 10_000, 150);
}

/** Every room decodes video from every other room. */
export async function expectFullMesh(all: Room[]): Promise<void> {
  const checks: Promise<void>[] = [];
  for (const r of all) {
    for (const other of all) {
      if (other !== r) checks.push(expectDecoding(r, other.localParticipant.id));
    }
  }
  await Promise.all(checks);
}
