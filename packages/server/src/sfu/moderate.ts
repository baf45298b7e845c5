/**
 * Server-enforced microphone mute in SFU rooms: VideoRoom `moderate` (`{ room, secret, id: feed, mid, mute }`) on
 * every audio stream the member publishes, so Janus stops relaying it to subscribers (and to other parts) whatever
 * the member's client does. See docs/server.md "Moderation".
 *
 * @packageDocumentation
 */
import type { JanusSession } from '@rtc-room/janus';
import type { Member } from './model.js';

/**
 * Mutes or unmutes the audio `member` publishes, at Janus.
 * @returns the mids moderated (empty when the member publishes no audio through the SFU)
 * @throws {JanusError} when Janus refuses
 */
export async function moderateAudio(janus: JanusSession, control: number, member: Member, mute: boolean): Promise<string[]> {
  const part = member.part;
  if (!part || !member.publisher) return [];
  const mids = member.streams.filter((s) => s.type === 'audio').map((s) => s.mid);
  for (const mid of mids) {
    await janus.message(control, { request: 'moderate', room: part.janusRoom, secret: part.secret, id: member.feed, mid, mute });
  }
  return mids;
}
