/**
 * The Lua scripts of the Redis backplane: every presence change is one script, so capacity limits, name uniqueness
 * and seat ownership are decided atomically for the whole cluster, and the event that tells the other nodes is
 * published in the same step (Redis runs a script alone, so the event order is the order of the changes).
 *
 * Keys (one Redis, or a primary with replicas; not Redis Cluster — the scripts compute some key names):
 * - `rtc:r:<room>` hash participant id → JSON `{id,name,role,node,joinOrder,away,nk}` (`nk`: the name's collision key)
 * - `rtc:n:<room>` hash name key → participant id (display-name uniqueness across nodes)
 * - `rtc:rooms` set of room names with participants (`maxRooms`)
 * - `rtc:s:<id>` hash of a seat: `room`, `node` (owner), `lcs` (highest client seq processed), `digest` (SHA-256 of
 *   its resume token, hex)
 * - `rtc:ns:<node>` set of the seat ids a node owns
 * - `rtc:p:<id>` list of messages for a seat no node held when they were sent (TTL: the grace period)
 * - `rtc:ta:<room>` set of the room's `auto` participants, `rtc:tt:<room>` its topology (see `./topology.ts`)
 * - `rtc:lk:<room>` set while a moderator locked the room; `rtc:md:<digest>` a moderation deny-list entry, with its
 *   own expiry (see `./moderation.ts`)
 * - `rtc:nodes` sorted set node → last heartbeat (ms); `rtc:expiry` sorted set id → when a dead node's seat ends
 * - channels: `rtc:ev:<room>` presence events, `rtc:seat:<id>` messages for one seat
 *
 * @packageDocumentation
 */

/** Key and channel names. */
export const keys = {
  room: (room: string): string => `rtc:r:${room}`,
  names: (room: string): string => `rtc:n:${room}`,
  rooms: 'rtc:rooms',
  seat: (id: string): string => `rtc:s:${id}`,
  nodeSeats: (node: string): string => `rtc:ns:${node}`,
  pending: (id: string): string => `rtc:p:${id}`,
  nodes: 'rtc:nodes',
  expiry: 'rtc:expiry',
  joins: 'rtc:joins',
  resumeSecret: 'rtc:resume-secret',
  jti: (jti: string): string => `rtc:jti:${jti}`,
  autoSet: (room: string): string => `rtc:ta:${room}`,
  topology: (room: string): string => `rtc:tt:${room}`,
  events: (room: string): string => `rtc:ev:${room}`,
  seatChannel: (id: string): string => `rtc:seat:${id}`,
  sfuPlacement: (room: string): string => `rtc:sp:${room}`,
  sfuFeeds: (room: string): string => `rtc:sf:${room}`,
  sfuOrphans: 'rtc:sfu-orphans',
  roomLock: (room: string): string => `rtc:lk:${room}`,
  denied: (digest: string): string => `rtc:md:${digest}`,
} as const;

/** Prefix of seat channels (to tell them from event channels). */
export const SEAT_CHANNEL_PREFIX = 'rtc:seat:';
/** Prefix of room event channels. */
export const EVENT_CHANNEL_PREFIX = 'rtc:ev:';

/**
 * Removes seat `id` (whose entry is `e`) from room `room` (and its listed SFU feed); publishes `left` with `origin`.
 * The last seat of a room takes the room's keys with it (its moderator lock too), and queues its SFU placement for destruction. Shared by scripts.
 */
const REMOVE = `
local function remove(room, id, e, origin)
  redis.call('HDEL', 'rtc:r:' .. room, id)
  if redis.call('HGET', 'rtc:n:' .. room, e.nk) == id then redis.call('HDEL', 'rtc:n:' .. room, e.nk) end
  redis.call('SREM', 'rtc:ta:' .. room, id)
  redis.call('HDEL', 'rtc:sf:' .. room, id)
  if redis.call('HLEN', 'rtc:r:' .. room) == 0 then
    redis.call('SREM', 'rtc:rooms', room); redis.call('DEL', 'rtc:ta:' .. room, 'rtc:tt:' .. room, 'rtc:lk:' .. room)
    -- The room's Janus room (../sfu/shared.ts) is handed to whichever node sweeps the orphans first.
    local sp = redis.call('HMGET', 'rtc:sp:' .. room, 'url', 'room', 'secret', 'pin')
    if sp[1] then redis.call('RPUSH', 'rtc:sfu-orphans', cjson.encode({name = room, url = sp[1], room = sp[2], secret = sp[3], pin = sp[4]})) end
    redis.call('DEL', 'rtc:sp:' .. room, 'rtc:sf:' .. room)
  end
  redis.call('DEL', 'rtc:s:' .. id, 'rtc:p:' .. id)
  redis.call('SREM', 'rtc:ns:' .. e.node, id)
  redis.call('ZREM', 'rtc:expiry', id)
  redis.call('PUBLISH', 'rtc:ev:' .. room, cjson.encode({t = 'left', origin = origin, id = id}))
end
`;

/**
 * Join. KEYS: room, names, rooms, seat, nodeSeats, joins. ARGV: id, name, nameKey, role, node, maxParticipants,
 * maxRooms, room, origin. Returns `{'ok', entry, ...every entry of the room}` or `{reason}`: `server-full`,
 * `room-full`, `name-taken` (pick another display name and retry), `id-taken`.
 */
export const JOIN = `
local n = redis.call('HLEN', KEYS[1])
if n == 0 and redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[7]) then return {'server-full'} end
if n >= tonumber(ARGV[6]) then return {'room-full'} end
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return {'name-taken'} end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return {'id-taken'} end
local order = redis.call('INCR', KEYS[6])
local entry = cjson.encode({id = ARGV[1], name = ARGV[2], role = ARGV[4], node = ARGV[5], joinOrder = order, away = false, nk = ARGV[3]})
redis.call('HSET', KEYS[1], ARGV[1], entry)
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[8])
redis.call('HSET', KEYS[4], 'room', ARGV[8], 'node', ARGV[5], 'lcs', '0')
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[8], '{"t":"joined","origin":' .. cjson.encode(ARGV[9]) .. ',"p":' .. entry .. '}')
local all = redis.call('HVALS', KEYS[1])
table.insert(all, 1, entry)
table.insert(all, 1, 'ok')
return all
`;

/**
 * Re-asserts one local participant after Redis came back (it may have lost its data): adds the entry and seat when
 * missing (no capacity check: the participant is in the call already). KEYS: room, names, rooms, seat, nodeSeats,
 * joins. ARGV: id, entry JSON, nameKey, room, node, lcs, digest, joinOrder. Returns 1 when it was missing. The join
 * counter is moved past the entry's order, so later joins still sort after it.
 */
export const ASSERT = `
if (tonumber(redis.call('GET', KEYS[6]) or '0') or 0) < tonumber(ARGV[8]) then redis.call('SET', KEYS[6], ARGV[8]) end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], 'room', ARGV[4], 'node', ARGV[5], 'lcs', ARGV[6])
if ARGV[7] ~= '' then redis.call('HSET', KEYS[4], 'digest', ARGV[7]) end
redis.call('SADD', KEYS[5], ARGV[1])
return 1
`;

/** Leave. ARGV: room, id, expected owner node, origin. Only the owner's leave counts. Returns 1 when removed. */
export const LEAVE = `${REMOVE}
local raw = redis.call('HGET', 'rtc:r:' .. ARGV[1], ARGV[2])
if not raw then return 0 end
local e = cjson.decode(raw)
if e.node ~= ARGV[3] then return 0 end
remove(ARGV[1], ARGV[2], e, ARGV[4])
return 1
`;

/** Away (`1`) or back (`0`). KEYS: room. ARGV: id, flag, owner node, room, origin. Returns 1 when changed. */
export const PRESENCE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local e = cjson.decode(raw)
if e.node ~= ARGV[3] then return 0 end
e.away = ARGV[2] == '1'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[4], cjson.encode({t = e.away and 'away' or 'back', origin = ARGV[5], id = ARGV[1]}))
return 1
`;

/**
 * Delivery to seats on other nodes, one call per relayed message. KEYS: sender seat (or a dummy), then one pending
 * list per recipient. ARGV: sender's client seq (`''`: none), pending TTL ms, most pending messages, data, then the
 * recipient ids. A message nobody is subscribed to (the seat's node died, or it is moving) goes to the pending list.
 */
export const SEND = `
if ARGV[1] ~= '' and redis.call('EXISTS', KEYS[1]) == 1 then
  local cur = tonumber(redis.call('HGET', KEYS[1], 'lcs') or '0') or 0
  if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'lcs', ARGV[1]) end
end
for i = 5, #ARGV do
  if redis.call('PUBLISH', 'rtc:seat:' .. ARGV[i], ARGV[4]) == 0 then
    local k = KEYS[i - 3]
    redis.call('RPUSH', k, ARGV[4])
    redis.call('LTRIM', k, -tonumber(ARGV[3]), -1)
    redis.call('PEXPIRE', k, ARGV[2])
  end
end
return 1
`;

/**
 * Takes a seat over for this node (cross-node resume). KEYS: seat, room, pending, nodeSeats (new). ARGV: id,
 * token digest, node, room, client lastSeq, origin. Returns `{'ok', lcs, oldNode, wasAway, pendingJSON, ...entries}`
 * or `{reason}`: `unknown`, `token`.
 */
export const TAKEOVER = `
local s = redis.call('HMGET', KEYS[1], 'room', 'node', 'lcs', 'digest')
if not s[1] or s[1] ~= ARGV[4] then return {'unknown'} end
if s[4] and s[4] ~= ARGV[2] then return {'token'} end
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return {'unknown'} end
local e = cjson.decode(raw)
local old = e.node
local wasAway = e.away
e.node = ARGV[3]
e.away = false
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(e))
redis.call('HSET', KEYS[1], 'node', ARGV[3])
redis.call('SREM', 'rtc:ns:' .. old, ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('ZREM', 'rtc:expiry', ARGV[1])
local pending = redis.call('LRANGE', KEYS[3], 0, -1)
redis.call('DEL', KEYS[3])
redis.call('PUBLISH', 'rtc:ev:' .. ARGV[4], cjson.encode({t = 'moved', origin = ARGV[6], id = ARGV[1], from = old, to = ARGV[3], away = wasAway, lastSeq = tonumber(ARGV[5])}))
local all = redis.call('HVALS', KEYS[2])
table.insert(all, 1, #pending == 0 and '[]' or cjson.encode(pending))
table.insert(all, 1, wasAway and '1' or '0')
table.insert(all, 1, old)
table.insert(all, 1, s[3] or '0')
table.insert(all, 1, 'ok')
return all
`;

/**
 * Claims a dead node, exactly once cluster-wide: when its heartbeat is older than ARGV[2] (ms), removes it from
 * `rtc:nodes`, marks every seat it owned away (publishing `away`) and schedules their end at ARGV[3] (ms) in
 * `rtc:expiry`. ARGV[1]: the node. Returns the number of seats marked, or -1 when not claimed.
 */
export const NODE_DOWN = `
local score = redis.call('ZSCORE', 'rtc:nodes', ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return -1 end
redis.call('ZREM', 'rtc:nodes', ARGV[1])
local ids = redis.call('SMEMBERS', 'rtc:ns:' .. ARGV[1])
local marked = 0
for _, id in ipairs(ids) do
  local room = redis.call('HGET', 'rtc:s:' .. id, 'room')
  local raw = room and redis.call('HGET', 'rtc:r:' .. room, id)
  if raw then
    local e = cjson.decode(raw)
    if e.node == ARGV[1] then
      if not e.away then
        e.away = true
        redis.call('HSET', 'rtc:r:' .. room, id, cjson.encode(e))
        redis.call('PUBLISH', 'rtc:ev:' .. room, cjson.encode({t = 'away', origin = '', id = id}))
      end
      redis.call('ZADD', 'rtc:expiry', ARGV[3], id)
      marked = marked + 1
    end
  end
end
return marked
`;

/**
 * Ends the seats of dead nodes whose time is up (ARGV[1], ms), at most 100 per call, each exactly once (ZREM
 * decides). A seat resumed meanwhile is no longer in `rtc:expiry`. Returns how many ended.
 */
export const EXPIRE = `${REMOVE}
local ids = redis.call('ZRANGEBYSCORE', 'rtc:expiry', '-inf', ARGV[1], 'LIMIT', 0, 100)
local ended = 0
for _, id in ipairs(ids) do
  if redis.call('ZREM', 'rtc:expiry', id) == 1 then
    local room = redis.call('HGET', 'rtc:s:' .. id, 'room')
    local raw = room and redis.call('HGET', 'rtc:r:' .. room, id)
    if raw then
      local e = cjson.decode(raw)
      if redis.call('ZSCORE', 'rtc:nodes', e.node) == false then
        remove(room, id, e, '')
        ended = ended + 1
      end
    end
  end
end
return ended
`;

/** One use of a room token id (`jti`). KEYS: the jti key. ARGV: expiry (Unix ms). Returns the uses so far. */
export const JTI_USE = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return n
`;
