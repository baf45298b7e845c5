/**
 * {@link SharedTopology} in Redis: `rtc:ta:<room>` is the set of the room's `auto` participants (on every node),
 * `rtc:tt:<room>` its topology; a change is published on the room's event channel (`topology`), and every node
 * tells its own `auto` participants.
 *
 * @packageDocumentation
 */
import type { Logger } from '../logger.js';
import type { RoomWideTopology, SharedTopology } from '../rooms/shared-topology.js';
import type { Topology } from '../rooms/topology.js';
import type { RedisLink } from './redis.js';
import { keys } from './scripts.js';

/** KEYS: auto set, topology. ARGV: id, `1` add / `0` remove. Returns `{count, topology}`. */
const TOUCH = `
if ARGV[2] == '1' then redis.call('SADD', KEYS[1], ARGV[1]) else redis.call('SREM', KEYS[1], ARGV[1]) end
return {redis.call('SCARD', KEYS[1]), redis.call('GET', KEYS[2]) or 'mesh'}
`;

/** KEYS: topology. ARGV: topology, room, origin. */
const CHANGE = `
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[2], cjson.encode({t = 'topology', origin = ARGV[3], topology = ARGV[1]}))
return 1
`;

export class RedisTopology implements SharedTopology {
  constructor(
    private readonly link: RedisLink,
    private readonly node: string,
    private readonly log: Logger,
  ) {}

  hello(room: string, id: string, auto: boolean): Promise<RoomWideTopology> {
    return this.#touch(room, id, auto);
  }

  left(room: string, id: string): Promise<RoomWideTopology> {
    return this.#touch(room, id, false);
  }

  changed(room: string, topology: Topology): void {
    this.link.run(CHANGE, [keys.topology(room)], [topology, room, this.node]).catch((error: unknown) =>
      this.log({ event: 'redis-error', where: 'topology', code: error instanceof Error ? error.message.slice(0, 80) : typeof error }));
  }

  async #touch(room: string, id: string, add: boolean): Promise<RoomWideTopology> {
    const reply = await this.link.run(TOUCH, [keys.autoSet(room), keys.topology(room)], [id, add ? '1' : '0']);
    const [count, topology] = Array.isArray(reply) ? reply : [];
    return { auto: Number(count) || 0, topology: topology === 'sfu' ? 'sfu' : 'mesh' };
  }
}
