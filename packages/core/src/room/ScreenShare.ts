import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { TrackSource } from '../participants/Track.js';
import { captureDisplay } from './display-capture.js';
import { LocalTrackImpl, type LocalMediaCallbacks } from './LocalMedia.js';

/** Options of `room.startScreenShare(options)`. */
export interface ScreenShareOptions {
  /**
   * Share the sound of the tab or screen too, when the browser offers it (Chromium: tabs, and whole screens on
   * Windows and ChromeOS; the user may untick it). Published as `screen-audio`. Default `true`.
   */
  audio?: boolean;
  /**
   * Video constraints for `getDisplayMedia` (W3C Screen Capture), e.g. `{ frameRate: 5 }` for slides or
   * `{ width: 1920 }`. Default `true` (what the browser picks: the source's size, up to 30 fps).
   */
  video?: boolean | MediaTrackConstraints;
  /**
   * `MediaStreamTrack.contentHint` of the video (W3C MST Content Hints): `detail` (default; text stays sharp, the
   * encoder drops frames before resolution) or `motion` (a video being played: smooth, resolution drops first).
   */
  contentHint?: 'detail' | 'text' | 'motion';
}

const SOURCES = ['screen', 'screen-audio'] as const;

/**
 * The local screen share: one `getDisplayMedia` capture published as `screen` (and `screen-audio`), single layer
 * (no simulcast), ended by `stop()` or by the browser's own "Stop sharing" (the video track's `ended` event).
 * @internal
 */
export class ScreenShare {
  private starting = false;

  constructor(
    private readonly participant: LocalParticipant,
    private readonly callbacks: Pick<LocalMediaCallbacks, 'onSend' | 'onTrackChanged'>,
  ) {}

  /**
   * Asks the user what to share (or takes `capture`, asked for already) and publishes it; resolves at once while a
   * share runs or is being started.
   */
  async start(options: ScreenShareOptions, capture?: Promise<MediaStream>): Promise<void> {
    if (this.starting || this.participant.tracks.has('screen')) return;
    this.starting = true;
    let stream: MediaStream;
    try {
      stream = await (capture ?? captureDisplay(options));
    } finally {
      this.starting = false;
    }
    const [video] = stream.getVideoTracks();
    if (!video) return;
    video.contentHint = options.contentHint ?? 'detail';
    video.addEventListener('ended', () => void this.stop(), { once: true });
    const tracks: Array<[TrackSource, MediaStreamTrack | undefined]> = [['screen', video], ['screen-audio', stream.getAudioTracks()[0]]];
    for (const [source, track] of tracks) {
      if (!track) continue;
      const local = new LocalTrackImpl(track.kind === 'audio' ? 'audio' : 'video', source, track, false, undefined);
      this.participant.setTrack(source, local);
      await this.callbacks.onSend(source, track);
      this.callbacks.onTrackChanged(local);
    }
  }

  /** Stops the capture and unpublishes (each track's `localTrackChanged` has `mediaStreamTrack: null`). */
  async stop(): Promise<void> {
    const stopped: LocalTrackImpl[] = [];
    for (const source of SOURCES) {
      const track = this.participant.tracks.get(source) as LocalTrackImpl | undefined;
      if (!track) continue;
      this.participant.setTrack(source, undefined);
      track.mediaStreamTrack?.stop();
      track.mediaStreamTrack = null;
      stopped.push(track);
    }
    for (const track of stopped) {
      await this.callbacks.onSend(track.source, null);
      this.callbacks.onTrackChanged(track);
    }
  }
}
