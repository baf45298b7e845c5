/**
 * Moderation (room token role `moderator`): mute another participant's microphone, remove a participant, lock the
 * room. Semantics follow LiveKit and Google Meet (docs/server.md "Moderation"):
 * - **mute** is a remote mute: the target's client is told (`moderation` `muted`) and stops sending audio; in SFU
 *   rooms the server also mutes the target's audio at Janus, so it stops at the SFU whatever the client does. The
 *   target may unmute itself (its client sends `moderate` `unmute` for itself, which lifts the Janus mute), unless
 *   the moderator muted with `hold`: then that is refused with `forbidden` until a moderator lifts the hold.
 *   Nobody can turn someone else's microphone on.
 * - **remove** ends the target's seat (`error` `removed`, close 4003, the others get `peer-left`); its id cannot
 *   resume and its room token (by `jti`, else the token itself) cannot join this room again until it expires.
 * - **lock**: `join`s of non-moderators are refused with `room-locked` until unlocked or the room empties.
 * State is per server process (with Redis, a lock and the deny list hold on the node that made them, and removal
 * of a participant on another node is delivered to its client, not enforced by that node).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { ProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ServerMessage, Role } from '../protocol.js';
import type { ModerateMessage } from '@rtc-room/protocol';
import type { Participant } from '../rooms.js';
import { RESUME_TOKEN_MAX_AGE_MS } from '../resume-token.js';
import type { SessionStore } from '../sessions/store.js';
import type { SfuService } from '../sfu/service.js';

/** What moderation needs of a participant's socket: end it as removed. */
export interface ModeratedClient {
  /** Sends `error` `removed`, leaves the room (the others get `peer-left`) and closes with 4003. */
  removed(): void;
}

/** What a joining participant's room token says, for the deny list. */
export interface TokenIdentity {
  /** `jti` when the token has one, else a SHA-256 of the token. */
  key: string;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

/** The identity of a room token for the deny list: its `jti`, else a hash of the token. */
export function tokenIdentity(token: string, claims: { jti?: string; exp: number }): TokenIdentity {
  const key = claims.jti !== undefined ? `jti:${claims.jti}` : `sha256:${createHash('sha256').update(token).digest('base64url')}`;
  return { key, expiresAt: claims.exp * 1000 };
}

type Reply = Extract<ServerMessage, { type: 'moderate-reply' }>;

/** Locks, mute holds and removals of one server. */
export class Moderation {
  /** Locked rooms. */
  readonly #locked = new Set<string>();
  /** Participants muted by a moderator, and whether the mute is held (no self-unmute). */
  readonly #muted = new Map<string, boolean>();
  /** Removed participant ids and denied `room\ntoken` keys, with when the entry may be forgotten (ms). */
  readonly #denied = new Map<string, number>();
  /** Sockets of the participants on this node, with their room token identity. */
  readonly #clients = new Map<string, { client: ModeratedClient; token: TokenIdentity | undefined }>();

  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly sfu?: SfuService | undefined,
  ) {}

  /** Whether a moderator locked `room`. */
  isLocked(room: string): boolean {
    return this.#locked.has(room);
  }

  /**
   * The refusal of a `join` to `room`, if any: `removed` for a token of a removed participant, `room-locked` for a
   * non-moderator while the room is locked.
   */
  refuseJoin(room: string, role: Role, token: TokenIdentity | undefined): ProtocolError | undefined {
    this.#prune();
    if (token && this.#denied.has(`${room}\n${token.key}`)) {
      return new ProtocolError('removed', 'a moderator removed you from this room; ask for a new invitation', 'removed-token', 'join');
    }
    if (role !== 'moderator' && this.#locked.has(room)) {
      return new ProtocolError('room-locked', 'this room is locked by a moderator; ask them to unlock it', 'room-locked', 'join');
    }
    return undefined;
  }

  /** The refusal of a `resume` of seat `id`: `removed` when a moderator removed it. */
  refuseResume(id: string): ProtocolError | undefined {
    return this.#denied.has(`id\n${id}`)
      ? new ProtocolError('removed', 'a moderator removed you from this room', 'removed-resume', 'resume')
      : undefined;
  }

  /** A participant's socket on this node (after `joined` / `resumed`). */
  bind(participant: Participant, client: ModeratedClient, token?: TokenIdentity): void {
    const existing = this.#clients.get(participant.id);
    this.#clients.set(participant.id, { client, token: token ?? existing?.token });
  }

  /** The participant left its room (`remaining`: how many are left there). */
  left(participant: Participant, remaining: number): void {
    this.#clients.delete(participant.id);
    this.#muted.delete(participant.id);
    if (remaining === 0) this.#locked.delete(participant.room);
  }

  /** Handles one `moderate` request of a joined participant; answers with `moderate-reply`. Never throws. */
  handle(from: Participant, message: ModerateMessage): void {
    const reply = (error?: Reply['error']): void =>
      from.deliver(JSON.stringify({ type: 'moderate-reply', req: message.req, ...(error ? { error } : {}) } satisfies Reply));
    const self = message.op === 'unmute' && message.id === from.id;
    if (!self && from.role !== 'moderator') {
      this.log({ event: 'refusal', id: from.id, code: 'forbidden', reason: 'not-moderator', ref: 'moderate' });
      return reply({ code: 'forbidden', message: `"${message.op}" needs the moderator role (room token "role": "moderator")` });
    }
    if (message.op === 'lock') {
      if (message.locked === undefined) return reply({ code: 'invalid-message', message: '"lock" needs "locked"' });
      return reply(this.#lock(from, message.locked));
    }
    const target = message.id === undefined ? undefined : this.store.find(from.room, message.id);
    if (!target) return reply({ code: 'unknown-peer', message: 'no such participant in this room' });
    if (message.op === 'remove') {
      if (target.id === from.id) return reply({ code: 'invalid-message', message: 'use "leave" to leave the room' });
      this.#remove(from, target);
    } else if (message.op === 'mute') {
      this.#mute(from, target, message.hold === true);
    } else if (self) {
      if (this.#muted.get(target.id) === true) return reply({ code: 'forbidden', message: 'a moderator holds your microphone muted' });
      this.#muted.delete(target.id);
      this.#sfuMute(target, false);
    } else if (this.#muted.has(target.id)) {
      this.#muted.set(target.id, false);
      this.#tell(target, { type: 'moderation', action: 'unmute-allowed', by: from.id });
    }
    this.log({ event: 'moderate', id: from.id, op: message.op, target: target.id });
    reply();
  }

  #mute(from: Participant, target: Participant, hold: boolean): void {
    this.#muted.set(target.id, hold);
    this.#tell(target, { type: 'moderation', action: 'muted', by: from.id, ...(hold ? { hold } : {}) });
    this.#sfuMute(target, true);
  }

  /** The target's audio at Janus, when the room uses the SFU (a failure is logged: the client-side mute stands). */
  #sfuMute(target: Participant, mute: boolean): void {
    this.sfu?.moderateAudio(target, mute).then(
      (mids) => mids.length > 0 && this.log({ event: 'sfu-moderate', id: target.id, mute, mids: mids.length }),
      (error: unknown) => this.log({ event: 'sfu-error', id: target.id, op: 'moderate', error: String(error).slice(0, 200) }),
    );
  }

  #remove(from: Participant, target: Participant): void {
    const local = this.#clients.get(target.id);
    const until = Math.max(Date.now() + RESUME_TOKEN_MAX_AGE_MS, local?.token?.expiresAt ?? 0);
    this.#denied.set(`id\n${target.id}`, until);
    if (local?.token) this.#denied.set(`${target.room}\n${local.token.key}`, local.token.expiresAt);
    if (local) return local.client.removed();
    // On another node (Redis): its client is told and leaves; that node does not enforce it.
    this.#tell(target, { type: 'error', code: 'removed', message: 'a moderator removed you from the room' });
    this.log({ event: 'moderate-remote', id: from.id, op: 'remove', target: target.id });
  }

  #lock(from: Participant, locked: boolean): undefined {
    if (locked) this.#locked.add(from.room);
    else this.#locked.delete(from.room);
    const data = JSON.stringify({ type: 'room-lock', locked, by: from.id } satisfies ServerMessage);
    this.store.deliver([from, ...this.store.others(from.room, from.id)], data);
    return undefined;
  }

  #tell(target: Participant, message: ServerMessage): void {
    this.store.deliver([target], JSON.stringify(message));
  }

  #prune(): void {
    const now = Date.now();
    for (const [key, until] of this.#denied) if (until <= now) this.#denied.delete(key);
  }
}
