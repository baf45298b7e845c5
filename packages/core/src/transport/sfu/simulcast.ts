import type { VideoQuality } from '../../media/video-quality.js';
import type { VideoDimensions } from '../../participants/RemoteTrack.js';

/**
 * One simulcast layer a publisher sends, in pixels, as its encoder really produces it (`outbound-rtp`
 * `frameWidth` × `frameHeight` of that `rid`), or as planned (capture size ÷ `scaleResolutionDownBy`) before its
 * first frame. Layers are listed lowest first: index 0 is Janus substream 0, the `low` quality.
 */
export interface SimulcastLayer {
  readonly width: number;
  readonly height: number;
}

/** Qualities by Janus substream, lowest first (the protocol's `VIDEO_QUALITIES`, not imported: types only from there). */
const VIDEO_QUALITIES: readonly VideoQuality[] = ['low', 'medium', 'high'];
/** The smallest layer worth sending, in pixels: Chromium sends 3 layers from 960×540 on and 2 from 480×270. */
const MIN_LAYER = { width: 320, height: 180 };
/** Each layer is half the size of the one above it (scaleResolutionDownBy 1, 2, 4). */
const SCALES = [1, 2, 4] as const;
/** `maxBitrate` by layer, top first, in bit/s. */
const BITRATES = [1_500_000, 500_000, 150_000] as const;
/** `rid`s by layer, top first (they name the layer's quality when all three are sent). */
const RIDS = ['h', 'm', 'l'] as const;
/** Assumed before a publisher said what it sends: a 1280×720 camera (the default capture) in three layers. */
export const DEFAULT_LAYERS: readonly SimulcastLayer[] = [
  { width: 320, height: 180 },
  { width: 640, height: 360 },
  { width: 1280, height: 720 },
];

/**
 * A screen share's one encoding: `priority` and `networkPriority` `high` (W3C WebRTC Priority Control,
 * `RTCRtpEncodingParameters`), against the cameras' default `low`. Under a bandwidth limit the browser gives the
 * screen four times a camera's share of the send bitrate (Chromium; `networkPriority` also marks its packets DSCP
 * AF42 where the OS lets it). Firefox ignores both members and divides the bitrate evenly.
 */
export const SCREEN_ENCODINGS: RTCRtpEncodingParameters[] = [{ priority: 'high', networkPriority: 'high' }];

/**
 * The simulcast encodings (W3C WebRTC §5.2 `sendEncodings`, top layer first, as Janus expects with its default
 * `rid_order` "hml") for a camera of `width × height` pixels: halving the size while the next layer stays at
 * least 320×180, so 1280×720 → 1280, 640, 320 wide; 640×480 → 640, 320; smaller → one layer (`undefined`: no
 * simulcast). Keeping every layer above that floor matters: Chromium silently drops the lowest encodings of a small
 * capture (three layers need 960×540; at 640×480 it never sends a `scaleResolutionDownBy: 4` layer). Firefox takes
 * the same top-first order (mediasoup-client stopped reversing it for Firefox ≥ 120).
 */
export function simulcastEncodings(width: number, height: number): RTCRtpEncodingParameters[] | undefined {
  const count = SCALES.filter((s) => width / s >= MIN_LAYER.width && height / s >= MIN_LAYER.height).length;
  if (count < 2) return undefined;
  return SCALES.slice(0, count).map((scale, i) => ({
    rid: RIDS[i],
    scaleResolutionDownBy: scale,
    maxBitrate: BITRATES[i],
  }));
}

/** The layers `encodings` produce from a `width × height` capture, lowest first (browsers round down). */
export function plannedLayers(width: number, height: number, encodings: readonly RTCRtpEncodingParameters[]): SimulcastLayer[] {
  return encodings
    .map((e) => {
      const scale = e.scaleResolutionDownBy ?? 1;
      return { width: Math.floor(width / scale), height: Math.floor(height / scale) };
    })
    .sort((a, b) => a.width - b.width);
}

/**
 * The layers a sender really sends, lowest first: for each of `encodings`, its `outbound-rtp` `frameWidth` ×
 * `frameHeight` (by `rid`) when it has sent frames, else the planned size (a layer not ramped up yet).
 */
export async function sentLayers(
  sender: RTCRtpSender,
  width: number,
  height: number,
  encodings: readonly RTCRtpEncodingParameters[],
): Promise<SimulcastLayer[]> {
  const byRid = new Map<string, SimulcastLayer>();
  (await sender.getStats()).forEach((s: { type: string; rid?: string; frameWidth?: number; frameHeight?: number }) => {
    if (s.type === 'outbound-rtp' && s.rid && s.frameWidth && s.frameHeight) byRid.set(s.rid, { width: s.frameWidth, height: s.frameHeight });
  });
  return encodings
    .map((e) => {
      const scale = e.scaleResolutionDownBy ?? 1;
      return byRid.get(e.rid ?? '') ?? { width: Math.floor(width / scale), height: Math.floor(height / scale) };
    })
    .sort((a, b) => a.width - b.width);
}

/**
 * The quality (Janus substream, lowest first) of the smallest of `layers` that is at least as wide as a view of
 * `view` device pixels showing it with `object-fit: cover` needs, that is `max(width, height × the layer's aspect
 * ratio)`; the largest layer when none is wide enough, the lowest for a zero-size (hidden) view.
 *
 * @example
 * ```ts
 * const layers = [{ width: 320, height: 180 }, { width: 640, height: 360 }, { width: 1280, height: 720 }];
 * layerFor(layers, { width: 485, height: 273 }); // 'medium': 640 ≥ 485
 * layerFor(layers, { width: 641, height: 360 }); // 'high'
 * ```
 */
export function layerFor(layers: readonly SimulcastLayer[], view: VideoDimensions): VideoQuality {
  const usable = layers.length ? layers.slice(0, VIDEO_QUALITIES.length) : DEFAULT_LAYERS;
  if (view.width <= 0 || view.height <= 0) return VIDEO_QUALITIES[0];
  let index = usable.findIndex((l) => l.width >= Math.max(view.width, (view.height * l.width) / l.height) - 0.5);
  if (index < 0) index = usable.length - 1;
  return VIDEO_QUALITIES[index]!;
}

/** `quality` limited to the layers a publisher sends (`high` is `medium` for a two-layer camera). */
export function clampQuality(quality: VideoQuality, layerCount: number): VideoQuality {
  const index = Math.min(VIDEO_QUALITIES.indexOf(quality), Math.max(layerCount, 1) - 1);
  return VIDEO_QUALITIES[index]!;
}

/**
 * The text message a publisher sends on its SFU data channel (relayed by Janus to every subscriber of its feed,
 * which sees it on the channel labelled with the publisher's feed id) to say what its camera's layers are.
 * `room.send()` data travels as binary chunks on the same channel; this is the only text message.
 */
export function layersMessage(layers: readonly SimulcastLayer[]): string {
  return JSON.stringify({ rtcRoomLayers: layers.map((l) => [l.width, l.height]) });
}

/** Reads a {@link layersMessage}; `undefined` for anything else (never throws: it comes from another participant). */
export function parseLayersMessage(text: string): SimulcastLayer[] | undefined {
  if (text.length > 512) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = (value as { rtcRoomLayers?: unknown } | null)?.rtcRoomLayers;
  if (!Array.isArray(list) || list.length < 1 || list.length > VIDEO_QUALITIES.length) return undefined;
  const out: SimulcastLayer[] = [];
  for (const item of list) {
    if (!Array.isArray(item) || item.length !== 2) return undefined;
    const [width, height] = item as unknown[];
    if (!isPixels(width) || !isPixels(height)) return undefined;
    out.push({ width, height });
  }
  return out.sort((a, b) => a.width - b.width);
}

function isPixels(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 16_384;
}
