/**
 * The Redis {@link SessionStore}: presence lives in Redis (see `../backplane/scripts.ts`), so rooms, capacity limits
 * and display names are shared by every node. Each node keeps a replica of the rooms where it has participants
 * (kept current by the room's event channel), so `find`/`others` stay synchronous, and delivers presence messages
 * to its own participants. Messages for a participant on another node go through its seat channel in one script
 * call per relayed message (`SEND`; a seat no node holds gets them in its pending list).
 *
 * @packageDocumentation
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { displayName } from '../names.js';
import { MAX_NAME_LENGTH, type Role, type ServerMessage } from '../protocol.js';
import type { JoinResult, Participant } from '../rooms.js';
import type { Seat } from '../seats.js';
import type { RedisLink, Reply } from '../backplane/redis.js';
import { EVENT_CHANNEL_PREFIX, JOIN, keys, LEAVE, PRESENCE, SEAT_CHANNEL_PREFIX, SEND, TAKEOVER } from '../backplane/scripts.js';
import { checkSeatMessage, parseEntry, parseEvent, parseModerationCommand, type Entry, type RoomEvent } from '../backplane/wire.js';
import type { ModerationCommand } from '../moderation/shared.js';
import { reassert } from '../backplane/reassert.js';
import { Handover, HANDED_ON, unmarked } from '../backplane/handover.js';
import type { SessionStore } from './store.js';

/** A participant in a room replica. */
export interface Member {
  entry: Entry;
  participant: Participant;
  /** On this node. */
  local: boolean;
  /** Being drained: messages for it go through Redis (to its pending list). */
  draining: boolean;
}

interface RoomReplica {
  members: Map<string, Member>;
  /** Events that came while the first snapshot was loading. */
  loading: RoomEvent[] | undefined;
  /** Resolves once subscribed to the room's events. */
  watched: Promise<unknown>;
  /** Joins/takeovers under way (the replica stays while one is). */
  pending: number;
}

/** Outcome of {@link RedisStore.takeOver}. */
export type TakeOverResult =
  | { ok: true; participant: Participant; others: Participant[]; lastClientSeq: number; pending: string[]; wasAway: boolean; from: string }
  | { ok: false; reason: 'unknown' | 'token' | 'server-unavailable' };

/** Settings of a {@link RedisStore}. */
export interface RedisStoreSettings {
  link: RedisLink;
  /** This node's id. */
  node: string;
  maxParticipantsPerRoom: number;
  maxRooms: number;
  /** How long a pending list is kept (the resume grace period), in ms. */
  pendingTtlMs: number;
  /** Most messages kept in a pending list. */
  maxPending: number;
  log: Logger;
  /** Whether the node is ready to serve joins besides Redis being up (the shared resume secret is loaded). */
  ready: () => boolean;
}

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const nameKey = (name: string): string => name.normalize('NFKC').toLocaleLowerCase('en');
const byJoinOrder = (a: Member, b: Member): number => a.entry.joinOrder - b.entry.joinOrder;

/** Presence shared through Redis; see the module comment. */
export class RedisStore implements SessionStore {
  readonly #rooms = new Map<string, RoomReplica>();
  readonly #seats = new Map<string, Seat>();
  /** Local members by id. */
  readonly #locals = new Map<string, Member>();
  /** Seat channel messages that came before {@link activate}, by id. */
  readonly #held = new Map<string, string[]>();
  readonly #handover = new Handover();
  /** A local seat was taken over by another node (`lastSeq`: the client's, from the `moved` event). */
  onMovedAway: ((seat: Seat | undefined, participant: Participant, lastSeq: number) => void) | undefined;
  /** A moderator on another node acted on local participant `id` (`../moderation/shared.ts`). */
  onModerate: ((id: string, command: ModerationCommand) => void) | undefined;
  /** Another node moved room `room` to `topology` (`auto` rooms, see `../rooms/shared-topology.ts`). */
  onTopology: ((room: string, topology: 'mesh' | 'sfu') => void) | undefined;
  /** Room `room`'s SFU feeds may have changed on another node (a feed listed or gone, a seat left, away or moved). */
  onSfuFeeds: ((room: string) => void) | undefined;

  constructor(private readonly s: RedisStoreSettings) {}

  get roomCount(): number {
    let n = 0;
    for (const room of this.#rooms.values()) if ([...room.members.values()].some((m) => m.local)) n++;
    return n;
  }

  get participantCount(): number {
    return this.#locals.size;
  }

  get available(): boolean {
    return this.s.link.up && this.s.ready();
  }

  // ---- messages from Redis -------------------------------------------------------------------------------

  /** Handles one message of a subscribed channel. */
  onMessage(channel: string, text: string): void {
    if (channel.startsWith(SEAT_CHANNEL_PREFIX)) return this.#onSeatMessage(channel.slice(SEAT_CHANNEL_PREFIX.length), text);
    if (!channel.startsWith(EVENT_CHANNEL_PREFIX)) return;
    const room = this.#rooms.get(channel.slice(EVENT_CHANNEL_PREFIX.length));
    if (!room) return;
    const event = parseEvent(text);
    if (!event) return this.s.log({ event: 'redis-malformed', channel: 'events', bytes: text.length });
    if (event.origin === this.s.node) return; // this node did it, and told its members itself
    if (room.loading) room.loading.push(event);
    else this.#apply(channel.slice(EVENT_CHANNEL_PREFIX.length), room, event);
    if (event.t !== 'joined' && event.t !== 'topology' && event.t !== 'back') this.onSfuFeeds?.(channel.slice(EVENT_CHANNEL_PREFIX.length));
  }

  #onSeatMessage(id: string, text: string): void {
    const body = this.#handover.filter(id, text);
    if (body === undefined) return; // handed on by the seat's old node, but it came here directly too
    const command = parseModerationCommand(body);
    if (command) return void (this.#locals.has(id) && this.onModerate?.(id, command));
    const data = checkSeatMessage(body);
    if (data === undefined) return this.s.log({ event: 'redis-malformed', channel: 'seat', bytes: text.length });
    const held = this.#held.get(id);
    if (held) return void held.push(data);
    const member = this.#locals.get(id);
    if (member && !member.draining) member.participant.deliver(data);
  }

  #apply(roomName: string, room: RoomReplica, event: RoomEvent): void {
    const tell = (message: ServerMessage, subject: string): void => {
      const data = JSON.stringify(message);
      for (const m of room.members.values()) if (m.local && !m.draining && m.entry.id !== subject) m.participant.deliver(data);
    };
    switch (event.t) {
      case 'topology':
        return this.onTopology?.(roomName, event.topology);
      case 'sfu-feeds':
        return;
      case 'joined':
        if (room.members.has(event.p.id)) return;
        room.members.set(event.p.id, this.#remote(roomName, event.p));
        return tell({ type: 'peer-joined', peer: { id: event.p.id, name: event.p.name, role: event.p.role } }, event.p.id);
      case 'left': {
        const member = room.members.get(event.id);
        if (!member) return;
        if (member.local) return this.s.log({ event: 'redis-evicted', id: event.id }); // seen dead by the cluster
        room.members.delete(event.id);
        return tell({ type: 'peer-left', id: event.id }, event.id);
      }
      case 'away':
      case 'back': {
        const member = room.members.get(event.id);
        if (!member || member.local || member.entry.away === (event.t === 'away')) return;
        member.entry.away = event.t === 'away';
        return tell({ type: event.t === 'away' ? 'peer-away' : 'peer-back', id: event.id }, event.id);
      }
      case 'moved': {
        const member = room.members.get(event.id);
        if (!member) return;
        if (member.local && event.to !== this.s.node) this.#movedAway(roomName, room, member, event.lastSeq);
        member.entry.node = event.to;
        const wasAway = member.entry.away || event.away;
        member.entry.away = false;
        if (wasAway) tell({ type: 'peer-back', id: event.id }, event.id);
      }
    }
  }

  /** Another node took our participant's seat: drop it here without a word to anyone (no leave). */
  #movedAway(roomName: string, room: RoomReplica, member: Member, lastSeq: number): void {
    const id = member.entry.id;
    const seat = this.#seats.get(id);
    this.#seats.delete(id);
    this.#locals.delete(id);
    this.#held.delete(id);
    const remote = this.#remote(roomName, member.entry);
    room.members.set(id, remote);
    void this.s.link.sub.unsubscribe(keys.seatChannel(id)).catch(() => undefined);
    // Messages numbered here while it was away that the client never got: on to its new node.
    if (seat) for (const data of seat.unsentAfter(lastSeq)) this.#send([id], HANDED_ON + data);
    this.onMovedAway?.(seat, member.participant, lastSeq);
    seat?.dispose();
    this.#unwatchIfIdle(roomName);
  }

  #remote(room: string, entry: Entry): Member {
    const { id, name, role } = entry;
    return { entry, local: false, draining: false, participant: { id, name, role, room, deliver: (data) => this.#send([id], data) } };
  }

  // ---- presence -------------------------------------------------------------------------------------------

  async join(room: string, name: string, role: Role, deliver: (data: string) => void, id: string = randomUUID()): Promise<JoinResult> {
    if (!this.available) return { ok: false, reason: 'server-unavailable' };
    const replica = this.#watch(room);
    replica.pending++;
    this.#held.set(id, []);
    try {
      await Promise.all([replica.watched, this.s.link.sub.subscribe(keys.seatChannel(id))]);
      let taken = [...replica.members.values()].map((m) => m.entry.name);
      for (let attempt = 0; attempt < 5; attempt++) {
        const display = displayName(name, taken, MAX_NAME_LENGTH);
        const reply = await this.s.link.run(
          JOIN,
          [keys.room(room), keys.names(room), keys.rooms, keys.seat(id), keys.nodeSeats(this.s.node), keys.joins],
          [id, display, nameKey(display), role, this.s.node, this.s.maxParticipantsPerRoom, this.s.maxRooms, room, this.s.node],
        );
        const [status, entryJson, ...snapshot] = asStrings(reply);
        if (status === 'name-taken') {
          taken = (await this.s.link.cmd.hvals(keys.room(room))).map((e) => parseEntry(e)?.name ?? '');
          continue;
        }
        if (status !== 'ok') {
          this.#dropLocalSubscription(id);
          return { ok: false, reason: status === 'server-full' ? 'server-full' : status === 'room-full' ? 'room-full' : 'server-unavailable' };
        }
        const entry = entryJson === undefined ? undefined : parseEntry(entryJson);
        if (!entry) throw new Error('malformed join reply');
        this.#load(room, replica, snapshot);
        const member = this.#addLocal(room, replica, entry, deliver);
        const others = [...replica.members.values()].filter((m) => m !== member).sort(byJoinOrder).map((m) => m.participant);
        return { ok: true, participant: member.participant, others };
      }
      this.#dropLocalSubscription(id);
      return { ok: false, reason: 'server-unavailable' };
    } catch (error) {
      this.#dropLocalSubscription(id);
      this.s.log({ event: 'redis-error', where: 'join', code: error instanceof Error ? error.message.slice(0, 80) : typeof error });
      return { ok: false, reason: 'server-unavailable' };
    } finally {
      replica.pending--;
      this.#unwatchIfIdle(room);
    }
  }

  activate(id: string): void {
    const held = this.#held.get(id);
    this.#held.delete(id);
    const member = this.#locals.get(id);
    if (held && member) for (const data of held) member.participant.deliver(data);
  }

  leave(participant: Participant): Participant[] {
    const { room: roomName, id } = participant;
    const room = this.#rooms.get(roomName);
    const member = room?.members.get(id);
    if (!room || !member?.local) return [];
    room.members.delete(id);
    this.#locals.delete(id);
    this.#held.delete(id);
    void this.s.link.sub.unsubscribe(keys.seatChannel(id)).catch(() => undefined);
    if (this.available) {
      this.s.link.run(LEAVE, [], [roomName, id, this.s.node, this.s.node]).catch((error: unknown) => this.#logError('leave', error));
    }
    const remaining = this.local(roomName, id);
    this.#unwatchIfIdle(roomName);
    return remaining;
  }

  find(room: string, id: string): Participant | undefined {
    return this.#rooms.get(room)?.members.get(id)?.participant;
  }

  others(room: string, exceptId: string): Participant[] {
    const members = this.#rooms.get(room)?.members;
    if (!members) return [];
    return [...members.values()].filter((m) => m.entry.id !== exceptId).sort(byJoinOrder).map((m) => m.participant);
  }

  local(room: string, exceptId: string): Participant[] {
    const members = this.#rooms.get(room)?.members;
    if (!members) return [];
    return [...members.values()].filter((m) => m.local && !m.draining && m.entry.id !== exceptId).sort(byJoinOrder).map((m) => m.participant);
  }

  deliver(targets: readonly Participant[], data: string, sender?: { id: string; seq: number }): void {
    const remote: string[] = [];
    for (const target of targets) {
      const member = this.#locals.get(target.id);
      if (member && !member.draining) member.participant.deliver(data);
      else remote.push(target.id);
    }
    if (remote.length > 0 || sender) this.#send(remote, data, sender);
  }

  /** One `SEND` call (see the script); failures are logged, never thrown (Redis down: other nodes are unreachable). */
  #send(ids: string[], data: string, sender?: { id: string; seq: number }): void {
    if (!this.available) return;
    const keyList = [sender ? keys.seat(sender.id) : keys.seat(''), ...ids.map(keys.pending)];
    this.s.link
      .run(SEND, keyList, [sender ? sender.seq : '', this.s.pendingTtlMs, this.s.maxPending, data, ...ids])
      .catch((error: unknown) => this.#logError('send', error));
  }

  away(participant: Participant): void {
    this.#presence(participant, true);
  }

  back(participant: Participant): void {
    this.#presence(participant, false);
  }

  #presence(participant: Participant, away: boolean): void {
    const member = this.#locals.get(participant.id);
    if (!member) return;
    member.entry.away = away;
    if (!this.available) return;
    const { room, id } = participant;
    this.s.link.run(PRESENCE, [keys.room(room)], [id, away ? '1' : '0', this.s.node, room, this.s.node]).catch((error: unknown) => this.#logError('presence', error));
  }

  // ---- cross-node resume and drain --------------------------------------------------------------------------

  /**
   * Takes over seat `id` of `room` from whichever node had it (resume on another node): subscribes to its seat
   * channel first, then atomically makes this node its owner and drains its pending list. Messages that come on
   * the seat channel meanwhile wait until {@link activate}.
   */
  async takeOver(id: string, room: string, token: string, lastSeq: number, deliver: (data: string) => void): Promise<TakeOverResult> {
    if (!this.available) return { ok: false, reason: 'server-unavailable' };
    if (this.#locals.has(id)) return { ok: false, reason: 'unknown' };
    const replica = this.#watch(room);
    replica.pending++;
    this.#held.set(id, []);
    this.#handover.start(id);
    try {
      await Promise.all([replica.watched, this.s.link.sub.subscribe(keys.seatChannel(id))]);
      const reply = await this.s.link.run(
        TAKEOVER,
        [keys.seat(id), keys.room(room), keys.pending(id), keys.nodeSeats(this.s.node)],
        [id, digest(token), this.s.node, room, lastSeq, this.s.node],
      );
      const [status, lcs, from, wasAway, pendingJson, ...snapshot] = asStrings(reply);
      if (status !== 'ok') {
        this.#dropLocalSubscription(id);
        return { ok: false, reason: status === 'token' ? 'token' : 'unknown' };
      }
      this.#load(room, replica, snapshot);
      const entry = snapshot.map((e) => parseEntry(e)).find((e) => e?.id === id);
      if (!entry) throw new Error('malformed takeover reply');
      const member = this.#addLocal(room, replica, { ...entry, node: this.s.node, away: false }, deliver);
      const pending = parsePending(pendingJson).flatMap((m) => checkSeatMessage(unmarked(m)) ?? []);
      const others = [...replica.members.values()].filter((m) => m !== member).sort(byJoinOrder).map((m) => m.participant);
      return { ok: true, participant: member.participant, others, lastClientSeq: Number(lcs) || 0, pending, wasAway: wasAway === '1', from: from ?? '' };
    } catch (error) {
      this.#dropLocalSubscription(id);
      this.#logError('takeover', error);
      return { ok: false, reason: 'server-unavailable' };
    } finally {
      replica.pending--;
      this.#unwatchIfIdle(room);
    }
  }

  /**
   * Drain: stop delivering to local seat `id` (UNSUBSCRIBE: messages sent to it from now on, from any node, wait in
   * its pending list for the node that takes it over). Resolves once Redis confirmed, or after 1 s.
   */
  async release(id: string): Promise<void> {
    const member = this.#locals.get(id);
    if (!member) return;
    member.draining = true;
    await Promise.race([this.s.link.sub.unsubscribe(keys.seatChannel(id)).catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  /** Forgets a released participant here only: its seat stays in Redis for another node to take over. */
  forget(participant: Participant): void {
    const member = this.#locals.get(participant.id);
    if (!member) return;
    this.#locals.delete(participant.id);
    this.#rooms.get(participant.room)?.members.delete(participant.id);
    this.#seats.get(participant.id)?.dispose();
    this.#seats.delete(participant.id);
    this.#unwatchIfIdle(participant.room);
  }

  /** Redis is back (it may have lost its data): put this node's participants back, drop its stale entries. */
  reassert(): Promise<void> {
    return reassert(this.s.link, this.s.node, this.#rooms, this.#seats, (room, entry) => {
      const replica = this.#rooms.get(room);
      if (!replica || replica.members.has(entry.id)) return;
      replica.members.set(entry.id, this.#remote(room, entry));
      const data = JSON.stringify({ type: 'peer-joined', peer: { id: entry.id, name: entry.name, role: entry.role } } satisfies ServerMessage);
      for (const m of replica.members.values()) if (m.local && !m.draining) m.participant.deliver(data);
    }).catch((error: unknown) => this.#logError('reassert', error));
  }

  // ---- seats (kept on the node that holds them) -------------------------------------------------------------

  seat(id: string): Seat | undefined {
    return this.#seats.get(id);
  }

  putSeat(seat: Seat): void {
    this.#seats.set(seat.participant.id, seat);
    if (this.available) {
      this.s.link.cmd.hset(keys.seat(seat.participant.id), 'digest', digest(seat.token)).catch((error: unknown) => this.#logError('seat', error));
    }
  }

  deleteSeat(id: string): void {
    this.#seats.delete(id);
  }

  seats(): Iterable<Seat> {
    return this.#seats.values();
  }

  // Restoring from a token (after a restart) does not apply: seats live in Redis and are taken over instead.
  markRestored(): void {}

  wasRestored(): boolean {
    return true;
  }

  prune(): void {}

  clear(): void {
    for (const seat of this.#seats.values()) seat.dispose();
    this.#seats.clear();
  }

  // ---- replicas ---------------------------------------------------------------------------------------------

  #watch(roomName: string): RoomReplica {
    let room = this.#rooms.get(roomName);
    if (!room) {
      room = { members: new Map(), loading: [], watched: this.s.link.sub.subscribe(keys.events(roomName)), pending: 0 };
      this.#rooms.set(roomName, room);
    }
    return room;
  }

  /** Fills a replica from a script's snapshot of the room, then applies the events that came meanwhile. */
  #load(roomName: string, room: RoomReplica, snapshot: string[]): void {
    if (!room.loading) return;
    for (const text of snapshot) {
      const entry = parseEntry(text);
      if (entry && !room.members.has(entry.id)) room.members.set(entry.id, this.#remote(roomName, entry));
    }
    const events = room.loading;
    room.loading = undefined;
    // Idempotent: an event already reflected in the snapshot changes nothing (and tells nobody: no local member yet).
    for (const event of events) this.#apply(roomName, room, event);
  }

  #addLocal(roomName: string, room: RoomReplica, entry: Entry, deliver: (data: string) => void): Member {
    const { id, name, role } = entry;
    const member: Member = { entry, local: true, draining: false, participant: { id, name, role, room: roomName, deliver: (data) => {
      if (member.draining) this.#send([id], data);
      else deliver(data);
    } } };
    room.members.set(id, member);
    this.#locals.set(id, member);
    return member;
  }

  #unwatchIfIdle(roomName: string): void {
    const room = this.#rooms.get(roomName);
    if (!room || room.pending > 0 || [...room.members.values()].some((m) => m.local)) return;
    this.#rooms.delete(roomName);
    void this.s.link.sub.unsubscribe(keys.events(roomName)).catch(() => undefined);
  }

  #dropLocalSubscription(id: string): void {
    this.#held.delete(id);
    this.#handover.stop(id);
    if (!this.#locals.has(id)) void this.s.link.sub.unsubscribe(keys.seatChannel(id)).catch(() => undefined);
  }

  #logError(where: string, error: unknown): void {
    this.s.log({ event: 'redis-error', where, code: error instanceof Error ? error.message.slice(0, 80) : typeof error });
  }
}

function asStrings(reply: Reply): string[] {
  return Array.isArray(reply) ? reply.map((r) => (typeof r === 'string' ? r : String(r))) : [String(reply)];
}

function parsePending(text: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
