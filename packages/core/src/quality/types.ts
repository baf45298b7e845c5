/**
 * How well media reaches this side from a participant (or, for the local participant, how well this side's own
 * network carries the call), in four levels, after LiveKit's `ConnectionQuality` (livekit/client-sdk-js):
 * - `good`: no audible or visible impairment (score above 80);
 * - `fair`: impaired but usable, e.g. 4–12 % loss or a long round trip (score 41–80);
 * - `poor`: hard to follow (score 40 or less);
 * - `lost`: no media arrives although some is expected, or the connection is `disconnected` / `failed`.
 */
export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'lost';

/**
 * What lowered the quality the most: inbound `packet-loss` (RFC 3550 §6.4.1 cumulative lost / expected, over the
 * last interval), `round-trip-time` (the selected ICE candidate pair's), `jitter` (RFC 3550 §6.4.1 interarrival
 * jitter), a `bitrate` far below what video needs, `no-media` (nothing received while a track is on) or
 * `disconnected` (the peer connection is `disconnected` or `failed`). `null` while the quality is `good`.
 */
export type ConnectionQualityReason =
  | 'packet-loss'
  | 'round-trip-time'
  | 'jitter'
  | 'bitrate'
  | 'no-media'
  | 'disconnected';

/**
 * One participant's connection quality and the figures it was judged from (W3C webrtc-stats, normalized as in
 * `ParticipantStats`). Figures the browser did not report are `null`.
 */
export interface ConnectionQualityReport {
  /** The participant it describes (the local participant's id for this side's own quality). */
  readonly participantId: string;
  /** The level. */
  readonly quality: ConnectionQuality;
  /** What lowered it the most; `null` while `good`. */
  readonly reason: ConnectionQualityReason | null;
  /**
   * The smoothed score, 0–100: a simplified ITU-T G.107 E-model R factor, as LiveKit's server scores connections
   * (100 − delay effect − loss effect, the lower of that and the bitrate score). `0` when `lost`.
   */
  readonly score: number;
  /** Inbound packets lost over the last interval, audio and video together, in percent (0–100). */
  readonly packetLossPercent: number | null;
  /** Round-trip time of the selected ICE candidate pair, in ms. */
  readonly roundTripTimeMs: number | null;
  /** Inbound interarrival jitter (RFC 3550 §6.4.1), the larger of audio and video, in ms. */
  readonly jitterMs: number | null;
  /** Inbound media bitrate over the last interval, in kbps (1000 bit/s). */
  readonly bitrateKbps: number | null;
  /** When it was measured, in ms since the Unix epoch. */
  readonly timestamp: number;
}
