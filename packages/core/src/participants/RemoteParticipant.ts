import { Participant } from './Participant.js';
import type { Track, TrackSource } from './Track.js';

/**
 * Someone else in the room: one entry of `room.participants`.
 */
export class RemoteParticipant extends Participant {
  readonly isLocal = false;
  private readonly mediaStream = new MediaStream();

  /** @internal */
  setTrack(source: TrackSource, track: Track | undefined): void {
    const old = this.trackMap.get(source);
    if (old?.mediaStreamTrack && old.mediaStreamTrack !== track?.mediaStreamTrack) {
      this.mediaStream.removeTrack(old.mediaStreamTrack);
    }
    if (track) {
      this.trackMap.set(source, track);
      if (track.mediaStreamTrack && !this.mediaStream.getTracks().includes(track.mediaStreamTrack)) {
        this.mediaStream.addTrack(track.mediaStreamTrack);
      }
    } else {
      this.trackMap.delete(source);
    }
  }

  /**
   * A `MediaStream` with this participant's subscribed camera and microphone tracks, ready for
   * `video.srcObject`. The same object for the participant's whole stay; tracks are added and removed in place.
   */
  get stream(): MediaStream {
    return this.mediaStream;
  }
}
