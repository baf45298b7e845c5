/**
 * The server's Prometheus metrics (`prom-client`), one registry per server. What they count comes from three places:
 * the server's live counters (`stats()`: connections, rooms, participants), its structured log events (joins,
 * refusals by code, internal errors, slow consumers, heartbeat timeouts) and two hooks (messages relayed, TURN
 * credentials minted). No label ever carries a room name, a participant id or name, or anything a client chose:
 * error codes are checked against the protocol's fixed list, and the only other labels are fixed words and the
 * Janus node's `host:port`.
 *
 * @packageDocumentation
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Registry } from 'prom-client';
import type { LogEvent, Logger } from '../logger.js';
import { ERROR_CODES } from '../protocol.js';

/** What the gauges read when Prometheus scrapes. */
export interface MetricsSources {
  /** The server's live counters (as `/healthz`). */
  stats(): { rooms: number; participants: number; connections: number; away: number };
  /** SFU rooms per Janus node, `[host:port, rooms]`; empty without `--janus-url`. */
  sfuRooms(): ReadonlyArray<readonly [string, number]>;
  /** This server's version (`rtc_room_build_info`). */
  version: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The kinds of client message the server relays to other participants. */
export type RelayKind = 'signal' | 'broadcast';

/**
 * One server's metrics. Create it with the server; feed it log events through {@link observe}, relays through
 * {@link relayed} and minted TURN credentials through {@link turnMinted}; serve {@link render}'s text.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #relayed: Counter<'type'>;
  readonly #errors: Counter<'code'>;
  readonly #turn: Counter;
  readonly #joins: Counter;
  readonly #connects: Counter;
  readonly #slowConsumers: Counter;
  readonly #heartbeatTimeouts: Counter;
  #delay: IntervalHistogram | undefined;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const live = (name: string, help: string, read: (s: ReturnType<MetricsSources['stats']>) => number): void => {
      new Gauge({ name, help, registers, collect() { this.set(read(sources.stats())); } });
    };
    live('rtc_room_connections', 'Open signaling WebSocket connections (joined or not).', (s) => s.connections);
    live('rtc_room_rooms', 'Rooms with at least one participant.', (s) => s.rooms);
    live('rtc_room_participants', 'Joined participants over all rooms (including those away, in their resume grace period).', (s) => s.participants);
    live('rtc_room_participants_away', 'Participants whose socket dropped and whose seat is kept for resumption.', (s) => s.away);
    new Gauge({
      name: 'rtc_room_sfu_rooms',
      help: 'SFU rooms open on each Janus node.',
      labelNames: ['janus'] as const,
      registers,
      collect() {
        this.reset();
        for (const [janus, rooms] of sources.sfuRooms()) this.set({ janus }, rooms);
      },
    });
    new Gauge({ name: 'rtc_room_build_info', help: 'Always 1; the server version is in the label.', labelNames: ['version'] as const, registers })
      .set({ version: sources.version }, 1);
    this.#connects = new Counter({ name: 'rtc_room_connections_total', help: 'Signaling WebSocket connections accepted.', registers });
    this.#joins = new Counter({ name: 'rtc_room_joins_total', help: 'Participants who joined a room.', registers });
    this.#relayed = new Counter({
      name: 'rtc_room_messages_relayed_total',
      help: 'Client messages relayed to other participants: signal (to one peer), broadcast (to the rest of the room).',
      labelNames: ['type'] as const,
      registers,
    });
    this.#errors = new Counter({
      name: 'rtc_room_errors_total',
      help: 'Errors the server answered clients with, by protocol error code (internal: unexpected server errors).',
      labelNames: ['code'] as const,
      registers,
    });
    this.#turn = new Counter({ name: 'rtc_room_turn_credentials_minted_total', help: 'TURN REST credentials minted for clients.', registers });
    this.#slowConsumers = new Counter({ name: 'rtc_room_slow_consumers_total', help: 'Sockets closed for reading too slowly (send budget exceeded).', registers });
    this.#heartbeatTimeouts = new Counter({ name: 'rtc_room_heartbeat_timeouts_total', help: 'Sockets terminated for not answering the heartbeat ping.', registers });
    const metrics = this;
    new Gauge({
      name: 'rtc_room_event_loop_lag_seconds',
      help: 'Event-loop delay since the previous scrape (mean, p50, p99, max; the first scrape starts the measurement).',
      labelNames: ['stat'] as const,
      registers,
      collect() {
        metrics.#collectLag(this);
      },
    });
  }

  /** A logger that counts the events it sees, then passes them on to `next`. */
  observe(next: Logger): Logger {
    return (event) => {
      this.#count(event);
      next(event);
    };
  }

  /** A client message was relayed. */
  relayed(kind: RelayKind): void {
    this.#relayed.inc({ type: kind });
  }

  /** A TURN REST credential was minted. */
  turnMinted(): void {
    this.#turn.inc();
  }

  /** The registry as Prometheus text (exposition format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The `Content-Type` of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops the event-loop measurement. */
  close(): void {
    this.#delay?.disable();
    this.#delay = undefined;
  }

  #count(event: LogEvent): void {
    switch (event.event) {
      case 'connect':
        return void this.#connects.inc();
      case 'join':
        return void this.#joins.inc();
      case 'refusal': {
        const code = typeof event['code'] === 'string' && KNOWN_CODES.has(event['code']) ? event['code'] : 'other';
        return void this.#errors.inc({ code });
      }
      case 'internal-error':
        return void this.#errors.inc({ code: 'internal' });
      case 'slow-consumer':
        return void this.#slowConsumers.inc();
      case 'heartbeat-timeout':
        return void this.#heartbeatTimeouts.inc();
      default:
    }
  }

  #collectLag(gauge: Gauge<'stat'>): void {
    if (!this.#delay) {
      this.#delay = monitorEventLoopDelay({ resolution: 10 });
      this.#delay.enable();
      return;
    }
    const h = this.#delay;
    const seconds = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
    if (h.count > 0) {
      gauge.set({ stat: 'mean' }, seconds(h.mean));
      gauge.set({ stat: 'p50' }, seconds(h.percentile(50)));
      gauge.set({ stat: 'p99' }, seconds(h.percentile(99)));
      gauge.set({ stat: 'max' }, seconds(h.max));
    }
    h.reset();
  }
}
