import { expect } from '@open-wc/testing';
import { normalizeStats } from './normalize.js';

/** Builds a stand-in for an RTCStatsReport (a maplike of webrtc-stats dictionaries). */
function report(entries: Array<Record<string, unknown>>): RTCStatsReport {
  return new Map(entries.map((e) => [e['id'] as string, e])) as unknown as RTCStatsReport;
}

function snapshot(t: number, bytesIn: number, bytesOut: number, lost: number, received: number, energy = 0, duration = 0): RTCStatsReport {
  return report([
    { id: 'T', type: 'transport', timestamp: t, selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', timestamp: t, localCandidateId: 'L', remoteCandidateId: 'R', currentRoundTripTime: 0.042 },
    { id: 'L', type: 'local-candidate', timestamp: t, candidateType: 'relay' },
    { id: 'R', type: 'remote-candidate', timestamp: t, candidateType: 'srflx' },
    { id: 'CV', type: 'codec', timestamp: t, mimeType: 'video/VP8' },
    { id: 'CA', type: 'codec', timestamp: t, mimeType: 'audio/opus' },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: t, codecId: 'CV', bytesReceived: bytesIn, packetsLost: lost, packetsReceived: received, jitter: 0.005, framesPerSecond: 30, frameWidth: 1280, frameHeight: 720, framesDecoded: 300 },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp: t, codecId: 'CA', bytesReceived: 0, packetsLost: 0, packetsReceived: 0, jitter: 0.012, audioLevel: 0.5, totalAudioEnergy: energy, totalSamplesDuration: duration },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', timestamp: t, bytesSent: bytesOut },
  ]);
}

describe('normalizeStats', () => {
  it('converts units: seconds to ms, byte deltas to kbps, loss over the interval to percent', () => {
    const first = snapshot(1_700_000_000_000, 100_000, 50_000, 10, 990);
    const second = snapshot(1_700_000_002_000, 350_000, 300_000, 20, 1980); // 2 s later
    const s = normalizeStats('p1', second, first);
    expect(s.participantId).to.equal('p1');
    expect(s.timestamp).to.equal(1_700_000_002_000);
    expect(s.roundTripTimeMs).to.be.closeTo(42, 1e-9);
    expect(s.jitterMs).to.be.closeTo(12, 1e-9); // the larger of audio (12 ms) and video (5 ms)
    expect(s.inboundBitrateKbps).to.be.closeTo(1000, 1e-9); // 250 000 B * 8 / 2 s = 1 000 000 bit/s
    expect(s.outboundBitrateKbps).to.be.closeTo(1000, 1e-9);
    expect(s.packetLossPercent).to.be.closeTo(1, 1e-9); // 10 lost of 1000 expected
    expect([s.framesPerSecond, s.frameWidth, s.frameHeight, s.framesDecoded]).to.deep.equal([30, 1280, 720, 300]);
    expect([s.videoCodec, s.audioCodec]).to.deep.equal(['video/VP8', 'audio/opus']);
    expect([s.localCandidateType, s.remoteCandidateType, s.candidateType]).to.deep.equal(['relay', 'srflx', 'relay']);
  });

  it('gives the audio level over the interval (RMS from totalAudioEnergy / totalSamplesDuration), else the instant one', () => {
    const first = snapshot(1_000, 0, 0, 0, 0, 1, 10);
    const second = snapshot(3_000, 0, 0, 0, 0, 1.02, 12); // 0.02 energy over 2 s: mean square 0.01, RMS 0.1
    expect(normalizeStats('p1', second, first).audioLevel).to.be.closeTo(0.1, 1e-9);
    expect(normalizeStats('p1', second, undefined).audioLevel).to.equal(0.5);
    expect(normalizeStats('p1', report([{ id: 'X', type: 'peer-connection', timestamp: 5 }]), undefined).audioLevel).to.equal(null);
  });

  it('reports null rates without a previous report, and nulls for what the browser did not report', () => {
    const s = normalizeStats('p1', report([{ id: 'X', type: 'peer-connection', timestamp: 5 }]), undefined);
    expect(s.inboundBitrateKbps).to.equal(null);
    expect(s.outboundBitrateKbps).to.equal(null);
    expect(s.roundTripTimeMs).to.equal(null);
    expect(s.packetLossPercent).to.equal(null);
    expect(s.candidateType).to.equal(null);
    expect(s.videoCodec).to.equal(null);
  });

  it('falls back to the nominated succeeded pair when no transport names one', () => {
    const s = normalizeStats(
      'p1',
      report([
        { id: 'P0', type: 'candidate-pair', timestamp: 1, nominated: false, state: 'failed', localCandidateId: 'L0' },
        { id: 'P1', type: 'candidate-pair', timestamp: 1, nominated: true, state: 'succeeded', localCandidateId: 'L1', remoteCandidateId: 'R1' },
        { id: 'L0', type: 'local-candidate', timestamp: 1, candidateType: 'relay' },
        { id: 'L1', type: 'local-candidate', timestamp: 1, candidateType: 'host' },
        { id: 'R1', type: 'remote-candidate', timestamp: 1, candidateType: 'prflx' },
      ]),
      undefined,
    );
    expect([s.localCandidateType, s.remoteCandidateType, s.candidateType]).to.deep.equal(['host', 'prflx', 'host']);
  });
});
