import type { ParticipantStats } from '../stats/types.js';
import type { ConnectionQuality, ConnectionQualityReason, ConnectionQualityReport } from './types.js';

/** Score above which the quality is `good` (LiveKit: "excellent" above 80). */
export const GOOD_SCORE = 80;
/** Score above which the quality is `fair` (LiveKit: "good" above 40); `poor` at or below it. */
export const FAIR_SCORE = 40;
/** Points one percent of packet loss costs: 4 % loss is the edge of `good`, 12 % the edge of `poor`. */
export const LOSS_WEIGHT = 5;
/** A better score moves the smoothed one 40 % of the way up; a worse one 70 % down (LiveKit's factors). */
const INCREASE = 0.4;
const DECREASE = 0.7;
/** The smoothed score never goes below this while media arrives, so recovery takes a few intervals, not dozens. */
const MIN_SCORE = 20;

/** What the scorer needs to know besides the stats. @internal */
export interface ScoreInput {
  /** The connection's `RTCPeerConnection.connectionState`. */
  readonly connectionState: RTCPeerConnectionState | undefined;
  /** Whether the participant sends audio (an unmuted microphone): then silence means `no-media`. */
  readonly expectsMedia: boolean;
  /**
   * The bitrate this participant's media reached recently while its camera was on, in kbps: the bitrate score
   * compares with it (a sender's target is not visible from here). `0` (no camera on) leaves the bitrate out.
   */
  readonly expectedKbps: number;
}

/** The raw score of one interval and what lowered it the most. @internal */
export interface RawScore {
  readonly score: number;
  readonly reason: ConnectionQualityReason | null;
}

/** Maps a score (0–100) to a level; `lost` is never a score's, only an absence's. */
export function qualityForScore(score: number): Exclude<ConnectionQuality, 'lost'> {
  if (score > GOOD_SCORE) return 'good';
  if (score > FAIR_SCORE) return 'fair';
  return 'poor';
}

/**
 * Scores one interval of stats, 0–100, with the simplified E-model LiveKit's server uses
 * (livekit/livekit `pkg/sfu/connectionquality/scorer.go`): effective delay d = RTT / 2 + 2 × jitter (ms);
 * delay effect d / 40 up to 160 ms, (d − 120) / 10 beyond; loss effect = loss % × {@link LOSS_WEIGHT};
 * packet score = 100 − both. While a camera is on, a bitrate score 100 − 20 × ln(expected / actual) (expected:
 * the recent highest rate, see `QualityTracking`; `fair` below ~1/2.7 of it, `poor` below ~1/20: a collapse, as when
 * congestion control backs off) may be lower and wins.
 * Returns `null` when the stats carry no rates yet (first report) — nothing to judge.
 */
export function rawScore(stats: ParticipantStats, input: ScoreInput): RawScore | null {
  if (input.connectionState === 'disconnected' || input.connectionState === 'failed') {
    return { score: 0, reason: 'disconnected' };
  }
  const kbps = stats.inboundBitrateKbps;
  if (kbps === null) return null;
  if (kbps === 0) return input.expectsMedia ? { score: 0, reason: 'no-media' } : null;
  const rtt = stats.roundTripTimeMs ?? 0;
  const jitter = stats.jitterMs ?? 0;
  const delay = rtt / 2 + 2 * jitter;
  const delayEffect = delay > 160 ? (delay - 120) / 10 : delay / 40;
  const lossEffect = (stats.packetLossPercent ?? 0) * LOSS_WEIGHT;
  const packet = Math.max(0, 100 - delayEffect - lossEffect);
  const bitrate = input.expectedKbps > 0 ? Math.min(100, Math.max(0, 100 - 20 * Math.log(input.expectedKbps / kbps))) : 100;
  const score = Math.min(packet, bitrate);
  let reason: ConnectionQualityReason;
  if (bitrate < packet) reason = 'bitrate';
  else if (lossEffect >= delayEffect) reason = 'packet-loss';
  else reason = rtt / 2 >= 2 * jitter ? 'round-trip-time' : 'jitter';
  return { score, reason };
}

/**
 * Folds one interval into the smoothed score (falls fast, rises slowly) and builds the report. `previous` is the
 * last report (`undefined` at first: the raw score is taken as is; after `lost`, recovery starts from the floor
 * of 20, so it takes three good intervals to be `good` again).
 * @internal
 */
export function nextReport(
  participantId: string,
  raw: RawScore,
  previous: Pick<ConnectionQualityReport, 'score' | 'reason'> | undefined,
  stats: Pick<ParticipantStats, 'packetLossPercent' | 'roundTripTimeMs' | 'jitterMs' | 'inboundBitrateKbps' | 'timestamp'>,
): ConnectionQualityReport {
  const lost = raw.reason === 'no-media' || raw.reason === 'disconnected';
  let score = 0;
  if (!lost) {
    const base = previous === undefined ? raw.score : Math.max(MIN_SCORE, previous.score);
    const factor = raw.score < base ? DECREASE : INCREASE;
    score = previous === undefined ? raw.score : Math.max(MIN_SCORE, factor * raw.score + (1 - factor) * base);
  }
  const quality: ConnectionQuality = lost ? 'lost' : qualityForScore(score);
  // Still recovering (this interval was good, the smoothed score is not yet): the cause is the earlier one.
  const recovering = raw.score > GOOD_SCORE && previous?.reason !== null && previous?.reason !== undefined;
  return {
    participantId,
    quality,
    reason: quality === 'good' ? null : recovering ? (previous?.reason ?? raw.reason) : raw.reason,
    score: Math.round(score),
    packetLossPercent: stats.packetLossPercent,
    roundTripTimeMs: stats.roundTripTimeMs,
    jitterMs: stats.jitterMs,
    bitrateKbps: stats.inboundBitrateKbps,
    timestamp: stats.timestamp,
  };
}
