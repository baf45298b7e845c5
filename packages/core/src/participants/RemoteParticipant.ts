import { Participant } from './Participant.js';
import type { RemoteTrack } from './RemoteTrack.js';
import type { TrackSource } from './Track.js';

/**
 * Someone else in the room: one entry of `room.participants`.
 */
export class RemoteParticipant extends Participant {
  readonly isLocal = false;
  private readonly mediaStream = new MediaStream();

  /** @internal */
  setTrack(source: TrackSource, track: RemoteTrack | undefined): void {
    const old = this.trackMap.get(source);
    if (old?.mediaStreamTrack && old.mediaStreamTrack !== track?.mediaStreamTrack) {
      this.mediaStream.removeTrack(old.mediaStreamTrack);
    }
    if (track) {
      this.trackMap.set(source, track);
      const media = track.mediaStreamTrack;
      if (media && (source === 'camera' || source === 'microphone') && !this.mediaStream.getTracks().includes(media)) {
        this.mediaStream.addTrack(media);
      }
    } else {
      this.trackMap.delete(source);
    }
  }

  /** Subscribed tracks by source. */
  override get tracks(): ReadonlyMap<TrackSource, RemoteTrack> {
    return this.trackMap as unknown as ReadonlyMap<TrackSource, RemoteTrack>;
  }

  /**
   * The camera track, if subscribed. In SFU rooms it takes a layer preference:
   * `participant.cameraTrack?.setVideoDimensions({ width: 320, height: 180 })`.
   */
  override get cameraTrack(): RemoteTrack | undefined {
    return this.tracks.get('camera');
  }

  /** The microphone track, if subscribed. */
  override get microphoneTrack(): RemoteTrack | undefined {
    return this.tracks.get('microphone');
  }

  /** The shared screen's video, while this participant shares (`screen-audio` in `tracks` carries its sound). */
  override get screenTrack(): RemoteTrack | undefined {
    return this.tracks.get('screen');
  }

  /**
   * A `MediaStream` with this participant's subscribed camera and microphone tracks, ready for
   * `video.srcObject`. The same object for the participant's whole stay; tracks are added and removed in place.
   * A screen share is not in it: show `screenTrack` (and `tracks.get('screen-audio')`) in a view of its own.
   */
  get stream(): MediaStream {
    return this.mediaStream;
  }
}
