import type { DataHost, DataMessages } from '../data/DataMessages.js';
import { loadLazy } from '../errors/load-lazy.js';
import type { RtcError } from '../errors/RtcError.js';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { QualityHost, QualityTracking } from '../quality/QualityTracking.js';
import type { StatsPoller } from '../stats/StatsPoller.js';
import type { Transport } from '../transport/Transport.js';
import type { LocalMediaCallbacks } from './LocalMedia.js';
import { Lazy } from './lazy.js';
import type { Roster } from './Roster.js';
import { captureDisplay } from './display-capture.js';
import type { ScreenShare, ScreenShareOptions } from './ScreenShare.js';
import type { SpeakerTracking } from './SpeakerTracking.js';

// The `Room`'s optional parts, each a lazy chunk loaded on first use: a mesh call that never shares a screen, sends a
// message, asks for connection quality or the active speaker never fetches their code. Each reports `load-failed`
// (RtcError) when its chunk cannot be fetched (a bundle deployed without its `chunks/` folder).

type OnError = (error: RtcError) => void;

/**
 * Screen sharing, loaded by the first `startScreenShare()`. That first call asks the user what to share at once,
 * while the click's user activation lasts, and publishes it once the code is there; calls meanwhile share its outcome.
 * @internal
 */
export class LazyScreenShare extends Lazy<ScreenShare> {
  private first: Promise<void> | undefined;

  constructor(participant: LocalParticipant, callbacks: Pick<LocalMediaCallbacks, 'onSend' | 'onTrackChanged'>, onError: OnError) {
    super(async () => {
      const { ScreenShare } = await loadLazy(import('./ScreenShare.js'), 'startScreenShare()');
      return new ScreenShare(participant, callbacks);
    }, onError);
  }

  /** `ScreenShare.start`, loading it first. @throws {RtcError} `load-failed` (the capture is then stopped). */
  start(options: ScreenShareOptions): Promise<void> {
    if (this.value) return this.value.start(options);
    this.first ??= this.startFirst(options).finally(() => (this.first = undefined));
    return this.first;
  }

  private async startFirst(options: ScreenShareOptions): Promise<void> {
    const capture = captureDisplay(options); // before any await: inside the user activation
    capture.catch(() => undefined); // start() below reports it
    let screen: ScreenShare;
    try {
      screen = await this.get();
    } catch (error) {
      void capture.then((stream) => stream.getTracks().forEach((track) => track.stop()), () => undefined);
      throw error;
    }
    await screen.start(options, capture);
  }
}

/** Connection quality scoring, loaded by the first `connectionQualityChanged` listener. @internal */
export const lazyQuality = (stats: StatsPoller, host: QualityHost, onError: OnError) =>
  new Lazy<QualityTracking>(async () => {
    const { QualityTracking } = await loadLazy(import('../quality/QualityTracking.js'), 'connectionQualityChanged');
    return new QualityTracking(stats, host);
  }, onError);

/**
 * `room.send()` and `messageReceived`, loaded by the first message sent or received (chunks received meanwhile
 * wait for it, in order: {@link Lazy.use}).
 * @internal
 */
export const lazyData = (host: DataHost, maxBytes: number | undefined) =>
  new Lazy<DataMessages>(async () => {
    const { DataMessages, DEFAULT_MAX_MESSAGE_BYTES } = await loadLazy(import('../data/DataMessages.js'), 'room.send() and messageReceived');
    return new DataMessages(host, maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  }, host.error);

/** Active speaker detection, loaded by the first `activeSpeakerChanged` listener or SFU talking event. @internal */
export const lazySpeaker = (
  roster: Roster,
  stats: StatsPoller,
  transport: () => Transport | undefined,
  onChange: (id: string | null) => void,
  onError: OnError,
) =>
  new Lazy<SpeakerTracking>(async () => {
    const { SpeakerTracking } = await loadLazy(import('./SpeakerTracking.js'), 'activeSpeakerChanged');
    return new SpeakerTracking(roster, stats, transport, onChange);
  }, onError);
