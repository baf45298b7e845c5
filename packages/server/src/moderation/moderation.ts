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
 * With a Redis backplane ({@link SharedModeration}) locks and the deny list are shared by every node, and a step on a
 * participant served by another node is sent there and enforced by that node (`./shared.ts`); otherwise the state
 * is this process's.
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
import { deniedIdKey, deniedTokenKey, type ModerationCommand, type SharedModeration } from './shared.js';

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

/** A refusal, or none; a promise of one when the shared store must be asked. */
export type Refusal = ProtocolError | undefined | Promise<ProtocolError | undefined>;

/**
 * Runs `next` unless `refusal` is (or resolves to) an error, which goes to `fail` instead; a pending refusal makes
 * `next` wait for the shared store's answer.
 */
export function unlessRefused(refusal: Refusal, next: () => void | Promise<void>, fail: (error: ProtocolError) => void): void | Promise<void> {
  if (refusal instanceof Promise) return refusal.then(async (error) => (error ? fail(error) : next()));
  return refusal ? fail(refusal) : next();
}

const unreachable = (): Reply['error'] => ({ code: 'server-unavailable', message: 'the server cannot reach its shared store right now; try again' });

/** Locks, mute holds and removals of one server. */
export class Moderation {
  /** Locked rooms. */
  readonly #locked = new Set<string>();
  /** Participants muted by a moderator, and whether the mute is held (no self-unmute). */
  readonly #muted = new Map<string, boolean>();
  /** Removed participant ids and denied `room\ntoken` keys, with when the entry may be forgotten (ms). */
  readonly #denied = new Map<string, number>();
  /** Sockets of the participants on this node, with their room token identity. */
  readonly #clients = new Map<string, { participant: Participant; client: ModeratedClient; token: TokenIdentity | undefined }>();

  /** @param shared - locks and the deny list of a Redis backplane (cluster-wide moderation) */
  constructor(
    private readonly store: SessionStore,
    private readonly log: Logger,
    private readonly sfu?: SfuService | undefined,
    private readonly shared?: SharedModeration | undefined,
  ) {}

  /** Whether a moderator locked `room`. */
  isLocked(room: string): boolean {
    return this.#locked.has(room);
  }

  /**
   * The refusal of a `join` to `room`, if any: `removed` for a token of a removed participant, `room-locked` for a
   * non-moderator while the room is locked; with a shared store, `server-unavailable` while it cannot be asked.
   */
  refuseJoin(room: string, role: Role, token: TokenIdentity | undefined): Refusal {
    this.#prune();
    const removed = (): ProtocolError => new ProtocolError('removed', 'a moderator removed you from this room; ask for a new invitation', 'removed-token', 'join');
    const locked = (): ProtocolError => new ProtocolError('room-locked', 'this room is locked by a moderator; ask them to unlock it', 'room-locked', 'join');
    if (token && this.#denied.has(deniedTokenKey(room, token.key))) return removed();
    if (!this.shared) return role !== 'moderator' && this.#locked.has(room) ? locked() : undefined;
    return this.shared.check(room, token?.key).then(
      (found) => {
        // The cluster's lock is the truth; this node's copy answers `joined.locked`.
        if (found.locked) this.#locked.add(room);
        else this.#locked.delete(room);
        if (found.denied) return removed();
        return role !== 'moderator' && found.locked ? locked() : undefined;
      },
      () => ProtocolError.serverUnavailable('join'),
    );
  }

  /** The refusal of a `resume` of seat `id`: `removed` when a moderator removed it (on any node, when shared). */
  refuseResume(id: string): Refusal {
    const removed = (): ProtocolError => new ProtocolError('removed', 'a moderator removed you from this room', 'removed-resume', 'resume');
    if (this.#denied.has(deniedIdKey(id))) return removed();
    if (!this.shared) return undefined;
    return this.shared.denied(deniedIdKey(id)).then(
      (denied) => (denied ? removed() : undefined),
      () => ProtocolError.serverUnavailable('resume'),
    );
  }

  /** A participant's socket on this node (after `joined` / `resumed`). */
  bind(participant: Participant, client: ModeratedClient, token?: TokenIdentity): void {
    const existing = this.#clients.get(participant.id);
    this.#clients.set(participant.id, { participant, client, token: token ?? existing?.token });
    // Removed by a moderator on another node while this socket was still joining.
    if (this.#denied.has(deniedIdKey(participant.id))) client.removed();
  }

  /**
   * A moderator on another node acted on local participant `id` (`./shared.ts`): done here, where its socket and
   * its SFU handle are.
   */
  onRemote(id: string, command: ModerationCommand): void {
    const local = this.#clients.get(id);
    if (!local) return;
    const target = local.participant;
    this.log({ event: 'moderate', id: command.by, op: command.op, target: id, from: 'remote' });
    if (command.op === 'mute') return this.#mute(command.by, target, command.hold === true);
    if (command.op === 'unmute-allowed') return this.#allowUnmute(command.by, target);
    this.#removeLocal(target, local).catch((error: unknown) =>
      this.log({ event: 'moderate-failed', id: command.by, op: 'remove', error: error instanceof Error ? error.message.slice(0, 120) : typeof error }));
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
    const failed = (error: unknown): void => {
      this.log({ event: 'moderate-failed', id: from.id, op: message.op, error: error instanceof Error ? error.message.slice(0, 120) : typeof error });
      reply(unreachable());
    };
    const self = message.op === 'unmute' && message.id === from.id;
    if (!self && from.role !== 'moderator') {
      this.log({ event: 'refusal', id: from.id, code: 'forbidden', reason: 'not-moderator', ref: 'moderate' });
      return reply({ code: 'forbidden', message: `"${message.op}" needs the moderator role (room token "role": "moderator")` });
    }
    if (message.op === 'lock') {
      if (message.locked === undefined) return reply({ code: 'invalid-message', message: '"lock" needs "locked"' });
      return void this.#lock(from, message.locked).then(() => reply(), failed);
    }
    const target = message.id === undefined ? undefined : this.store.find(from.room, message.id);
    if (!target) return reply({ code: 'unknown-peer', message: 'no such participant in this room' });
    // Served by another node (Redis): that node does it, where the target's socket and SFU handle are.
    const remote = this.shared !== undefined && !this.store.local(target.room, from.id).some((p) => p.id === target.id);
    this.log({ event: 'moderate', id: from.id, op: message.op, target: target.id, ...(remote ? { remote } : {}) });
    if (message.op === 'remove') {
      if (target.id === from.id) return reply({ code: 'invalid-message', message: 'use "leave" to leave the room' });
      return void this.#remove(from, target, remote).then(() => reply(), failed);
    }
    if (self) {
      if (this.#muted.get(target.id) === true) return reply({ code: 'forbidden', message: 'a moderator holds your microphone muted' });
      this.#muted.delete(target.id);
      this.#sfuMute(target, false);
    } else if (remote) {
      const hold = message.op === 'mute' && message.hold === true;
      this.#send(target, { type: 'moderate-target', op: message.op === 'mute' ? 'mute' : 'unmute-allowed', by: from.id, ...(hold ? { hold } : {}) });
    } else if (message.op === 'mute') {
      this.#mute(from.id, target, message.hold === true);
    } else {
      this.#allowUnmute(from.id, target);
    }
    reply();
  }

  #mute(by: string, target: Participant, hold: boolean): void {
    this.#muted.set(target.id, hold);
    this.#tell(target, { type: 'moderation', action: 'muted', by, ...(hold ? { hold } : {}) });
    this.#sfuMute(target, true);
  }

  /** A moderator lifts the hold of a muted target (nothing to say when it is not muted). */
  #allowUnmute(by: string, target: Participant): void {
    if (!this.#muted.has(target.id)) return;
    this.#muted.set(target.id, false);
    this.#tell(target, { type: 'moderation', action: 'unmute-allowed', by });
  }

  /** The target's audio at Janus, when the room uses the SFU (a failure is logged: the client-side mute stands). */
  #sfuMute(target: Participant, mute: boolean): void {
    this.sfu?.moderateAudio(target, mute).then(
      (mids) => mids.length > 0 && this.log({ event: 'sfu-moderate', id: target.id, mute, mids: mids.length }),
      (error: unknown) => this.log({ event: 'sfu-error', id: target.id, op: 'moderate', error: String(error).slice(0, 200) }),
    );
  }

  /** Removal: the seat's id is denied everywhere first, then the target's own node ends it (here or `onRemote`). */
  async #remove(from: Participant, target: Participant, remote: boolean): Promise<void> {
    if (!remote) return this.#removeLocal(target, this.#clients.get(target.id));
    const until = Date.now() + RESUME_TOKEN_MAX_AGE_MS;
    this.#denied.set(deniedIdKey(target.id), until);
    await this.shared?.deny(deniedIdKey(target.id), until);
    this.#send(target, { type: 'moderate-target', op: 'remove', by: from.id });
  }

  /**
   * Ends a local participant's seat as removed; its id and room token are denied (in the shared store too, before
   * the socket closes, so it cannot come back through another node meanwhile). Not yet bound: {@link bind} ends it.
   * @throws the shared store's error (after the seat was ended here all the same)
   */
  async #removeLocal(target: Participant, local: { client: ModeratedClient; token: TokenIdentity | undefined } | undefined): Promise<void> {
    const token = local?.token;
    const until = Math.max(Date.now() + RESUME_TOKEN_MAX_AGE_MS, token?.expiresAt ?? 0);
    this.#denied.set(deniedIdKey(target.id), until);
    if (token) this.#denied.set(deniedTokenKey(target.room, token.key), token.expiresAt);
    try {
      await Promise.all([
        this.shared?.deny(deniedIdKey(target.id), until),
        token ? this.shared?.deny(deniedTokenKey(target.room, token.key), token.expiresAt) : undefined,
      ]);
    } finally {
      local?.client.removed();
    }
  }

  /** Locks or unlocks the caller's room (cluster-wide first, when shared) and tells everyone in it. */
  async #lock(from: Participant, locked: boolean): Promise<void> {
    await this.shared?.lock(from.room, locked);
    if (locked) this.#locked.add(from.room);
    else this.#locked.delete(from.room);
    const data = JSON.stringify({ type: 'room-lock', locked, by: from.id } satisfies ServerMessage);
    this.store.deliver([from, ...this.store.others(from.room, from.id)], data);
  }

  /** A step for the node that serves `target` (its seat channel). */
  #send(target: Participant, command: ModerationCommand): void {
    this.store.deliver([target], JSON.stringify(command));
  }

  #tell(target: Participant, message: ServerMessage): void {
    this.store.deliver([target], JSON.stringify(message));
  }

  #prune(): void {
    const now = Date.now();
    for (const [key, until] of this.#denied) if (until <= now) this.#denied.delete(key);
  }
}
