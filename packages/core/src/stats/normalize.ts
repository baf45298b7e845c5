import type { CandidateType, ParticipantStats } from './types.js';

/** The subset of webrtc-stats dictionaries (W3C webrtc-stats §7) that normalization reads. */
interface StatsEntry {
  id: string;
  type: string;
  timestamp: number;
  kind?: string;
  bytesReceived?: number;
  bytesSent?: number;
  packetsReceived?: number;
  packetsLost?: number;
  jitter?: number;
  framesPerSecond?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesDecoded?: number;
  audioLevel?: number;
  totalAudioEnergy?: number;
  totalSamplesDuration?: number;
  codecId?: string;
  mimeType?: string;
  currentRoundTripTime?: number;
  localCandidateId?: string;
  remoteCandidateId?: string;
  candidateType?: string;
  selectedCandidatePairId?: string;
  nominated?: boolean;
  state?: string;
}

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);

function entries(report: RTCStatsReport): StatsEntry[] {
  const out: StatsEntry[] = [];
  report.forEach((value: StatsEntry) => out.push(value));
  return out;
}

function sum(list: StatsEntry[], key: 'bytesReceived' | 'bytesSent' | 'packetsReceived' | 'packetsLost'): number {
  return list.reduce((acc, s) => acc + (s[key] ?? 0), 0);
}

/** Finds the selected candidate pair: via `transport.selectedCandidatePairId`, else a nominated succeeded pair. */
function selectedPair(all: StatsEntry[], byId: Map<string, StatsEntry>): StatsEntry | undefined {
  for (const t of all) {
    if (t.type === 'transport' && t.selectedCandidatePairId) {
      const pair = byId.get(t.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  return all.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
}

function candidateType(entry: StatsEntry | undefined): CandidateType | null {
  const t = entry?.candidateType;
  return t !== undefined && CANDIDATE_TYPES.has(t) ? (t as CandidateType) : null;
}

/**
 * Turns one peer connection's `getStats()` report (and the previous one, for rates) into
 * {@link ParticipantStats}. Rates are `null` when there is no previous report.
 *
 * Units: `jitter` and `currentRoundTripTime` are seconds in webrtc-stats and become ms here; byte counters
 * become kbps (1 kbps = 1000 bit/s) over the interval between the two reports' timestamps.
 */
export function normalizeStats(
  participantId: string,
  report: RTCStatsReport,
  previous: RTCStatsReport | undefined,
): ParticipantStats {
  const all = entries(report);
  const byId = new Map(all.map((s) => [s.id, s]));
  const prevAll = previous ? entries(previous) : [];
  const inbound = all.filter((s) => s.type === 'inbound-rtp');
  const outbound = all.filter((s) => s.type === 'outbound-rtp');
  const prevInbound = prevAll.filter((s) => s.type === 'inbound-rtp');
  const prevOutbound = prevAll.filter((s) => s.type === 'outbound-rtp');
  const video = inbound.find((s) => s.kind === 'video');
  const audio = inbound.find((s) => s.kind === 'audio');

  const now = Math.max(0, ...all.map((s) => s.timestamp));
  const then = Math.max(0, ...prevAll.map((s) => s.timestamp));
  const seconds = previous && now > then ? (now - then) / 1000 : 0;
  const kbps = (bytes: number): number | null => (seconds > 0 ? Math.max(0, (bytes * 8) / 1000 / seconds) : null);

  let packetLossPercent: number | null = null;
  if (inbound.length > 0) {
    const lost = sum(inbound, 'packetsLost') - (previous ? sum(prevInbound, 'packetsLost') : 0);
    const received = sum(inbound, 'packetsReceived') - (previous ? sum(prevInbound, 'packetsReceived') : 0);
    const expected = lost + received;
    packetLossPercent = expected > 0 ? Math.max(0, (lost / expected) * 100) : 0;
  }

  // Audio level over the interval (webrtc-stats: RMS from the energy and duration counters), else the instant one.
  const prevAudio = prevInbound.find((s) => s.kind === 'audio');
  const energy = (audio?.totalAudioEnergy ?? 0) - (prevAudio?.totalAudioEnergy ?? 0);
  const duration = (audio?.totalSamplesDuration ?? 0) - (prevAudio?.totalSamplesDuration ?? 0);
  const audioLevel = prevAudio && duration > 0 ? Math.sqrt(Math.max(0, energy) / duration) : (audio?.audioLevel ?? null);

  const jitters = inbound.map((s) => s.jitter).filter((j): j is number => typeof j === 'number');
  const pair = selectedPair(all, byId);
  const local = pair?.localCandidateId ? byId.get(pair.localCandidateId) : undefined;
  const remote = pair?.remoteCandidateId ? byId.get(pair.remoteCandidateId) : undefined;
  const localType = candidateType(local);
  const remoteType = candidateType(remote);
  const codec = (s: StatsEntry | undefined): string | null =>
    (s?.codecId ? byId.get(s.codecId)?.mimeType : undefined) ?? null;

  return {
    participantId,
    // Chromium reports epoch ms; the spec says relative to the time origin. Accept both.
    timestamp: now > 1e12 ? now : performance.timeOrigin + now,
    roundTripTimeMs: typeof pair?.currentRoundTripTime === 'number' ? pair.currentRoundTripTime * 1000 : null,
    jitterMs: jitters.length > 0 ? Math.max(...jitters) * 1000 : null,
    packetLossPercent,
    inboundBitrateKbps: kbps(sum(inbound, 'bytesReceived') - sum(prevInbound, 'bytesReceived')),
    outboundBitrateKbps: kbps(sum(outbound, 'bytesSent') - sum(prevOutbound, 'bytesSent')),
    framesPerSecond: video?.framesPerSecond ?? null,
    frameWidth: video?.frameWidth ?? null,
    frameHeight: video?.frameHeight ?? null,
    framesDecoded: video?.framesDecoded ?? null,
    videoCodec: codec(video),
    audioCodec: codec(audio),
    audioLevel,
    localCandidateType: localType,
    remoteCandidateType: remoteType,
    candidateType: localType === 'relay' || remoteType === 'relay' ? 'relay' : localType,
  };
}
