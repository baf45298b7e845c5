import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ParticipantStats, Room } from '@rtc-room/core';

/**
 * Polls a `Room`'s stats (`room.startStats()`) while its host wants them, and keeps the latest snapshot for the host
 * to render. Before each host update it asks `wanted()` which room to poll, if any (`<rtc-room>`: the room in use,
 * while connected and the statistics are shown); it stops when the host is disconnected. The snapshot is emptied
 * whenever polling stops or moves to another room.
 *
 * @example
 * ```ts
 * private readonly statsController = new StatsController(this, () => (this.showStats ? this.room : undefined));
 * override render() { return html`${this.statsController.stats.get(id)?.rttMs} ms`; }
 * ```
 */
export class StatsController implements ReactiveController {
  /** The latest stats per remote participant id; empty while not polling. */
  stats: ReadonlyMap<string, ParticipantStats> = new Map();

  private polled: Room | undefined;
  private stop: (() => void) | undefined;

  /**
   * @param wanted The room to poll now, or `undefined` for none; asked before every host update.
   * @param intervalMs Polling interval, in ms.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly wanted: () => Room | undefined,
    private readonly intervalMs = 1000,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.poll(this.wanted());
  }

  hostDisconnected(): void {
    this.poll(undefined);
  }

  /** Polls `room` from now on, or nothing (`undefined`); polling that room already is a no-op. */
  poll(room: Room | undefined): void {
    if (room === this.polled) return;
    this.stop?.();
    this.stop = undefined;
    this.polled = room;
    if (this.stats.size > 0) {
      this.stats = new Map();
      this.host.requestUpdate();
    }
    if (!room) return;
    const off = room.on('statsUpdated', (stats) => {
      this.stats = stats;
      this.host.requestUpdate();
    });
    const stopPolling = room.startStats(this.intervalMs);
    this.stop = () => {
      off();
      stopPolling();
    };
  }

  /** Stops polling if it polls `room` (a room being given up). */
  release(room: Room): void {
    if (this.polled === room) this.poll(undefined);
  }
}
