import { normalizeStats } from './normalize.js';
import type { StatsSource } from '../transport/Transport.js';
import type { ParticipantStats } from './types.js';

type Connections = () => ReadonlyArray<readonly [string, StatsSource | undefined]>;

/**
 * Collects normalized stats from each remote participant's connection and, while started, polls them.
 * Keeps each connection's previous report to compute rates.
 * @internal
 */
export class StatsPoller {
  private readonly previous = new Map<string, RTCStatsReport>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private users = 0;
  private intervalMs = 1000;

  constructor(
    private readonly connections: Connections,
    private readonly onStats: (stats: ReadonlyMap<string, ParticipantStats>) => void,
  ) {}

  async collect(): Promise<Map<string, ParticipantStats>> {
    const out = new Map<string, ParticipantStats>();
    await Promise.all(
      this.connections().map(async ([id, pc]) => {
        if (!pc || pc.connectionState === 'closed') return;
        const report = await pc.getStats();
        out.set(id, normalizeStats(id, report, this.previous.get(id)));
        this.previous.set(id, report);
      }),
    );
    return out;
  }

  /** Stats of one connection, without touching the rate baseline of the polled snapshots. */
  async snapshot(id: string): Promise<ParticipantStats | undefined> {
    const pc = this.connections().find(([peerId]) => peerId === id)?.[1];
    if (!pc || pc.connectionState === 'closed') return undefined;
    return normalizeStats(id, await pc.getStats(), undefined);
  }

  start(intervalMs: number): () => void {
    this.users += 1;
    if (this.timer === undefined || intervalMs < this.intervalMs) {
      clearInterval(this.timer);
      this.intervalMs = Math.max(100, intervalMs);
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.users -= 1;
      if (this.users <= 0) this.stop();
    };
  }

  forget(id: string): void {
    this.previous.delete(id);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.users = 0;
    this.previous.clear();
  }

  private async tick(): Promise<void> {
    try {
      this.onStats(await this.collect());
    } catch {
      // A connection closed mid-collection; the next tick will do.
    }
  }
}
