import { expect } from '@open-wc/testing';
import type { ParticipantStats } from '../stats/types.js';
import { nextReport, qualityForScore, rawScore, type ScoreInput } from './score.js';

/** Normalized stats of one interval with the figures the scorer reads (the rest as a browser leaves them). */
function stats(figures: { loss?: number; rtt?: number; jitter?: number; kbps?: number | null }): ParticipantStats {
  return {
    participantId: 'p1',
    timestamp: 1_700_000_000_000,
    roundTripTimeMs: figures.rtt ?? 20,
    jitterMs: figures.jitter ?? 5,
    packetLossPercent: figures.loss ?? 0,
    inboundBitrateKbps: figures.kbps === undefined ? 400 : figures.kbps,
    outboundBitrateKbps: 400,
    framesPerSecond: 30,
    frameWidth: 640,
    frameHeight: 480,
    framesDecoded: 300,
    videoCodec: 'video/VP8',
    audioCodec: 'audio/opus',
    audioLevel: 0.1,
    localCandidateType: 'host',
    remoteCandidateType: 'host',
    candidateType: 'host',
  };
}

const media: ScoreInput = { connectionState: 'connected', expectsMedia: true, expectedKbps: 0 };

/** The level after `n` equal intervals, starting from nothing. */
function after(n: number, s: ParticipantStats, input = media): ReturnType<typeof nextReport> {
  let report: ReturnType<typeof nextReport> | undefined;
  for (let i = 0; i < n; i++) report = nextReport('p1', rawScore(s, input)!, report, s);
  return report!;
}

describe('connection quality score', () => {
  it('maps scores to levels at 80 and 40', () => {
    expect([qualityForScore(100), qualityForScore(80.1), qualityForScore(80), qualityForScore(40.1), qualityForScore(40)]).to.deep.equal([
      'good',
      'good',
      'fair',
      'fair',
      'poor',
    ]);
  });

  it('is good on a healthy path and carries the figures', () => {
    const report = after(1, stats({}));
    expect(report.quality).to.equal('good');
    expect(report.reason).to.equal(null);
    expect(report.score).to.be.above(95);
    expect([report.packetLossPercent, report.roundTripTimeMs, report.jitterMs, report.bitrateKbps]).to.deep.equal([0, 20, 5, 400]);
  });

  it('falls to fair at 6 % loss and to poor at 15 %, naming packet loss', () => {
    expect(after(5, stats({ loss: 6 }))).to.include({ quality: 'fair', reason: 'packet-loss' });
    expect(after(5, stats({ loss: 15 }))).to.include({ quality: 'poor', reason: 'packet-loss' });
  });

  it('names the round trip or the jitter when delay costs the most (E-model: beyond 160 ms effective delay)', () => {
    // d = 600 / 2 + 2 × 5 = 310 ms → effect 19; 1000 ms → d = 510 → 39 (fair).
    expect(after(5, stats({ rtt: 600 }))).to.include({ quality: 'good' });
    expect(after(5, stats({ rtt: 1000 }))).to.include({ quality: 'fair', reason: 'round-trip-time' });
    expect(after(5, stats({ jitter: 400 }))).to.include({ quality: 'poor', reason: 'jitter' });
  });

  it('compares the bitrate with the recent peak only while a camera is on', () => {
    const collapsed = stats({ kbps: 10 });
    expect(after(5, collapsed, { ...media, expectedKbps: 400 })).to.include({ quality: 'poor', reason: 'bitrate' });
    expect(after(5, stats({ kbps: 100 }), { ...media, expectedKbps: 400 })).to.include({ quality: 'fair', reason: 'bitrate' });
    expect(after(5, collapsed).quality, 'no camera: a low rate is no fault').to.equal('good');
  });

  it('is lost when nothing arrives while a track is on, or the connection failed; silent when nothing is expected', () => {
    expect(after(1, stats({ kbps: 0 }))).to.include({ quality: 'lost', reason: 'no-media', score: 0 });
    expect(after(1, stats({}), { ...media, connectionState: 'disconnected' })).to.include({ quality: 'lost', reason: 'disconnected' });
    expect(rawScore(stats({ kbps: 0 }), { ...media, expectsMedia: false })).to.equal(null);
    expect(rawScore(stats({ kbps: null }), media), 'no rates yet (first report)').to.equal(null);
  });

  it('drops fast and recovers in three good intervals after lost, keeping the cause while recovering', () => {
    const good = stats({});
    let report = nextReport('p1', rawScore(good, media)!, undefined, good);
    const lost = stats({ kbps: 0 });
    report = nextReport('p1', rawScore(lost, media)!, report, lost);
    expect(report.quality).to.equal('lost');
    const levels: string[] = [];
    const reasons: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      report = nextReport('p1', rawScore(good, media)!, report, good);
      levels.push(report.quality);
      reasons.push(report.reason);
    }
    expect(levels).to.deep.equal(['fair', 'fair', 'good']);
    expect(reasons).to.deep.equal(['no-media', 'no-media', null]);
    // One bad interval (15 % loss) from good: 70 % of the way down at once.
    report = nextReport('p1', rawScore(stats({ loss: 15 }), media)!, report, good);
    expect(report.quality).to.equal('fair');
  });
});
