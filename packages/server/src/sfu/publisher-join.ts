/**
 * A member's publisher handle, attached and joined to its part's Janus room once (`attach` + publisher `join`), as
 * early as the server knows the participant uses the SFU: its `subscribe`, which clients send before their first
 * `publish` offer is even made. The `publish` that follows then costs one Janus round trip (`publish` with the
 * offer) instead of three.
 *
 * @packageDocumentation
 */
import { VideoRoomPublisher, type JanusMessage, type JanusSession } from '@rtc-room/janus';
import { SfuFailure, type Member } from './model.js';

/**
 * The member's publisher handle: the one it has, the one being joined (callers share it), or a new one joined to
 * `member.part`'s room with the member's feed id. A failed join is forgotten (the next call tries again); a handle
 * whose member dropped its handles meanwhile (`dropHandles` clears `joining`) is detached, never kept.
 * @throws {SfuFailure} `sfu-failed` when the member dropped its handles while this one joined.
 * @throws {JanusError} when Janus refuses the attach or the join.
 */
export function joinPublisher(member: Member, janus: JanusSession, onEvent: (event: JanusMessage) => void): Promise<VideoRoomPublisher> {
  if (member.publisher) return Promise.resolve(member.publisher);
  if (member.joining) return member.joining;
  const part = member.part!;
  const joined = async (): Promise<VideoRoomPublisher> => {
    const publisher = await VideoRoomPublisher.attach(janus, onEvent);
    try {
      await publisher.join(part.janusRoom, { id: member.feed, display: member.p.id, pin: part.pin });
    } catch (error) {
      void publisher.detach();
      throw error;
    }
    if (member.joining !== joining) {
      void publisher.detach();
      throw new SfuFailure('sfu-failed', 'the participant left the media server meanwhile');
    }
    member.publisher = publisher;
    return publisher;
  };
  const joining: Promise<VideoRoomPublisher> = joined().finally(() => {
    if (member.joining === joining) member.joining = undefined;
  });
  member.joining = joining;
  return joining;
}
