/**
 * {@link SharedSfu} in Redis. `rtc:sp:<room>` (hash: `url`, `room`, `secret`, `pin`) is the room's Janus placement,
 * written by `PLACE` only when there is none (or the stored one is stale: its Janus died); `rtc:sf:<room>` (hash:
 * participant id → `{feed, mids}`) lists the room's published feeds, each change announced on the room's event
 * channel (`sfu-feeds`). When a room's last seat goes (a leave, or a dead node's seat expiring: `REMOVE` in
 * `./scripts.ts`) its placement moves to `rtc:sfu-orphans`, which the nodes' SFU services sweep: the Janus room is
 * destroyed once, by whichever node pops it, so a node dying never leaks one. Redis is trusted infrastructure: the
 * room secrets are stored there, never logged.
 *
 * @packageDocumentation
 */
import type { OrphanPlacement, SharedFeed, SharedPlacement, SharedSfu } from '../sfu/shared.js';
import type { RedisLink } from './redis.js';
import { keys } from './scripts.js';

/** KEYS: placement. ARGV: url, room, secret, pin, stale room (`''`: none). Returns `{url, room, secret, pin}`. */
const PLACE = `
local cur = redis.call('HMGET', KEYS[1], 'url', 'room', 'secret', 'pin')
if cur[1] and cur[2] ~= ARGV[5] then return cur end
redis.call('HSET', KEYS[1], 'url', ARGV[1], 'room', ARGV[2], 'secret', ARGV[3], 'pin', ARGV[4])
return {ARGV[1], ARGV[2], ARGV[3], ARGV[4]}
`;

/** KEYS: feeds. ARGV: id, feed JSON, room, origin. */
const PUBLISHED = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[3], cjson.encode({t = 'sfu-feeds', origin = ARGV[4]}))
return 1
`;

/** KEYS: feeds. ARGV: id, feed id (string), room, origin. Removes the entry only when it is still that feed. */
const UNPUBLISHED = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, e = pcall(cjson.decode, raw)
if ok and type(e) == 'table' and tostring(e.feed) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[3], cjson.encode({t = 'sfu-feeds', origin = ARGV[4]}))
return 1
`;

const MAX_JANUS_ID = 2 ** 53 - 1;
const isMids = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 64 && v.every((m) => typeof m === 'string' && m.length <= 32);

/** A placement from Redis's strings, or `undefined` when malformed. */
function placement(reply: unknown): SharedPlacement | undefined {
  if (!Array.isArray(reply) || reply.length < 4 || !reply.every((v) => typeof v === 'string')) return undefined;
  const [url, room, secret, pin] = reply as string[];
  const janusRoom = Number(room);
  if (!url || !/^wss?:\/\//.test(url) || !Number.isSafeInteger(janusRoom) || janusRoom < 1 || !secret || !pin) return undefined;
  return { url, janusRoom, secret, pin };
}

/**
 * One feed entry (`{feed, mids}`) of participant `id`. The feed id is stored as a decimal string: Redis's Lua
 * (cjson) prints numbers with 14 significant digits, which would round a 47-bit feed id.
 */
function feedOf(id: string, raw: string): SharedFeed | undefined {
  try {
    const e = JSON.parse(raw) as { feed?: unknown; mids?: unknown };
    const feed = Number(e.feed);
    if (typeof e.feed !== 'string' || !Number.isSafeInteger(feed) || feed < 1 || feed > MAX_JANUS_ID) return undefined;
    if (e.mids !== undefined && !isMids(e.mids)) return undefined;
    return { id, feed, mids: e.mids };
  } catch {
    return undefined;
  }
}

export class RedisSfuShare implements SharedSfu {
  constructor(
    private readonly link: RedisLink,
    private readonly node: string,
  ) {}

  async place(room: string, candidate: SharedPlacement, stale?: number): Promise<SharedPlacement> {
    const { url, janusRoom, secret, pin } = candidate;
    const reply = await this.link.run(PLACE, [keys.sfuPlacement(room)], [url, String(janusRoom), secret, pin, stale === undefined ? '' : String(stale)]);
    const stored = placement(reply);
    if (!stored) throw new Error('malformed SFU placement in Redis');
    return stored;
  }

  async published(room: string, feed: SharedFeed): Promise<void> {
    const entry = JSON.stringify({ feed: String(feed.feed), ...(feed.mids ? { mids: feed.mids } : {}) });
    await this.link.run(PUBLISHED, [keys.sfuFeeds(room)], [feed.id, entry, room, this.node]);
  }

  async unpublished(room: string, id: string, feed: number): Promise<void> {
    await this.link.run(UNPUBLISHED, [keys.sfuFeeds(room)], [id, String(feed), room, this.node]);
  }

  async feeds(room: string): Promise<SharedFeed[]> {
    const all = await this.link.cmd.hgetall(keys.sfuFeeds(room));
    return Object.entries(all).flatMap(([id, raw]) => feedOf(id, raw) ?? []);
  }

  async orphans(max: number): Promise<OrphanPlacement[]> {
    const popped = (await this.link.cmd.lpop(keys.sfuOrphans, max)) ?? [];
    return popped.flatMap((raw) => {
      try {
        const o = JSON.parse(raw) as Record<string, unknown>;
        const p = placement([o['url'], o['room'], o['secret'], o['pin']]);
        return p && typeof o['name'] === 'string' ? [{ ...p, room: o['name'] }] : [];
      } catch {
        return [];
      }
    });
  }
}
