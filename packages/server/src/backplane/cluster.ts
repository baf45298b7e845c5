/**
 * One node's membership of a Redis backplane: the connections, the shared {@link RedisStore}, the heartbeat, the
 * resume secret shared through Redis, and the cluster-wide counters of `/healthz`.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { ResumeTokens } from '../resume-token.js';
import { RedisStore } from '../sessions/redis-store.js';
import { RedisJtiStore } from './jti.js';
import { startLiveness, type Liveness } from './liveness.js';
import { RedisLink } from './redis.js';
import { keys } from './scripts.js';

/** Settings of {@link Cluster}. */
export interface ClusterSettings {
  redisUrl: string;
  maxParticipantsPerRoom: number;
  maxRooms: number;
  resumeGraceMs: number;
  resumeBufferMessages: number;
  heartbeatMs: number;
  deadAfterMs: number;
  /** Whether a `resumeSecret` was configured (else the cluster's is shared through Redis). */
  ownSecret: boolean;
  log: Logger;
}

/** Cluster-wide counters (`/healthz`). */
export interface ClusterStats {
  nodes: number;
  rooms: number;
  participants: number;
}

/** A node of the backplane. Create it, {@link start} it, {@link stop} it. */
export class Cluster {
  /** Random id of this node (in logs and in Redis). */
  readonly node = randomBytes(6).toString('hex');
  readonly link: RedisLink;
  readonly store: RedisStore;
  readonly jtiStore: RedisJtiStore;
  #liveness: Liveness | undefined;
  #tokens: ResumeTokens | undefined;
  #secretLoaded = false;
  #first = true;
  #readying: Promise<void> | undefined;

  constructor(private readonly s: ClusterSettings) {
    this.link = new RedisLink(s.redisUrl, s.log, (channel, message) => this.store.onMessage(channel, message));
    this.store = new RedisStore({
      link: this.link,
      node: this.node,
      maxParticipantsPerRoom: s.maxParticipantsPerRoom,
      maxRooms: s.maxRooms,
      pendingTtlMs: Math.max(1000, s.resumeGraceMs),
      maxPending: s.resumeBufferMessages,
      log: s.log,
      ready: () => this.#secretLoaded || s.ownSecret,
    });
    this.jtiStore = new RedisJtiStore(this.link);
  }

  /** Connects (waiting up to a few seconds; joins are refused until Redis is up) and starts the heartbeat. */
  async start(tokens: ResumeTokens): Promise<void> {
    this.#tokens = tokens;
    this.link.onReady(() => void (this.#readying = this.#ready()));
    await this.link.start();
    await this.#readying;
    this.#liveness = startLiveness(this.link, this.node, { heartbeatMs: this.s.heartbeatMs, deadAfterMs: this.s.deadAfterMs, graceMs: this.s.resumeGraceMs }, this.s.log);
  }

  /** Both connections are up (first time, or again after an outage). */
  async #ready(): Promise<void> {
    try {
      if (!this.s.ownSecret && this.#tokens) {
        // The first node stores its random secret; after a Redis restart every node puts the shared one back.
        const candidate = this.#sharedSecret ?? randomBytes(32).toString('base64url');
        await this.link.cmd.set(keys.resumeSecret, candidate, 'NX');
        const secret = await this.link.cmd.get(keys.resumeSecret);
        if (secret && secret !== this.#sharedSecret) {
          this.#sharedSecret = secret;
          this.#tokens.useSharedSecret(secret);
        }
        this.#secretLoaded = secret !== null;
      }
      this.#liveness?.beat();
      if (!this.#first) await this.store.reassert();
      this.#first = false;
    } catch (error) {
      this.s.log({ event: 'redis-error', where: 'ready', code: error instanceof Error ? error.message.slice(0, 80) : typeof error });
    }
  }

  #sharedSecret: string | undefined;

  /** Cluster-wide counters, or `undefined` while Redis is unreachable. */
  async stats(): Promise<ClusterStats | undefined> {
    if (!this.link.up) return undefined;
    try {
      const [nodes, rooms] = await Promise.all([this.link.cmd.zcard(keys.nodes), this.link.cmd.smembers(keys.rooms)]);
      const pipeline = this.link.cmd.pipeline();
      for (const room of rooms) pipeline.hlen(keys.room(room));
      const counts = (await pipeline.exec()) ?? [];
      const participants = counts.reduce((sum, [error, n]) => sum + (error ? 0 : Number(n)), 0);
      return { nodes, rooms: rooms.length, participants };
    } catch {
      return undefined;
    }
  }

  /** Stops the heartbeat (with `dead`: tells the cluster at once this node is gone) and disconnects. */
  async stop(dead = false): Promise<void> {
    await this.#liveness?.stop(dead);
    // Commands run in order: once PING answers, the leaves and sends queued before it have been written.
    if (this.link.up) await this.link.cmd.ping().catch(() => undefined);
    this.link.close();
  }
}
