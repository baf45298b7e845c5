/**
 * The room codec policy's pure parts: codec names, what this browser supports (`RTCRtpReceiver.getCapabilities` /
 * `RTCRtpSender.getCapabilities`, WebRTC 1.0 §5.2/§5.3), the choice of one codec every member can use, and the
 * `RTCRtpTransceiver.setCodecPreferences` list (WebRTC 1.0 §5.4) that makes a connection negotiate it.
 */
import { RtcError } from '../errors/RtcError.js';

/** A video codec of the room policy: VP8 (RFC 7741), H.264 (RFC 6184), VP9 (RFC 9628), AV1 (AOM RTP payload). */
export type VideoCodec = 'vp8' | 'h264' | 'vp9' | 'av1';

/** Every {@link VideoCodec}. */
export const VIDEO_CODECS: readonly VideoCodec[] = ['vp8', 'h264', 'vp9', 'av1'];

/** The default policy: VP8 (every WebRTC browser), then H.264 (Safari's hardware codec), then VP9. AV1 is opt-in. */
export const DEFAULT_VIDEO_CODECS: readonly VideoCodec[] = ['vp8', 'h264', 'vp9'];

/**
 * What one member can do with video, as it announces it (`{ t: 'state', video }` peer payload): the policy codecs
 * its browser decodes, and those it encodes (empty for receive-only `subscriber`s).
 */
export interface VideoCodecSupport {
  readonly decode: readonly VideoCodec[];
  readonly encode: readonly VideoCodec[];
}

/** The policy codec a `video/…` MIME type names, if any (case-insensitive: `video/H264`, `video/h264`). */
export function codecOfMimeType(mimeType: string): VideoCodec | undefined {
  const name = mimeType.toLowerCase().replace(/^video\//, '');
  return (VIDEO_CODECS as readonly string[]).includes(name) ? (name as VideoCodec) : undefined;
}

/**
 * Checks a `videoCodecs` option: a non-empty list of known codecs without repeats. Returns it, or the default.
 * @throws {RtcError} `invalid-argument` otherwise.
 */
export function checkVideoCodecs(list: unknown): readonly VideoCodec[] {
  if (list === undefined) return DEFAULT_VIDEO_CODECS;
  const ok =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((c) => (VIDEO_CODECS as readonly unknown[]).includes(c)) &&
    new Set(list).size === list.length;
  if (!ok) {
    throw RtcError.invalidArgument(`videoCodecs must list, without repeats, some of ${VIDEO_CODECS.map((c) => `"${c}"`).join(', ')}.`);
  }
  return [...(list as VideoCodec[])];
}

/** The policy codecs this browser decodes (`receive`) or encodes (`send`), in policy order. */
export function localCodecs(policy: readonly VideoCodec[], direction: 'send' | 'receive'): VideoCodec[] {
  const api = direction === 'send' ? globalThis.RTCRtpSender : globalThis.RTCRtpReceiver;
  const found = new Set((api?.getCapabilities?.('video')?.codecs ?? []).map((c) => codecOfMimeType(c.mimeType)));
  return policy.filter((c) => found.has(c));
}

/**
 * The room's codec: the first of `policy` that every member decodes and every member that sends encodes. When no
 * codec suits everyone (a member without any policy codec), the policy codec the most members decode (the earlier
 * one on a tie), so most of the room still sees video.
 */
export function chooseVideoCodec(policy: readonly VideoCodec[], members: Iterable<VideoCodecSupport>): VideoCodec {
  const all = [...members];
  const fits = policy.find((c) => all.every((m) => m.decode.includes(c) && (m.encode.length === 0 || m.encode.includes(c))));
  if (fits) return fits;
  const decoders = (c: VideoCodec): number => all.filter((m) => m.decode.includes(c)).length;
  return policy.reduce((best, c) => (decoders(c) > decoders(best) ? c : best), policy[0]!);
}

/** RTX, RED, ULPFEC, FlexFEC: not codecs of their own, kept so the chosen codec keeps its retransmissions. */
const RESILIENCE = /^video\/(rtx|red|ulpfec|flexfec)/i;

/**
 * The `setCodecPreferences` list for a video transceiver: the receiver capabilities of `codec` first, then
 * (`others`: mesh, where each link may fall back) the rest of the policy in order, then RTX/RED/FEC. Codecs outside
 * the policy (AV1 unless opted in, H.265) are left out. `undefined` when this browser has none of them (leave the
 * browser's defaults).
 */
export function codecPreferences(
  codec: VideoCodec,
  policy: readonly VideoCodec[],
  others: boolean,
): RTCRtpCodec[] | undefined {
  const caps = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs ?? [];
  const order = others ? [codec, ...policy.filter((c) => c !== codec)] : [codec];
  const media = order.flatMap((c) => caps.filter((cap) => codecOfMimeType(cap.mimeType) === c));
  if (media.length === 0) return undefined;
  return [...media, ...caps.filter((cap) => RESILIENCE.test(cap.mimeType))];
}

/**
 * Applies {@link codecPreferences} to the video transceivers among `transceivers` that are not stopped and not in
 * `done` (then adds them to it: a published stream keeps its first codec). Browsers without `setCodecPreferences`,
 * or that refuse the list, keep their defaults (offer/answer still finds a common codec).
 */
export function preferVideoCodec(
  transceivers: readonly RTCRtpTransceiver[],
  choice: { readonly current: VideoCodec; readonly policy: readonly VideoCodec[] },
  others: boolean,
  done?: WeakSet<RTCRtpTransceiver>,
): void {
  const list = codecPreferences(choice.current, choice.policy, others);
  for (const t of transceivers) {
    if (t.currentDirection === 'stopped' || t.receiver.track.kind !== 'video' || done?.has(t)) continue;
    done?.add(t);
    if (!list || !t.setCodecPreferences) continue;
    try {
      t.setCodecPreferences(list);
    } catch {
      // InvalidModificationError: a codec the browser does not accept here; its defaults apply.
    }
  }
}
