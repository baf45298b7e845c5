import type { VideoPreference, VideoQuality } from '../../media/video-quality.js';
import {
  clampQuality,
  DEFAULT_LAYERS,
  layerFor,
  layersMessage,
  parseLayersMessage,
  sentLayers,
  type SimulcastLayer,
} from './simulcast.js';

/** How often a publisher re-announces its layers, in ms (subscribers that joined since learn them; sizes change). */
const ANNOUNCE_MS = 2000;

/**
 * Publisher side: every {@link ANNOUNCE_MS} reads what the camera sender really sends per `rid` (`outbound-rtp`
 * `frameWidth` × `frameHeight`) and sends it as a text message on the publish data channel, which Janus relays to
 * every subscriber of this feed. Re-sent on every tick: a message sent before a subscriber's channel opened is lost.
 * @internal
 */
export class LayerAnnouncer {
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly sender: RTCRtpSender,
    private readonly encodings: readonly RTCRtpEncodingParameters[],
    private readonly channel: () => RTCDataChannel | undefined,
  ) {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), ANNOUNCE_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const track = this.sender.track;
    const channel = this.channel();
    if (!track || track.readyState !== 'live' || channel?.readyState !== 'open') return;
    const { width = 0, height = 0 } = track.getSettings();
    if (!width || !height) return;
    const layers = await sentLayers(this.sender, width, height, this.encodings);
    if (channel.readyState === 'open') channel.send(layersMessage(layers));
  }
}

/**
 * Subscriber side: each participant's layer preference (a quality, or a rendered size in device pixels) and
 * announced layers, resolved to the quality to ask Janus for; remembers what was asked so that a resize which keeps
 * the same layer sends nothing.
 * @internal
 */
export class LayerChoice {
  private readonly preferences = new Map<string, VideoPreference>();
  private readonly layers = new Map<string, SimulcastLayer[]>();
  private readonly asked = new Map<string, VideoQuality>();

  prefer(peerId: string, preference: VideoPreference): void {
    this.preferences.set(peerId, preference);
  }

  /** Whether the UI shows `peerId`'s camera nowhere: its preference is a `0 × 0` view (hidden, offscreen). */
  hidden(peerId: string): boolean {
    const preference = this.preferences.get(peerId);
    return typeof preference === 'object' && (preference.width <= 0 || preference.height <= 0);
  }

  /** A text message on `peerId`'s data channel: true when it announced new layers (re-apply the preference). */
  announced(peerId: string, text: string): boolean {
    const layers = parseLayersMessage(text);
    if (!layers || JSON.stringify(layers) === JSON.stringify(this.layers.get(peerId))) return false;
    this.layers.set(peerId, layers);
    return true;
  }

  /** The layers `peerId` sends, lowest first (a 1280×720 camera's until it said). */
  layersOf(peerId: string): readonly SimulcastLayer[] {
    return this.layers.get(peerId) ?? DEFAULT_LAYERS;
  }

  /** The quality to ask for now, or `undefined` when there is no preference or it is already in force. */
  next(peerId: string): VideoQuality | undefined {
    const preference = this.preferences.get(peerId);
    if (preference === undefined) return undefined;
    const layers = this.layersOf(peerId);
    const quality = typeof preference === 'string' ? clampQuality(preference, layers.length) : layerFor(layers, preference);
    return this.asked.get(peerId) === quality ? undefined : quality;
  }

  /** Janus forwards `quality` of `peerId` now. */
  applied(peerId: string, quality: VideoQuality): void {
    this.asked.set(peerId, quality);
  }

  /** Janus forwards its default (top) layer of `peerId` again (a new subscription to it). */
  reset(peerId?: string): void {
    if (peerId === undefined) this.asked.clear();
    else this.asked.delete(peerId);
  }

  remove(peerId: string): void {
    this.preferences.delete(peerId);
    this.layers.delete(peerId);
    this.asked.delete(peerId);
  }
}
