import { loadLazy } from '../errors/load-lazy.js';
import { statsUnlessClosed } from './stats-unless-closed.js';
import type { StatsSource } from './types.js';
import type { ParticipantStats } from './types.js';

type Connections = () => ReadonlyArray<readonly [string, StatsSource | undefined]>;
/** The stats normalizer is a lazy chunk: a call that never reads stats (or levels, or quality) never fetches it. */
const normalizer = () => loadLazy(import('./normalize.js'), 'Stats (getStats(), activeSpeakerChanged, connectionQualityChanged)');

type StatsListener = (stats: ReadonlyMap<string, ParticipantStats>) => void;

/** One polling user: its own interval and listener; `wanted` may pause it (no `getStats` while false). */
interface Subscriber {
  every: number;
  due: number;
  onStats: StatsListener;
  wanted: (() => boolean) | undefined;
}

/**
 * Collects normalized stats from each remote participant's connection and, while started, polls them: one timer
 * and one `getStats()` per connection per tick, however many users poll, each served at its own interval.
 * Keeps each connection's previous report to compute rates.
 * @internal
 */
export class StatsPoller {
  private readonly previous = new Map<string, RTCStatsReport>();
  private readonly subscribers = new Set<Subscriber>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly connections: Connections,
    private readonly onStats: StatsListener,
  ) {}

  async collect(): Promise<Map<string, ParticipantStats>> {
    const out = new Map<string, ParticipantStats>();
    const { normalizeStats } = await normalizer();
    await Promise.all(
      this.connections().map(async ([id, pc]) => {
        // A connection closed meanwhile is left out, as one closed before (see statsUnlessClosed).
        const report = pc && (await statsUnlessClosed(pc));
        if (!report) return;
        out.set(id, normalizeStats(id, report, this.previous.get(id)));
        this.previous.set(id, report);
      }),
    );
    return out;
  }

  /** Stats of one connection, without touching the rate baseline of the polled snapshots. */
  async snapshot(id: string): Promise<ParticipantStats | undefined> {
    const pc = this.connections().find(([peerId]) => peerId === id)?.[1];
    const report = pc && (await statsUnlessClosed(pc));
    return report ? (await normalizer()).normalizeStats(id, report, undefined) : undefined;
  }

  /**
   * Polls every `intervalMs` (at least 100) for `onStats` (default: the constructor's listener) until the returned
   * function is called; `wanted` returning false skips a due poll.
   */
  start(intervalMs: number, onStats = this.onStats, wanted?: () => boolean): () => void {
    const sub: Subscriber = { every: Math.max(100, intervalMs), due: 0, onStats, wanted };
    this.subscribers.add(sub);
    this.schedule();
    return () => {
      if (this.subscribers.delete(sub)) this.schedule();
    };
  }

  forget(id: string): void {
    this.previous.delete(id);
  }

  stop(): void {
    this.subscribers.clear();
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.subscribers.size === 0) {
      this.previous.clear();
      return;
    }
    const every = Math.min(...[...this.subscribers].map((s) => s.every));
    this.timer = setInterval(() => void this.tick(), every);
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    // 20 ms of slack: a 1000 ms user on a 250 ms timer is served every 4th tick, not every 5th.
    const due = [...this.subscribers].filter((s) => now + 20 >= s.due && (s.wanted?.() ?? true));
    if (due.length === 0) return;
    try {
      const stats = await this.collect();
      for (const s of due) {
        s.due = now + s.every;
        if (this.subscribers.has(s)) s.onStats(stats);
      }
    } catch {
      // A connection closed mid-collection; the next tick will do.
    }
  }
}
