/** What stats and liveness checks read of a participant's connection (an `RTCPeerConnection` is one). */
export interface StatsSource {
  readonly connectionState: RTCPeerConnectionState;
  getStats(): Promise<RTCStatsReport>;
}

/** ICE candidate type (RFC 8445 §5.1.1): `host`, server-reflexive, peer-reflexive or TURN relay. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/**
 * Normalized statistics of the connection to one remote participant, derived from two successive
 * `RTCPeerConnection.getStats()` reports (W3C webrtc-stats). Any value the browser did not report is `null`.
 */
export interface ParticipantStats {
  /** The remote participant these stats describe. */
  readonly participantId: string;
  /** When the report was taken, in ms since the Unix epoch. */
  readonly timestamp: number;
  /** Round-trip time of the selected ICE candidate pair (`currentRoundTripTime`), in ms. */
  readonly roundTripTimeMs: number | null;
  /** Inbound jitter, the larger of audio and video (`inbound-rtp.jitter`), in ms. */
  readonly jitterMs: number | null;
  /** Inbound packets lost over the last interval, audio and video together, in percent (0–100). */
  readonly packetLossPercent: number | null;
  /** Inbound media bitrate over the last interval (all `inbound-rtp` `bytesReceived`), in kbps (1000 bit/s). */
  readonly inboundBitrateKbps: number | null;
  /** Outbound media bitrate over the last interval (all `outbound-rtp` `bytesSent`), in kbps. */
  readonly outboundBitrateKbps: number | null;
  /** Decoded frames per second of the inbound video. */
  readonly framesPerSecond: number | null;
  /** Inbound video frame width in pixels. */
  readonly frameWidth: number | null;
  /** Inbound video frame height in pixels. */
  readonly frameHeight: number | null;
  /** Total inbound video frames decoded so far. */
  readonly framesDecoded: number | null;
  /**
   * Inbound video codec MIME type, e.g. `video/VP8` or `video/H264`: the `codec` report (webrtc-stats
   * `RTCCodecStats.mimeType`) that the `inbound-rtp` video's `codecId` names. Follows the room codec policy
   * (`room.videoCodec`) once the connection renegotiated.
   */
  readonly videoCodec: string | null;
  /** Inbound audio codec MIME type, e.g. `audio/opus`. */
  readonly audioCodec: string | null;
  /**
   * Inbound audio level, 0–1 (linear; 1 = full scale): the RMS over the last interval, from `inbound-rtp`
   * `totalAudioEnergy` / `totalSamplesDuration` (webrtc-stats), or the instant `audioLevel` without a previous
   * report. Browsers measure it on audio that is played: Chromium reports 0 for a remote track no element plays.
   */
  readonly audioLevel: number | null;
  /** Type of the local candidate of the selected pair. */
  readonly localCandidateType: CandidateType | null;
  /** Type of the remote candidate of the selected pair. */
  readonly remoteCandidateType: CandidateType | null;
  /**
   * The path as a user would describe it: `relay` if either end is relayed, otherwise the local candidate type.
   */
  readonly candidateType: CandidateType | null;
}
