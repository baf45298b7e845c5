import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ROOM_EVENT_NAMES, type Room, type RoomEvents } from '@rtc-room/core';

/** Name of a `Room` event. */
export type RoomEventName = keyof RoomEvents;

/**
 * Events a {@link RoomController} does not re-render on by default: listening to `activeSpeakerChanged` makes a mesh
 * room sample audio levels (the elements that show the speaker listen on purpose); `messageReceived`,
 * `connectionPathChanged`, `peerConnectionStateChanged` and `localDeviceLost` change nothing the elements read from the room (the element that
 * shows one listens to it).
 */
const QUIET: ReadonlySet<RoomEventName> = new Set(['activeSpeakerChanged', 'messageReceived', 'connectionPathChanged', 'peerConnectionStateChanged', 'localDeviceLost']);

/** The events a {@link RoomController} re-renders on by default: every `Room` event (core's `ROOM_EVENT_NAMES`) but the quiet ones. */
export const ROOM_EVENTS: readonly RoomEventName[] = ROOM_EVENT_NAMES.filter((name) => !QUIET.has(name));

/** Options of a {@link RoomController}. */
export interface RoomControllerOptions {
  /** Events after which the host re-renders. Default {@link ROOM_EVENTS}. */
  events?: readonly RoomEventName[];
  /** Extra listeners, called (before the re-render is requested) with the event's arguments. */
  listeners?: Partial<RoomEvents>;
}

/**
 * Connects a Lit element to a `Room`: subscribes to the room's events while the host is connected, and after each
 * one bumps {@link RoomController.revision} and calls `host.requestUpdate()`. Data flows one way: the Room emits,
 * the host re-renders from the Room's read-only state, and calls Room methods for user actions.
 *
 * @example
 * ```ts
 * class MyBadge extends LitElement {
 *   private readonly roomController = new RoomController(this, { events: ['participantJoined', 'participantLeft'] });
 *   set room(room: Room) { this.roomController.room = room; }
 *   override render() { return html`${this.roomController.room?.participants.size ?? 0} others`; }
 * }
 * ```
 */
export class RoomController implements ReactiveController {
  /**
   * Increases on every event that re-renders the host (and on every room change). Pass it to children
   * (e.g. `<rtc-video-tile .revision=${…}>`) so they re-render too.
   */
  revision = 0;

  private readonly host: ReactiveControllerHost;
  private readonly events: ReadonlySet<RoomEventName>;
  private readonly listeners: Partial<RoomEvents>;
  private current: Room | undefined;
  private unsubscribers: Array<() => void> = [];
  private connected = false;

  constructor(host: ReactiveControllerHost, options: RoomControllerOptions = {}) {
    this.host = host;
    this.events = new Set(options.events ?? ROOM_EVENTS);
    this.listeners = options.listeners ?? {};
    host.addController(this);
  }

  /** The followed room. Assigning another one (or `undefined`) moves the subscriptions. */
  get room(): Room | undefined {
    return this.current;
  }

  set room(room: Room | undefined) {
    if (room === this.current) return;
    this.unsubscribe();
    this.current = room;
    if (this.connected) this.subscribe();
    this.revision += 1;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
  }

  private subscribe(): void {
    const room = this.current;
    if (!room || this.unsubscribers.length > 0) return;
    const names = new Set<RoomEventName>([...this.events, ...(Object.keys(this.listeners) as RoomEventName[])]);
    for (const name of names) {
      const rerender = this.events.has(name);
      const listener = this.listeners[name] as ((...args: unknown[]) => void) | undefined;
      const handler = (...args: unknown[]): void => {
        listener?.(...args);
        if (rerender) {
          this.revision += 1;
          this.host.requestUpdate();
        }
      };
      this.unsubscribers.push(room.on(name, handler as RoomEvents[typeof name]));
    }
  }

  private unsubscribe(): void {
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
  }
}
