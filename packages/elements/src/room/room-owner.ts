import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Room, RtcError, Topology } from '@rtc-room/core';
import { toRtcError } from '../internal/errors.js';
import { createRoom, withMediaChoice, type MediaChoice, type RtcRoomOptions, type SignalingKind } from './create-room.js';

/** Is `value` a `Room` (rather than a room name)? */
export function isRoom(value: unknown): value is Room {
  return typeof value === 'object' && value !== null && typeof (value as Room).join === 'function';
}

/** What a {@link RoomOwner} reads of its element (`<rtc-room>`'s properties of the same names). */
export interface RoomOwnerHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  /** A room name (a `Room` is created and owned for it), or a `Room` that is only followed. */
  readonly room: string | Room | undefined;
  readonly server: string;
  readonly name: string;
  readonly signaling: SignalingKind | '';
  /** No automatic join. */
  readonly manual: boolean;
  readonly token: string | undefined;
  readonly iceTransportPolicy: RTCIceTransportPolicy | undefined;
  readonly topology: Topology | '';
  readonly roomOptions: RtcRoomOptions;
  /** `last-n` (declared in room.ts): `RoomOptions.lastN`, unless `roomOptions` sets it. */
  readonly lastN?: number | undefined;
  /** A pre-join screen is shown: no automatic join (the screen's Join button joins). */
  readonly prejoin: boolean;
  /** What the pre-join screen chose, applied to the next `Room` created. */
  readonly mediaChoice: MediaChoice | undefined;
}

/** What a {@link RoomOwner} tells its element. */
export interface RoomOwnerCallbacks {
  /** The room in use is now `room` (assigned, created, or none): follow its events. */
  follow(room: Room | undefined): void;
  /** An owned room is given up (another room, server or name; the element removed) and is being left. */
  released(room: Room): void;
  /** A join starts. */
  joining(): void;
  /** A join of the room in use failed (`join()` also rejects with it). */
  failed(error: RtcError): void;
}

/**
 * `<rtc-room>`'s room ownership: with a room name it creates the `Room` (over the WebSocket `server` or
 * `BroadcastChannel`), joins it automatically once the element is in the document (unless `manual`), creates a new
 * one when the room, server or name change (leaving the old one) and leaves it when the element is removed — a move
 * in the DOM (removed and inserted in the same task) keeps the call. An assigned `Room` is only followed, never
 * left. The room in use is {@link room}.
 */
export class RoomOwner implements ReactiveController {
  private owned: Room | undefined;
  private ownedKey = '';
  private autoJoinKey = '';
  private joins: Promise<void> | undefined;
  /** The configuration {@link joins} is for. */
  private joinsKey = '';

  constructor(
    private readonly host: RoomOwnerHost,
    private readonly callbacks: RoomOwnerCallbacks,
  ) {
    host.addController(this);
  }

  /** The `Room` in use: the one assigned to `room`, or the one created for its name. */
  get room(): Room | undefined {
    return isRoom(this.host.room) ? this.host.room : this.owned;
  }

  /**
   * Joins (creating a fresh `Room` when the element owns it and the previous one was left); one join at a time.
   * @throws {RtcError} as `<rtc-room>`'s `join()`.
   */
  join(): Promise<void> {
    // One join at a time per configuration. A join for a room given up meanwhile (room, server or name changed
    // while joining) is not waited for: it rejects on its own once its Room is left, and this one starts now.
    const key = this.configKey();
    if (this.joins && this.joinsKey === key) return this.joins;
    const joins = this.doJoin().finally(() => {
      if (this.joins === joins) this.joins = undefined;
    });
    this.joins = joins;
    this.joinsKey = key;
    return joins;
  }

  hostUpdate(): void {
    // A new room, server or name, or an assigned Room: the owned Room is for another call now.
    if (this.owned && (isRoom(this.host.room) || this.ownedKey !== this.configKey())) this.dispose();
    this.callbacks.follow(this.room);
  }

  hostUpdated(): void {
    // Joining changes state the element renders; start it after this update, not inside it.
    queueMicrotask(() => this.autoJoin());
  }

  hostDisconnected(): void {
    // A move in the DOM (remove + insert in the same task) must not end the call: decide in a microtask.
    queueMicrotask(() => {
      if (this.host.isConnected) return;
      this.autoJoinKey = '';
      this.dispose();
    });
  }

  private async doJoin(): Promise<void> {
    let room = this.room;
    try {
      const stale = room !== undefined && room === this.owned && (room.state === 'disconnected' || this.ownedKey !== this.configKey());
      if (!room || stale) {
        room = await this.create();
        if (room !== this.room) return; // the room, server or name changed while the adapter loaded
      }
      if (room.state === 'connected' || room.state === 'reconnecting') return;
      this.callbacks.joining();
      await room.join();
    } catch (cause) {
      const error = toRtcError(cause);
      if (!room || room === this.room) this.callbacks.failed(error);
      throw error;
    }
  }

  private async create(): Promise<Room> {
    this.dispose();
    const h = this.host;
    const name = typeof h.room === 'string' ? h.room.trim() : '';
    if (!name) throw toRtcError(new Error('Set the room attribute to the name of the room to join.'), 'invalid-argument');
    const key = this.configKey();
    const room = await createRoom({
      room: name,
      name: h.name,
      server: h.server,
      signaling: h.signaling,
      token: h.token,
      iceTransportPolicy: h.iceTransportPolicy,
      topology: h.topology,
      options: withMediaChoice(h.lastN == null ? h.roomOptions : { lastN: h.lastN, ...h.roomOptions }, h.mediaChoice),
    });
    if (key !== this.configKey() || isRoom(h.room)) return room; // changed meanwhile: not the room in use
    this.owned = room;
    this.ownedKey = key;
    this.callbacks.follow(room);
    return room;
  }

  private dispose(): void {
    const room = this.owned;
    if (!room) return;
    this.owned = undefined;
    this.callbacks.released(room);
    void room.leave().catch(() => undefined);
  }

  private configKey(): string {
    const h = this.host;
    return JSON.stringify([typeof h.room === 'string' ? h.room : '', h.server, h.name, h.signaling]);
  }

  private autoJoin(): void {
    const h = this.host;
    if (!h.isConnected || h.manual || h.prejoin || typeof h.room !== 'string' || !h.room.trim()) return;
    if (!h.server && h.signaling !== 'broadcast-channel') return;
    const key = this.configKey();
    if (key === this.autoJoinKey) return;
    this.autoJoinKey = key;
    this.join().catch(() => undefined); // reported through `failed` (rtc-error and the status region)
  }
}
