import type { DataHost, DataMessages } from '../data/DataMessages.js';
import { loadLazy } from '../errors/load-lazy.js';
import type { RtcError } from '../errors/RtcError.js';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { QualityHost, QualityTracking } from '../quality/QualityTracking.js';
import type { StatsPoller } from '../stats/StatsPoller.js';
import type { LocalMediaCallbacks } from './LocalMedia.js';
import { Lazy } from './lazy.js';
import type { ScreenShare } from './ScreenShare.js';

// The `Room`'s optional parts, each a lazy chunk loaded on first use: a mesh call that never shares a screen, sends a
// message or asks for connection quality never fetches their code. Each throws `load-failed` (RtcError) when its
// chunk cannot be fetched (a bundle deployed without its `chunks/` folder).

/** Screen sharing, loaded by the first `startScreenShare()`. @internal */
export const lazyScreenShare = (participant: LocalParticipant, callbacks: Pick<LocalMediaCallbacks, 'onSend' | 'onTrackChanged'>) =>
  new Lazy<ScreenShare>(async () => {
    const { ScreenShare } = await loadLazy(import('./ScreenShare.js'), 'startScreenShare()');
    return new ScreenShare(participant, callbacks);
  });

/** Connection quality scoring, loaded by the first `connectionQualityChanged` listener. @internal */
export const lazyQuality = (stats: StatsPoller, host: QualityHost) =>
  new Lazy<QualityTracking>(async () => {
    const { QualityTracking } = await loadLazy(import('../quality/QualityTracking.js'), 'connectionQualityChanged');
    return new QualityTracking(stats, host);
  });

/**
 * Measures connection quality while `active()`, once its code loaded, until the returned function is called.
 * @internal
 */
export function listenQuality(quality: Lazy<QualityTracking>, active: () => boolean, onError: (error: RtcError) => void): () => void {
  let stop: (() => void) | undefined;
  let listening = true;
  quality.get().then((tracking) => {
    if (listening && active()) stop = tracking.start();
  }, onError);
  return () => {
    listening = false;
    stop?.();
  };
}

/**
 * `room.send()` and `messageReceived`, loaded by the first message sent or received. Received chunks keep their
 * order: while the code loads each waits for the same load. A failed load is reported once on `error`
 * (`load-failed`) and the chunks that waited for it are dropped; the next chunk tries again.
 * @internal
 */
export class LazyData extends Lazy<DataMessages> {
  private waiting = false;

  constructor(host: DataHost, maxBytes: number | undefined) {
    super(async () => {
      const { DataMessages, DEFAULT_MAX_MESSAGE_BYTES } = await loadLazy(import('../data/DataMessages.js'), 'room.send() and messageReceived');
      return new DataMessages(host, maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    });
    this.onError = host.error;
  }

  private readonly onError: (error: RtcError) => void;

  /** Runs `use` with the message code now if it is loaded, else once it is. */
  deliver(use: (data: DataMessages) => void): void {
    if (this.value) return use(this.value);
    const first = !this.waiting;
    this.waiting = true;
    this.get().then(use, (error: RtcError) => {
      if (first) this.onError(error);
      this.waiting = false;
    });
  }
}
