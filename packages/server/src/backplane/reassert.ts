/**
 * After Redis came back: a Redis restarted without persistence has lost every room, and even one that kept its
 * data missed what happened during the outage. Each node puts its own participants back (`ASSERT`: no capacity
 * check, they are in the call), removes the entries Redis has for it that it no longer holds (their leave could
 * not be written: the other nodes are told `left` now), and learns the entries it did not know.
 *
 * @packageDocumentation
 */
import type { Member } from '../sessions/redis-store.js';
import type { Seat } from '../seats.js';
import type { RedisLink } from './redis.js';
import { ASSERT, keys, LEAVE, PRESENCE } from './scripts.js';
import { parseEntry, type Entry } from './wire.js';
import { createHash } from 'node:crypto';

/**
 * @param rooms - the node's room replicas
 * @param onUnknown - an entry of another node this node's replica lacked
 */
export async function reassert(
  link: RedisLink,
  node: string,
  rooms: ReadonlyMap<string, { members: Map<string, Member> }>,
  seats: ReadonlyMap<string, Seat>,
  onUnknown: (room: string, entry: Entry) => void,
): Promise<void> {
  for (const [room, replica] of rooms) {
    for (const member of replica.members.values()) {
      if (!member.local || member.draining) continue;
      const seat = seats.get(member.entry.id);
      const token = seat ? createHash('sha256').update(seat.token, 'utf8').digest('hex') : '';
      await link.run(
        ASSERT,
        [keys.room(room), keys.names(room), keys.rooms, keys.seat(member.entry.id), keys.nodeSeats(node), keys.joins],
        [member.entry.id, JSON.stringify(member.entry), member.entry.nk, room, node, seat?.lastClientSeq ?? 0, token, member.entry.joinOrder],
      );
    }
    for (const text of await link.cmd.hvals(keys.room(room))) {
      const entry = parseEntry(text);
      if (!entry) continue;
      const known = replica.members.get(entry.id);
      if (entry.node === node && !known?.local) await link.run(LEAVE, [], [room, entry.id, node, '']);
      // Seen dead while cut off from Redis (its seats were marked away): say it is back where it is.
      else if (entry.node === node && known && entry.away !== known.entry.away) {
        await link.run(PRESENCE, [keys.room(room)], [entry.id, known.entry.away ? '1' : '0', node, room, '']);
      }
      else if (!known && entry.node !== node) onUnknown(room, entry);
    }
  }
}
