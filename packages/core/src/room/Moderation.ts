import { RtcError } from '../errors/RtcError.js';
import type { SafeEmitter } from '../events/safe-emitter.js';
import type { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { ModerationChannel, ModerationEvent, ModerationRequest } from '../signaling/moderation-protocol.js';
import type { SignalingAdapter, SignalingJoinResult } from '../signaling/SignalingAdapter.js';
import type { RoomEvents } from './types.js';

/** What {@link RoomModeration} needs of its `Room`. @internal */
export interface ModerationHost {
  readonly signaling: SignalingAdapter;
  readonly events: SafeEmitter<RoomEvents>;
  participant(id: string): RemoteParticipant | undefined;
  selfId(): string;
  isModerator(): boolean;
  joined(): boolean;
  /** Turns the local microphone off (a moderator muted it). */
  muteMicrophone(): Promise<void>;
}

/**
 * Moderation of a call (`room.moderation`), for participants whose room token has `role: 'moderator'`
 * (docs/server.md "Moderation"; the server enforces every rule, this object only asks). Semantics follow
 * LiveKit and Google Meet: a moderator can turn anyone's microphone **off**, never on; the muted participant may
 * turn it on again unless the mute was `hold`; removal ends the target's call for good (its room token cannot
 * join again); a locked room refuses newcomers (`room-locked`) except moderators.
 *
 * @example
 * ```ts
 * if (room.localParticipant.role === 'moderator') {
 *   await room.moderation.muteParticipant(p.id);
 *   await room.moderation.removeParticipant(troll.id);
 *   await room.moderation.lockRoom(true);
 * }
 * room.on('mutedByModerator', (by) => toast(`${by?.name ?? 'A moderator'} muted you`));
 * ```
 */
export class RoomModeration {
  #channel: ModerationChannel | undefined;
  #locked = false;
  /** Muted by a moderator and not unmuted since: `held` when self-unmute is refused. */
  #muted: 'no' | 'yes' | 'held' = 'no';

  /** @internal */
  constructor(private readonly host: ModerationHost) {}

  /** Whether a moderator locked the room (known from joining on; `roomLockChanged` follows changes). */
  get locked(): boolean {
    return this.#locked;
  }

  /** Whether a moderator muted this participant's microphone and it has not been turned on since. */
  get mutedByModerator(): boolean {
    return this.#muted !== 'no';
  }

  /**
   * Turns participant `id`'s microphone off, for everyone: its client stops sending audio and, in SFU rooms, the
   * media server drops it too. With `hold` the participant cannot turn it on again until {@link allowUnmute}.
   * @throws {RtcError} `forbidden` unless this participant is a moderator; `unknown-peer`; `invalid-state` unless
   *   joined; `signaling-failed` when the server cannot be reached.
   */
  muteParticipant(id: string, options: { hold?: boolean } = {}): Promise<void> {
    return this.#request({ op: 'mute', id, ...(options.hold ? { hold: true } : {}) });
  }

  /**
   * Lifts the `hold` of a {@link muteParticipant}: participant `id` may turn its microphone on again (it stays off
   * until it does; nobody can turn someone else's microphone on).
   * @throws {RtcError} as {@link muteParticipant}
   */
  allowUnmute(id: string): Promise<void> {
    return this.#request({ op: 'unmute', id });
  }

  /**
   * Removes participant `id` from the call: the server closes its session (it gets `removed`), everyone gets
   * `participantLeft`, and its room token cannot join this room again.
   * @throws {RtcError} as {@link muteParticipant}; `invalid-argument` for one's own id (use `room.leave()`)
   */
  removeParticipant(id: string): Promise<void> {
    return this.#request({ op: 'remove', id });
  }

  /**
   * Locks (`true`) or unlocks the room: while locked, newcomers other than moderators are refused with
   * `room-locked`; everyone gets `roomLockChanged`. A lock ends when the room empties.
   * @throws {RtcError} as {@link muteParticipant}
   */
  lockRoom(locked: boolean): Promise<void> {
    return this.#request({ op: 'lock', locked: Boolean(locked) });
  }

  /** @internal Before `signaling.join()`. */
  open(): void {
    this.#channel = this.host.signaling.moderation?.((event) => this.#receive(event));
  }

  /** @internal */
  joined(result: SignalingJoinResult): void {
    this.#locked = result.locked === true;
  }

  /**
   * @internal Before the local microphone is turned on: after a moderator's mute, the server is asked first (it
   * lifts the SFU-side mute, or refuses a held one).
   * @returns whether a moderator's mute was lifted (the microphone must be sent again)
   * @throws {RtcError} `forbidden` while the mute is held
   */
  async beforeUnmute(): Promise<boolean> {
    if (this.#muted === 'no') return false;
    if (this.#channel && this.host.joined()) await this.#channel.request({ op: 'unmute', id: this.host.selfId() });
    this.#muted = 'no';
    return true;
  }

  /** @internal */
  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
    this.#muted = 'no';
  }

  #request(request: ModerationRequest): Promise<void> {
    if (!this.host.joined()) return Promise.reject(RtcError.invalidState('Moderation needs a joined room.'));
    if (!this.#channel || !this.host.isModerator()) {
      return Promise.reject(new RtcError('forbidden', 'Moderation needs a room token with "role": "moderator".'));
    }
    return this.#channel.request(request);
  }

  #receive(event: ModerationEvent): void {
    const { events } = this.host;
    const by = 'by' in event ? this.host.participant(event.by) : undefined;
    if (event.type === 'room-lock') {
      this.#locked = event.locked;
      events.emit('roomLockChanged', event.locked, by);
    } else if (event.type === 'removed') {
      events.emit('removed');
    } else if (event.action === 'muted') {
      this.#muted = event.hold ? 'held' : 'yes';
      void this.host.muteMicrophone().catch(() => undefined);
      events.emit('mutedByModerator', by, event.hold === true);
    } else {
      if (this.#muted === 'held') this.#muted = 'yes';
      events.emit('unmuteAllowed', by);
    }
  }
}
