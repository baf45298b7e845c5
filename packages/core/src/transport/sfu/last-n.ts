import type { TrackSource } from '../../participants/Track.js';
import type { SfuRequest, SfuStream } from '../../signaling/sfu-protocol.js';
import { isScreenSource } from '../ScreenSenders.js';
import { sourceOf } from './requests.js';

/** One subscribed remote video, as last-N ranks it. */
export interface LastNVideo {
  readonly mid: string;
  readonly participant: string;
  readonly source: TrackSource;
}

/** What makes a remote video relevant (see {@link selectLastN}). */
export interface LastNRelevance {
  /** Pinned participants (`room.setVideoPinned`). */
  readonly pinned: ReadonlySet<string>;
  /** Participants who spoke, the most recent talk spurt first. */
  readonly speakers: readonly string[];
  /** Whether the UI shows `participant`'s camera nowhere (its layer preference is a `0 × 0` view). */
  hidden(participant: string): boolean;
}

/** Most streams in one `pause` request (the protocol's `MAX_PAUSE_STREAMS`). */
const MAX_PAUSE_STREAMS = 128;

/**
 * The mids of the `n` most relevant of `videos` (cameras and screen shares together), in this order: a pinned
 * participant's screen share, then their camera; every other screen share (screen share first); the cameras of
 * those who spoke, the latest speaker first; cameras the UI shows; cameras it hides (`0 × 0` preference). Ties keep
 * the order of `videos` (the subscription's, which is join order), so the choice is stable while nothing changes.
 *
 * @example
 * ```ts
 * const videos = [{ mid: '1', participant: 'a', source: 'camera' }, { mid: '3', participant: 'b', source: 'camera' }];
 * selectLastN(videos, 1, { pinned: new Set(), speakers: ['b'], hidden: () => false }); // Set { '3' }
 * ```
 */
export function selectLastN(videos: readonly LastNVideo[], n: number, relevance: LastNRelevance): Set<string> {
  const rank = (v: LastNVideo): number => {
    const screen = isScreenSource(v.source);
    if (relevance.pinned.has(v.participant)) return screen ? 0 : 1;
    if (screen) return 2;
    const spoke = relevance.speakers.indexOf(v.participant);
    if (spoke >= 0) return 3 + spoke / (relevance.speakers.length + 1);
    return relevance.hidden(v.participant) ? 5 : 4;
  };
  const ranked = videos.map((v, i) => ({ v, r: rank(v), i })).sort((a, b) => a.r - b.r || a.i - b.i);
  return new Set(ranked.slice(0, Math.max(0, n)).map(({ v }) => v.mid));
}

/** What {@link LastN} needs of its SFU transport. @internal */
export interface LastNHost {
  /** The subscription's active streams now (every `sfu-offer` replaces them). */
  streams(): Iterable<SfuStream>;
  hidden(participant: string): boolean;
  /** Sends a `pause` request; rejects when the server refuses. */
  request(request: Extract<SfuRequest, { op: 'pause' }>): Promise<unknown>;
  /** `participant`'s `source` video is paused at the media server now, or forwarded again. */
  report(participant: string, source: TrackSource, paused: boolean): void;
}

/**
 * Last-N video on the subscribe side of an SFU transport: keeps only the `limit` most relevant remote videos
 * forwarded ({@link selectLastN}) and has the media server pause the others (`pause` request → Janus `configure`
 * with `send: false` per stream: no packets, no bandwidth), resuming them when they become relevant. Re-evaluated
 * after every subscription change, talking event, layer preference (a tile scrolled into view) and pin.
 * Requests are serialized; changes while one is under way are folded into the next.
 * @internal
 */
export class LastN {
  /** Streams the media server was told to pause, by `mid|participant|source` (Janus may reuse a mid). */
  private readonly paused = new Set<string>();
  /** What {@link LastNHost.report} last said per stream key. */
  private readonly reported = new Map<string, boolean>();
  private readonly speakers: string[] = [];
  private running = false;
  private again = false;
  /** Bumped by {@link reset}: a request under way for the previous connection records nothing. */
  private epoch = 0;

  constructor(
    private readonly limit: number,
    private readonly pinned: ReadonlySet<string>,
    private readonly host: LastNHost,
  ) {}

  /** `participant` started (or stopped) talking: a new talk spurt makes it the latest speaker. */
  talking(participant: string, talking: boolean): void {
    if (!talking) return;
    const at = this.speakers.indexOf(participant);
    if (at === 0) return;
    if (at > 0) this.speakers.splice(at, 1);
    this.speakers.unshift(participant);
    this.changed();
  }

  /** `participant` left. */
  forget(participant: string): void {
    const at = this.speakers.indexOf(participant);
    if (at >= 0) this.speakers.splice(at, 1);
  }

  /** A new subscribe connection: the media server forwards everything again. */
  reset(): void {
    this.epoch += 1;
    this.paused.clear();
    this.reported.clear();
  }

  /** Something relevance depends on changed: re-evaluates (after the request under way, if any). */
  changed(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.apply()
      .catch(() => undefined) // best effort: the next change asks again
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.changed();
        }
      });
  }

  private async apply(): Promise<void> {
    const epoch = this.epoch;
    const videos = [...this.host.streams()]
      .filter((s) => s.kind === 'video')
      .map((s) => ({ mid: s.mid, participant: s.participant, source: sourceOf(s), key: `${s.mid}|${s.participant}|${sourceOf(s)}` }));
    const keys = new Set(videos.map((v) => v.key));
    for (const key of [...this.paused]) if (!keys.has(key)) this.paused.delete(key);
    for (const key of [...this.reported.keys()]) if (!keys.has(key)) this.reported.delete(key);
    const keep = selectLastN(videos, this.limit, { pinned: this.pinned, speakers: this.speakers, hidden: (p) => this.host.hidden(p) });
    // Resume first (the newly relevant video shows sooner), then pause; both in one request per 128 streams.
    const changes = videos.filter((v) => keep.has(v.mid) === this.paused.has(v.key));
    changes.sort((a, b) => Number(keep.has(b.mid)) - Number(keep.has(a.mid)));
    for (let i = 0; i < changes.length; i += MAX_PAUSE_STREAMS) {
      const batch = changes.slice(i, i + MAX_PAUSE_STREAMS);
      await this.host.request({ op: 'pause', streams: batch.map((v) => ({ mid: v.mid, paused: !keep.has(v.mid) })) });
      if (epoch !== this.epoch) return;
      for (const v of batch) {
        if (keep.has(v.mid)) this.paused.delete(v.key);
        else this.paused.add(v.key);
      }
    }
    for (const v of videos) {
      const paused = this.paused.has(v.key);
      if (this.reported.get(v.key) === paused) continue;
      this.reported.set(v.key, paused);
      this.host.report(v.participant, v.source, paused);
    }
  }
}
