import type { DataHost } from '../data/DataMessages.js';
import type { RtcError } from '../errors/RtcError.js';
import type { SafeEmitter } from '../events/safe-emitter.js';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import { StatsPoller } from '../stats/StatsPoller.js';
import type { Transport } from '../transport/Transport.js';
import { lazyData, lazyQuality, LazyScreenShare, lazySpeaker } from './lazy-parts.js';
import { LocalMedia, type LocalMediaCallbacks } from './LocalMedia.js';
import { RoomModeration, type ModerationHost } from './Moderation.js';
import type { Roster } from './Roster.js';
import type { RoomEvents, RoomOptions } from './types.js';

/**
 * What the `Room` hands its stats, messages, quality, speaker and moderation parts: its own units, and getters for what
 * changes over a call (read when a part needs it, never at wiring time).
 * @internal
 */
export interface RoomPartsHost extends ModerationHost {
  readonly local: LocalParticipant;
  readonly roster: Roster;
  /** `RoomOptions.maxMessageBytes`. */
  readonly maxMessageBytes: number | undefined;
  transport(): Transport | undefined;
  /** The Room's peer channel for relayed `room.send()` chunks (`RoomChannel.relay`). */
  relay: DataHost['relay'];
  onError(error: RtcError): void;
}

/**
 * The `Room`'s stats poller, data messages, connection quality, active speaker (lazy chunks: see lazy-parts.ts) and moderation,
 * wired to its events and units, with what the `Room` does to all of them (a participant left, the call ended).
 * @internal
 */
export function roomParts(host: RoomPartsHost) {
  const { events, roster, local } = host;
  const stats = new StatsPoller(
    () => [...roster.participants.keys()].map((id) => [id, host.transport()?.connection(id)] as const),
    (report) => events.emit('statsUpdated', report),
  );
  const data = lazyData({ ...host, received: (message) => events.emit('messageReceived', message), error: host.onError }, host.maxMessageBytes);
  const quality = lazyQuality(stats, {
    local: () => local,
    remote: host.participant,
    connectionState: (id) => host.transport()?.connection(id)?.connectionState,
    changed: (report, participant) => events.emit('connectionQualityChanged', report, participant),
  }, host.onError);
  const moderation = new RoomModeration(host);
  const speakerChanged = (id: string | null) => events.emit('activeSpeakerChanged', id ? (host.participant(id) ?? null) : null);
  const speaking = lazySpeaker(roster, stats, host.transport, speakerChanged, host.onError);
  return {
    stats,
    data,
    quality,
    moderation,
    speaking,
    /** Participant `peerId` left: what the loaded parts keep about it goes. */
    forget(peerId: string): void {
      stats.forget(peerId);
      speaking.value?.speaker.forget(peerId);
      data.value?.forget(peerId);
      quality.value?.forget(peerId);
    },
    /**
     * What subscribing to `event` starts while `active()` holds (the call is not over), until the returned function
     * is called: quality scoring for `connectionQualityChanged`; for `activeSpeakerChanged`, audio level sampling
     * when `levels` (mesh rooms measure who speaks; SFU rooms get the media server's talking events).
     */
    listen(event: keyof RoomEvents, levels: boolean, active: () => boolean): (() => void) | undefined {
      if (!active()) return undefined;
      if (event === 'connectionQualityChanged') return quality.listen((part) => part.start(), active);
      if (event === 'activeSpeakerChanged' && levels) return speaking.listen((part) => part.sampleLevels(), active);
      return undefined;
    },
    /** The call ended: stats polling, speaker detection and quality scoring stop. */
    stop(): void {
      stats.stop();
      speaking.value?.speaker.stop();
      quality.value?.clear();
    },
  };
}

/** The `Room`'s parts made by {@link roomParts}. @internal */
export type RoomParts = ReturnType<typeof roomParts>;

/**
 * The `Room`'s camera and microphone, and its screen share (a lazy chunk), sending through `callbacks.onSend`.
 * @internal
 */
export function localMediaParts(
  local: LocalParticipant,
  options: Pick<RoomOptions, 'audio' | 'video'>,
  callbacks: Pick<LocalMediaCallbacks, 'onSend' | 'onTrackChanged' | 'onMuteChanged'>,
  events: SafeEmitter<RoomEvents>,
  onError: (error: RtcError) => void,
): { media: LocalMedia; screen: LazyScreenShare } {
  const screen = new LazyScreenShare(local, callbacks, onError);
  const media = new LocalMedia(local, options.audio ?? true, options.video ?? true, {
    ...callbacks,
    onDeviceLost: (kind, lost, replacement, error) => {
      events.emit('localDeviceLost', kind, lost, replacement);
      if (error) events.emit('error', error);
    },
  });
  return { media, screen };
}
