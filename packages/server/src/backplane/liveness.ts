/**
 * Node liveness: every node writes its heartbeat (`rtc:nodes`, score = now in ms) each `heartbeatMs`, and on the same
 * tick looks for nodes silent for longer than `deadAfterMs`. A dead node (killed, frozen, cut off) is claimed
 * exactly once cluster-wide (`NODE_DOWN` removes it atomically): its seats are marked away (`peer-away` in their
 * rooms) and end after the resume grace period (`EXPIRE`, `peer-left`) unless resumed on another node meanwhile.
 *
 * @packageDocumentation
 */
import type { Logger } from '../logger.js';
import type { RedisLink } from './redis.js';
import { EXPIRE, keys, NODE_DOWN } from './scripts.js';

/** Settings of {@link startLiveness}, in ms. */
export interface LivenessSettings {
  heartbeatMs: number;
  deadAfterMs: number;
  /** How long a dead node's seats stay away before they end. */
  graceMs: number;
}

/** A running heartbeat. */
export interface Liveness {
  /** Writes the heartbeat now (after Redis came back). */
  beat(): void;
  /** Stops the timer; with `dead`, also tells the cluster at once that this node is gone (drain). */
  stop(dead?: boolean): Promise<void>;
}

export function startLiveness(link: RedisLink, node: string, settings: LivenessSettings, log: Logger): Liveness {
  let sweeping = false;
  const beat = (): void => {
    if (!link.up) return;
    link.cmd.zadd(keys.nodes, Date.now(), node).catch(() => undefined);
  };
  const sweep = async (): Promise<void> => {
    if (sweeping || !link.up) return;
    sweeping = true;
    try {
      const now = Date.now();
      const dead = await link.cmd.zrangebyscore(keys.nodes, '-inf', now - settings.deadAfterMs, 'LIMIT', 0, 20);
      for (const other of dead) {
        if (other === node) continue;
        const marked = await link.run(NODE_DOWN, [], [other, now - settings.deadAfterMs, now + settings.graceMs]);
        if (typeof marked === 'number' && marked >= 0) log({ event: 'node-down', node: other, seats: marked });
      }
      const ended = await link.run(EXPIRE, [], [Date.now()]);
      if (typeof ended === 'number' && ended > 0) log({ event: 'node-seats-expired', seats: ended });
    } catch {
      // Redis went away mid-sweep: the next tick tries again.
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => {
    beat();
    void sweep();
  }, settings.heartbeatMs);
  timer.unref();
  beat();
  return {
    beat,
    async stop(dead = false) {
      clearInterval(timer);
      if (dead && link.up) await link.cmd.zadd(keys.nodes, 0, node).catch(() => undefined);
    },
  };
}
