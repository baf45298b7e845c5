import type { StatsPoller } from '../stats/StatsPoller.js';
import type { Transport } from '../transport/Transport.js';
import { ActiveSpeaker } from './ActiveSpeaker.js';
import type { Roster } from './Roster.js';

/** How often mesh rooms sample audio levels for the active speaker, in ms. */
const LEVEL_INTERVAL_MS = 250;

/**
 * Who speaks: from the media server's talking events in SFU rooms, from sampled audio levels while media flows
 * peer to peer. A participant whose microphone is announced off never counts as speaking.
 * @internal
 */
export class SpeakerTracking {
  readonly speaker: ActiveSpeaker;

  constructor(
    private readonly roster: Roster,
    private readonly stats: StatsPoller,
    private readonly transport: () => Transport | undefined,
    onChange: (id: string | null) => void,
  ) {
    this.speaker = new ActiveSpeaker(onChange);
  }

  /** The SFU said `id` started or stopped talking. */
  talking(id: string, talking: boolean): void {
    this.speaker.talking(id, talking && !this.roster.micMuted(id));
  }

  /** Samples audio levels (mesh) until the returned function is called. */
  sampleLevels(): () => void {
    return this.stats.start(
      LEVEL_INTERVAL_MS,
      (stats) => {
        if (!this.wantsLevels()) return;
        for (const [id, s] of stats) this.speaker.level(id, this.roster.micMuted(id) ? 0 : (s.audioLevel ?? 0));
      },
      () => this.wantsLevels(),
    );
  }

  /** Levels are sampled while media flows peer to peer (not while an `auto` room is on the SFU). */
  private wantsLevels(): boolean {
    const transport = this.transport();
    return this.roster.participants.size > 0 && transport !== undefined && transport.topology !== 'sfu';
  }
}
