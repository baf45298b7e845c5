/**
 * A member's Janus handles: dropping them, and the repeated layer `configure` (see {@link repeatConfigure}).
 *
 * @packageDocumentation
 */
import type { LayerChoice, VideoRoomSubscriber } from '@rtc-room/janus';
import type { Member } from './model.js';

/** Janus 1.1 sends a publisher at most one keyframe request (PLI) per second; a layer change is repeated after this. */
const CONFIGURE_REPEAT_MS = 1100;

/**
 * Janus (1.1) asks the publisher for a keyframe when a subscriber's layer changes, but drops a request that comes
 * within a second of the previous one: a layer changed within a second of another change (a tile resized right
 * after its first layer was chosen) then waits for the publisher's next keyframe, which may not come for minutes.
 * Measured here: switching up ~100 ms after switching down stayed on the old layer for over 8 s; the same
 * `configure` sent again a second later switched it within ~100 ms. So the last `configure` of each stream is
 * sent once more after {@link CONFIGURE_REPEAT_MS}; when the layer already changed Janus does nothing.
 */
export function repeatConfigure(member: Member, subscriber: VideoRoomSubscriber, layer: LayerChoice): void {
  clearTimeout(member.configureRepeats.get(layer.mid));
  const timer = setTimeout(() => {
    member.configureRepeats.delete(layer.mid);
    if (member.subscriber === subscriber && subscriber.session.open) subscriber.configure(layer).catch(() => undefined);
  }, CONFIGURE_REPEAT_MS);
  timer.unref();
  member.configureRepeats.set(layer.mid, timer);
}

/** Hangs up a member's publisher and subscriber handles (and forgets what they reported). */
export function dropHandles(member: Member): void {
  for (const timer of member.configureRepeats.values()) clearTimeout(timer);
  member.configureRepeats.clear();
  void member.publisher?.detach();
  member.subscriber?.close();
  member.publisher = member.subscriber = member.joining = undefined; // a handle still joining detaches itself
  member.receiving.clear();
}
