import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { videoQualityFor, type VideoQuality } from '@rtc-room/core';

/** What {@link AdaptiveQualityController} needs of a track: a remote video track (`RemoteTrack`) fits. */
export interface LayeredTrack {
  readonly kind: 'audio' | 'video';
  setVideoQuality(quality: VideoQuality): Promise<void>;
  /** When present (a `RemoteTrack`), used instead: the layer is chosen from the publisher's real layer sizes. */
  setVideoDimensions?(dimensions: { width: number; height: number }): Promise<void>;
}

/** How long the size must stay still before a layer is requested, in ms (one request per resize gesture). */
export const ADAPTIVE_QUALITY_DEBOUNCE_MS = 200;

/** True for a track that takes layer preferences (a remote video track). */
export function isLayeredTrack(track: unknown): track is LayeredTrack {
  return (
    typeof track === 'object' &&
    track !== null &&
    (track as Partial<LayeredTrack>).kind === 'video' &&
    typeof (track as Partial<LayeredTrack>).setVideoQuality === 'function'
  );
}

/**
 * Asks for the simulcast layer that fits the size its host element is rendered at: one `ResizeObserver` on the
 * host, an `IntersectionObserver` (offscreen → lowest layer) and the page's `visibilitychange` (background tab →
 * lowest layer). Changes are debounced ({@link ADAPTIVE_QUALITY_DEBOUNCE_MS}). The size goes to the track's
 * `setVideoDimensions()` (a `RemoteTrack`: the SDK picks the smallest layer the publisher really sends that is at
 * least as wide as the tile in device pixels); a track without it gets `videoQualityFor()` of `@rtc-room/core`.
 * A request equal to the last one for the same track is not repeated.
 * Observes only while the host is in the document and a {@link track} is set.
 *
 * @example
 * ```ts
 * class MyTile extends LitElement {
 *   private readonly layers = new AdaptiveQualityController(this, (e) => console.warn(e));
 *   override updated() { this.layers.track = this.participant?.cameraTrack; }
 * }
 * ```
 */
export class AdaptiveQualityController implements ReactiveController {
  private readonly host: ReactiveControllerHost & Element;
  private readonly onError: (error: unknown) => void;
  private current: LayeredTrack | undefined;
  private connected = false;
  private resizeObserver: ResizeObserver | undefined;
  private intersectionObserver: IntersectionObserver | undefined;
  private size = { width: 0, height: 0 };
  private intersecting = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sent: { track: LayeredTrack; quality: VideoQuality; size: string } | undefined;

  /** @param onError Called with a failed request (it is retried on the next size change). */
  constructor(host: ReactiveControllerHost & Element, onError: (error: unknown) => void) {
    this.host = host;
    this.onError = onError;
    host.addController(this);
  }

  /** The track to steer; `undefined` stops observing. */
  get track(): LayeredTrack | undefined {
    return this.current;
  }

  set track(track: LayeredTrack | undefined) {
    if (track === this.current) return;
    this.current = track;
    this.sync();
    if (track) this.schedule();
  }

  /** The last quality requested, for tests and diagnostics. */
  get requested(): VideoQuality | undefined {
    return this.sent?.quality;
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  private sync(): void {
    const observe = this.connected && this.current !== undefined;
    if (observe && !this.resizeObserver) {
      this.resizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) this.size = { width: box.width, height: box.height };
        this.schedule();
      });
      this.intersectionObserver = new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        if (entry) this.intersecting = entry.isIntersecting;
        this.schedule();
      });
      // Both report the current state right after observe().
      this.resizeObserver.observe(this.host);
      this.intersectionObserver.observe(this.host);
      document.addEventListener('visibilitychange', this.schedule);
    } else if (!observe && this.resizeObserver) {
      this.resizeObserver.disconnect();
      this.intersectionObserver?.disconnect();
      this.resizeObserver = this.intersectionObserver = undefined;
      document.removeEventListener('visibilitychange', this.schedule);
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private readonly schedule = (): void => {
    if (!this.resizeObserver) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.flush, ADAPTIVE_QUALITY_DEBOUNCE_MS);
  };

  private readonly flush = (): void => {
    this.timer = undefined;
    const track = this.current;
    if (!track) return;
    const shown = this.intersecting && document.visibilityState !== 'hidden';
    const view = shown ? { width: Math.round(this.size.width), height: Math.round(this.size.height) } : { width: 0, height: 0 };
    const quality = videoQualityFor(view);
    const size = track.setVideoDimensions ? `${view.width}x${view.height}` : '';
    if (this.sent?.track === track && this.sent.quality === quality && this.sent.size === size) return;
    const sent = { track, quality, size };
    this.sent = sent;
    let request: Promise<void>;
    try {
      request = Promise.resolve(track.setVideoDimensions ? track.setVideoDimensions(view) : track.setVideoQuality(quality));
    } catch (error) {
      request = Promise.reject(error);
    }
    request.catch((error: unknown) => {
      if (this.sent === sent) this.sent = undefined; // not in force: ask again next time
      this.onError(error);
    });
  };
}
