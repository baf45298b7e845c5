/**
 * The Janus rooms ("parts") of an rtc-room room: where a member goes (`placeMember`), creating a part's Janus room
 * locked down (`ensurePart`: random `secret` and `pin`, `is_private`, `lock_record`, the VideoRoom `admin_key` when
 * configured; logged as `sfu-room-created` without the secrets), and destroying it (`destroyPart`).
 *
 * @packageDocumentation
 */
import { createRoomRequest, JanusError, VideoRoomError } from '@rtc-room/janus';
import type { Logger } from '../logger.js';
import type { JanusNode } from './janus-node.js';
import { newPart, SfuFailure, type Member, type RoomPart, type SfuRoom } from './model.js';
import { leastLoaded } from './placement.js';

/**
 * The part `member` goes to. Without `capacity`: the room's first part on a live node, else a new part on the least
 * loaded node. With `capacity` (members per part): the first live part with room for one more, else a new part on
 * the least loaded node that holds none of this room yet (the cascade), else the least crowded live part.
 * New parts are appended to `room.parts`.
 * @returns `undefined` when no node is up
 */
export function placeMember(
  room: SfuRoom,
  member: Member,
  nodes: readonly JanusNode[],
  loadOf: (node: JanusNode) => number,
  capacity: number | undefined,
): RoomPart | undefined {
  const live = room.parts.filter((part) => part.node.session !== undefined);
  const crowd = (part: RoomPart): number => [...room.members.values()].filter((m) => m !== member && m.part === part).length;
  const open = live.find((part) => capacity === undefined || crowd(part) < capacity);
  if (open) return open;
  const used = new Set(room.parts.map((part) => part.node));
  const node = leastLoaded(nodes.filter((n) => !used.has(n)), loadOf);
  if (node) {
    const part = newPart(node);
    room.parts.push(part);
    return part;
  }
  return [...live].sort((a, b) => crowd(a) - crowd(b))[0];
}

/**
 * Creates the part's Janus room once (later calls share the first one's promise; a failure is retried next time).
 * @throws {SfuFailure} `sfu-misconfigured` when Janus refuses the `admin_key`; the Janus error otherwise
 */
export function ensurePart(room: SfuRoom, part: RoomPart, log: Logger): Promise<void> {
  const { node } = part;
  const janus = node.session;
  if (!janus) return Promise.reject(new SfuFailure('sfu-unavailable', 'the media server (SFU) is unreachable; retrying'));
  part.created ??= janus
    .message(node.control, createRoomRequest(part.janusRoom, {
      secret: part.secret,
      pin: part.pin,
      is_private: true,
      lock_record: true,
      ...(node.credentials.adminKey !== undefined ? { admin_key: node.credentials.adminKey } : {}),
    }))
    .then(
      () => log({ event: 'sfu-room-created', room: room.name, janus: node.url, janusRoom: part.janusRoom, parts: room.parts.length }),
      (error: unknown) => {
        // With several signaling nodes the room's placement is shared (`./shared.ts`): another node created it first.
        if (error instanceof JanusError && error.code === VideoRoomError.ROOM_EXISTS) {
          return log({ event: 'sfu-room-shared', room: room.name, janus: node.url, janusRoom: part.janusRoom });
        }
        part.created = undefined;
        const refusal = node.adminKeyRefusal(error);
        if (refusal) throw new SfuFailure('sfu-misconfigured', refusal);
        throw error;
      },
    );
  return part.created;
}

/** Destroys the part's Janus room (with its secret), if it was created and its node is up. Never throws. */
export function destroyPart(part: RoomPart): void {
  const janus = part.node.session;
  if (!part.created || !janus) return;
  void janus.message(part.node.control, { request: 'destroy', room: part.janusRoom, secret: part.secret }).catch(() => undefined);
}
