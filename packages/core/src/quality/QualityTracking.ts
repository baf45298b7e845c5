import type { Participant } from '../participants/Participant.js';
import type { StatsPoller } from '../stats/StatsPoller.js';
import type { ParticipantStats } from '../stats/types.js';
import { nextReport, rawScore, type ScoreInput } from './score.js';
import type { ConnectionQualityReport } from './types.js';

/** How often connection quality is measured, in ms (LiveKit's server scores every few seconds; one is enough here). */
export const QUALITY_INTERVAL_MS = 1000;

/**
 * Per interval, the remembered peak bitrate shrinks to this share of itself unless matched: a lasting lower rate
 * (a still scene, a smaller layer) becomes the new normal within seconds; a collapse still shows.
 */
const PEAK_DECAY = 0.85;

/** A change worth an event: another level or another reason. */
function differs(report: ConnectionQualityReport, previous: ConnectionQualityReport | undefined): boolean {
  return report.quality !== previous?.quality || report.reason !== previous.reason;
}

/** What {@link QualityTracking} needs of its `Room`. @internal */
export interface QualityHost {
  /** The local participant (its quality is the best of its connections'). */
  local(): Participant;
  /** A remote participant by id. */
  remote(id: string): Participant | undefined;
  /** The `connectionState` of the connection to `id`. */
  connectionState(id: string): RTCPeerConnectionState | undefined;
  /** A participant's level changed. */
  changed(report: ConnectionQualityReport, participant: Participant): void;
}

/**
 * Scores every remote participant's connection from polled stats (see `score.ts`), smooths it, keeps the last
 * report of each, and reports changes of level or reason. The local participant's quality is that of its best connection:
 * what every connection suffers from is this side's own network; what only one suffers from is the other's.
 * @internal
 */
export class QualityTracking {
  private readonly reports = new Map<string, ConnectionQualityReport>();
  private localReport: ConnectionQualityReport | undefined;
  /** Participants media has arrived from: before the first bytes, silence is a call starting, not a loss. */
  private readonly flowing = new Set<string>();
  /** Recent highest inbound bitrate per participant while its camera is on, in kbps (decays by {@link PEAK_DECAY}). */
  private readonly peakKbps = new Map<string, number>();

  constructor(
    private readonly stats: StatsPoller,
    private readonly host: QualityHost,
  ) {}

  /** The last report of participant `id` (the local one's for its own id), if measured. */
  get(id: string): ConnectionQualityReport | undefined {
    return id !== '' && id === this.host.local().id ? this.localReport : this.reports.get(id);
  }

  /** Measures every {@link QUALITY_INTERVAL_MS} until the returned function is called. */
  start(): () => void {
    return this.stats.start(QUALITY_INTERVAL_MS, (stats) => this.update(stats));
  }

  /** `id` left. */
  forget(id: string): void {
    this.reports.delete(id);
    this.peakKbps.delete(id);
    this.flowing.delete(id);
  }

  /** The call ended: forget everything. */
  clear(): void {
    this.reports.clear();
    this.peakKbps.clear();
    this.flowing.clear();
    this.localReport = undefined;
    this.host.local().setConnectionQuality(null);
  }

  /** Folds one round of stats in. Exposed for the scorer's tests. */
  update(stats: ReadonlyMap<string, ParticipantStats>): void {
    for (const [id, s] of stats) {
      const participant = this.host.remote(id);
      if (!participant) continue;
      const raw = rawScore(s, this.input(id, participant, s.inboundBitrateKbps));
      if (!raw) continue;
      const previous = this.reports.get(id);
      const report = nextReport(id, raw, previous, s);
      this.reports.set(id, report);
      participant.setConnectionQuality(report);
      if (differs(report, previous)) this.host.changed(report, participant);
    }
    this.updateLocal();
  }

  /** Silence is `no-media` only while a track is on, once media flowed; bitrate counts only while the camera is on. */
  private input(id: string, participant: Participant, kbps: number | null): ScoreInput {
    const screen = participant.screenTrack;
    const camera = participant.isCameraEnabled;
    // The peak to compare with: only while the camera is on (the screen's rate follows its content).
    const expectedKbps = camera ? (this.peakKbps.get(id) ?? 0) : 0;
    if (kbps !== null && kbps > 0) this.flowing.add(id);
    if (!camera) this.peakKbps.delete(id);
    else if (kbps !== null && kbps > 0) this.peakKbps.set(id, Math.max(kbps, expectedKbps * PEAK_DECAY));
    return {
      connectionState: this.host.connectionState(id),
      expectsMedia: this.flowing.has(id) && (camera || participant.isMicrophoneEnabled || (screen !== undefined && !screen.muted)),
      expectedKbps,
    };
  }

  private updateLocal(): void {
    const local = this.host.local();
    let best: ConnectionQualityReport | undefined;
    for (const report of this.reports.values()) {
      if (!best || report.score > best.score || (report.score === best.score && report.quality !== 'lost')) best = report;
    }
    if (!best) return;
    const previous = this.localReport;
    this.localReport = { ...best, participantId: local.id };
    local.setConnectionQuality(this.localReport);
    if (differs(this.localReport, previous)) this.host.changed(this.localReport, local);
  }
}
