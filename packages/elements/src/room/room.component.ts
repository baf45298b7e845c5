import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConnectionState, RemoteParticipant, Room, RtcError, Topology } from '@rtc-room/core';
import { RtcControlsElement } from '../controls/controls.component.js';
import { RoomController } from '../controllers/room-controller.js';
import { loadDevicePicker } from '../internal/lazy-elements.js';
import { emit } from '../internal/events.js';
import { tokens } from '../internal/theme.styles.js';
import { RtcVideoGridElement } from '../video-grid/video-grid.component.js';
import { RtcVideoTileElement } from '../video-tile/video-tile.component.js';
import type { MediaChoice, RtcRoomOptions, SignalingKind } from './create-room.js';
import { loadParticipantList } from '../participant-list/load.js';
import { PrejoinController } from './prejoin-controller.js';
import { DeviceNotice } from './device-notice.js';
import { RoomOwner } from './room-owner.js';
import styles from './room.styles.js';
import { renderStatus, withDeviceError, type CallOutcome } from './room-status.js';
import { afterRecovery } from './recovery.js';
import { DEFAULT_ROOM_STRINGS, type RtcRoomStrings } from './strings.js';
import { StatsController } from './stats-controller.js';

const TILE_PARTS = 'base:tile, speaking, video, avatar, initials, info, name, indicator, mic-off-indicator, camera-off-indicator, stats';
const CONTROL_PARTS = 'controls, button, mic-button, camera-button, screen-share-button, stats-button, devices-button, participants-button, leave-button';
const LIST_PARTS = 'base:participant-list-base, participant, menu-button, menu, menu-item, lock-button';

/**
 * With a `room` name, the element creates and owns a `Room` (signaling over the WebSocket `server`, or over
 * `BroadcastChannel` between tabs of this browser when there is no `server` or `signaling="broadcast-channel"`),
 * joins as soon as it is in the document (unless `manual`), and leaves when removed. `topology="sfu"` routes media
 * through the server's media server (each remote video then gets the simulcast layer that fits its tile);
 * `topology="auto"` starts as a mesh and moves there past 4 participants. Assign an existing `Room` to
 * the `room` property instead and the element only renders and controls it: it never leaves a room it does not own.
 *
 * It renders the video grid (your own tile first, muted and mirrored; a screen share gets a tile of its own, presented
 * large by the grid while it lasts), the call controls, the device settings and,
 * on request, connection statistics per tile; state ("Connecting…", "You left the call", "Could not join the call")
 * and errors ("This room is full") are announced in a `role="status"` region, in words set by `strings`. With
 * `prejoin` it first shows a pre-join screen (camera preview, microphone level, devices, name, Join).
 *
 * @tagname rtc-room
 * @summary A complete multi-party video call in one tag: `<rtc-room room="standup" server="wss://host/ws" name="Ann">`.
 *
 * @slot header - Content above the call (a title, the room name, an invite link).
 * @slot empty - Shown while you are alone in the room. Default "Waiting for others to join…".
 * @slot controls-start - Content at the start of the control bar.
 * @slot controls-end - Content at the end of the control bar.
 *
 * @event {CustomEvent<RtcJoinDetail>} rtc-join - `{ room, participantId }`: you are in the room.
 * @event {CustomEvent<RtcLeaveDetail>} rtc-leave - `{ room }`: you left the room (or the connection ended).
 * @event {CustomEvent<RtcParticipantDetail>} rtc-participant-join - `{ participant }`: a remote participant joined.
 * @event {CustomEvent<RtcParticipantDetail>} rtc-participant-leave - `{ participant }`: a remote participant left.
 * @event {CustomEvent<RtcStateChangeDetail>} rtc-state-change - `{ state, previous }`: the connection state changed.
 * @event {CustomEvent<RtcErrorDetail>} rtc-error - `{ error }`: an `RtcError` (join refused, device denied, network failure…).
 * @event {CustomEvent<RtcJoinRequestDetail>} rtc-join-request - From the pre-join screen: Join was pressed (`{ name, audio, video, … }`).
 *
 * @attr participants-visible - Shows the people panel (everyone in the call; for a moderator, mute / remove / lock).
 *
 * @attr layout - `grid` (default: every tile the same size) or `speaker` (the active speaker large, the others in a
 * strip), passed to `<rtc-video-grid>`.
 *
 * @csspart base - The whole call.
 * @csspart stage - The area holding the grid and the overlays.
 * @csspart grid - The video grid (its inner parts forwarded as `grid-base`, and `grid-stage`, `grid-strip` in the speaker layout).
 * @csspart tile - Each tile's box (forwarded `base` of `<rtc-video-tile>`); also `local-tile`, `remote-tile`,
 * `screen-tile` (a `<rtc-video-tile source="screen">`) on the tile elements.
 * @csspart speaking - The active speaker's tile box, in addition to `tile` (`::part(tile speaking)`). The tile element
 * itself has the `speaking` attribute.
 * @csspart video - Each `<video>`.
 * @csspart name - Each name label. Also forwarded: `avatar`, `initials`, `info`, `indicator`, `mic-off-indicator`, `camera-off-indicator`, `stats`.
 * @csspart controls - The control bar. Also forwarded: `button`, `mic-button`, `camera-button`, `screen-share-button`, `stats-button`, `devices-button`, `leave-button`.
 * @csspart device-picker - The device settings panel.
 * @csspart participant-list - The people panel (`<rtc-participant-list>`, loaded when first opened). Also forwarded:
 * `participant-list-base`, `participant`, `menu-button`, `menu`, `menu-item`, `lock-button` (moderators only).
 * @csspart status - The `role="status"` region (connection state, errors).
 * @csspart error - An error message inside the status region.
 * @csspart device-notice - "Your camera stopped; now using …" after a device was replaced.
 * @csspart join-button - The "Join" / "Rejoin" / "Try again" button (in `manual` mode, after leaving, after a failed join).
 * @csspart prejoin - The pre-join screen (`<rtc-prejoin>`, with `prejoin`) while it is shown.
 * @csspart empty - The "waiting for others" notice.
 * @csspart footer - The bar holding the controls and the `controls-*` slots.
 * @csspart local-tile - Your own `<rtc-video-tile>` element (its box is `tile`).
 * @csspart remote-tile - Each remote participant's `<rtc-video-tile>` element.
 * @csspart grid-base - Forwarded `base` of the grid.
 * @csspart grid-stage - Speaker layout: the large area (forwarded `stage` of the grid).
 * @csspart grid-strip - Speaker layout: the strip of the other tiles (forwarded `strip` of the grid).
 * @csspart avatar - Forwarded from every tile: the placeholder shown while the camera is off.
 * @csspart initials - Forwarded from every tile: the initials circle.
 * @csspart info - Forwarded from every tile: the pill holding the indicators and the name.
 * @csspart indicator - Forwarded from every tile: every status indicator.
 * @csspart mic-off-indicator - Forwarded from every tile: the muted-microphone indicator.
 * @csspart camera-off-indicator - Forwarded from every tile: the camera-off indicator.
 * @csspart stats - Forwarded from every tile: the statistics overlay.
 * @csspart button - Forwarded from the controls: every button.
 * @csspart mic-button - Forwarded from the controls: the microphone button.
 * @csspart camera-button - Forwarded from the controls: the camera button.
 * @csspart stats-button - Forwarded from the controls: the statistics button.
 * @csspart devices-button - Forwarded from the controls: the device settings button.
 * @csspart leave-button - Forwarded from the controls: the leave button.
 * @csspart select - Forwarded from the device panel: each `<select>`.
 * @csspart label - Forwarded from the device panel: each label text.
 *
 * @cssproperty --rtc-color-bg - Background of the call. Default `#111318`.
 * @cssproperty --rtc-color-surface - Tiles and panels. Default `#1f2228`.
 * @cssproperty --rtc-color-surface-raised - Buttons and notices. Default `#2b2f37`.
 * @cssproperty --rtc-color-text - Text. Default `#e8eaed`.
 * @cssproperty --rtc-color-text-muted - Secondary text. Default `#a4a9b3`.
 * @cssproperty --rtc-color-accent - Accent (pressed toggles, focus ring). Default `#8ab4f8`.
 * @cssproperty --rtc-color-on-accent - Text and icons on the accent color. Default `#0b1a33`.
 * @cssproperty --rtc-color-danger - Leave button, devices turned off, errors. Default `#ea4335`.
 * @cssproperty --rtc-color-on-danger - Icons on the danger color. Default `#ffffff`.
 * @cssproperty --rtc-focus-ring - `box-shadow` of focused controls. Default a ring in the accent color.
 * @cssproperty --rtc-radius - Corner radius. Default `12px`.
 * @cssproperty --rtc-gap - Space between tiles and around the call. Default `8px`.
 * @cssproperty --rtc-font-family - Font. Default the system UI font.
 * @cssproperty --rtc-tile-aspect-ratio - Aspect ratio of the tiles. Default `16 / 9`.
 * @cssproperty --rtc-speaking-color - Outline of the active speaker's tile. Default the accent color.
 * @cssproperty --rtc-room-height - Height of the element. Default `100%` (of its container).
 * @cssproperty --rtc-room-min-height - Minimum height. Default `360px`.
 */
export class RtcRoomElement extends LitElement {
  static override styles = [tokens, styles];
  static dependencies = {
    'rtc-video-grid': RtcVideoGridElement,
    'rtc-video-tile': RtcVideoTileElement,
    'rtc-controls': RtcControlsElement,
  };

  static override properties = {
    room: { type: String },
    server: { type: String },
    name: { type: String },
    signaling: { type: String },
    manual: { type: Boolean, reflect: true, useDefault: true },
    token: { type: String },
    iceTransportPolicy: { type: String, attribute: 'ice-transport-policy' },
    topology: { type: String },
    roomOptions: { attribute: false },
    statsVisible: { type: Boolean, attribute: 'stats-visible', reflect: true, useDefault: true },
    devicesVisible: { type: Boolean, attribute: 'devices-visible', reflect: true, useDefault: true },
    participantsVisible: { type: Boolean, attribute: 'participants-visible', reflect: true, useDefault: true },
    layout: { type: String, reflect: true, useDefault: true },
    speakerId: { state: true },
    error: { attribute: false },
    strings: { attribute: false },
    prejoin: { type: Boolean, reflect: true, useDefault: true },
  };

  /** The room to join (a name; attribute `room`), or an existing `Room` to follow (property only). */
  declare room: string | Room | undefined;
  /** WebSocket URL of the rtc-room signaling server, e.g. `wss://example.com/ws`. */
  declare server: string;
  /** Your display name (1–64 characters). Default "Guest". */
  declare name: string;
  /** `websocket` (the default when `server` is set) or `broadcast-channel` (tabs of this browser, no server). */
  declare signaling: SignalingKind | '';
  /** Do not join automatically; call `join()`. */
  declare manual: boolean;
  /**
   * Show the pre-join screen (`<rtc-prejoin>`: camera preview, microphone level, devices, name, Join) instead of
   * joining at once; Join joins with what was chosen there. Off by default so pages that join at once keep doing so;
   * the demo turns it on. Loaded on first use (a chunk of its own). Rejoin after leaving joins directly, as in Meet.
   */
  declare prejoin: boolean;
  /** What the pre-join screen chose, for the `Room` created on Join. */
  mediaChoice: MediaChoice | undefined;
  /** Room token (JWT from your backend) for servers started with `--auth-secret`. Prefer setting the property. */
  declare token: string | undefined;
  /** `relay` forces every connection through TURN so no peer learns another's IP; default `all`. */
  declare iceTransportPolicy: RTCIceTransportPolicy | undefined;
  /**
   * How media travels: `mesh` (default; one connection per peer, comfortable up to ~4), `sfu` (through the
   * server's Janus; simulcast, layers fitted to each tile) or `auto` (mesh, moved to the SFU past 4 participants).
   * `sfu` and `auto` need a signaling server started with `--janus-url`. Used from the next join.
   */
  declare topology: Topology | '';
  /** More options for the `Room` the element creates (`audio`, `video`, `iceServers`, `iceTransportPolicy`…). */
  declare roomOptions: RtcRoomOptions;
  /** Shows connection statistics on every remote tile. */
  declare statsVisible: boolean;
  /** Shows the device settings panel. */
  declare devicesVisible: boolean;
  /** Shows the people panel (`<rtc-participant-list>`, loaded the first time). */
  declare participantsVisible: boolean;
  /** `grid` (default) or `speaker`: the active speaker large, the others in a strip. */
  declare layout: 'grid' | 'speaker';
  /**
   * The sentences the element shows, for translation or rewording: the ones set replace the English defaults
   * (`DEFAULT_ROOM_STRINGS`), e.g. `el.strings = { left: 'Du hast den Anruf verlassen.', rejoin: 'Erneut beitreten' }`.
   * Error sentences come from the error code (`data-code` on the error part).
   */
  declare strings: Partial<RtcRoomStrings>;
  /** The error shown in the status region, if any. Set to `undefined` to dismiss it. */
  declare error: RtcError | undefined;
  /** Id of the active speaker (`activeSpeakerChanged`), whose tile is marked `speaking`. */
  private declare speakerId: string | undefined;

  private joinAnnounced = false;
  /** Rooms that got into the call, and rooms left from here: how a `disconnected` room's call ended. */
  private readonly reached = new WeakSet<Room>();
  private readonly leftHere = new WeakSet<Room>();
  private readonly roomController = new RoomController(this, {
    listeners: {
      connectionStateChanged: (state, previous) => this.onStateChange(state, previous),
      participantJoined: (participant) => emit(this, 'rtc-participant-join', { participant }),
      participantLeft: (participant) => emit(this, 'rtc-participant-leave', { participant }),
      error: (error) => this.reportError(error),
      // Listening is what makes a mesh Room measure audio levels.
      activeSpeakerChanged: (participant) => {
        this.speakerId = participant?.id;
      },
      // Connected again (an ICE restart recovered, on the same path type or another): that peer's banner goes.
      peerConnectionStateChanged: (participant, state) => {
        if (state === 'connected') this.error = afterRecovery(this.error, participant.id);
      },
      localDeviceLost: (kind, _lost, replacement) => this.deviceNotice.lost(this.roomInstance, this.text, kind, replacement),
    },
  });
  /** Creates, joins and leaves the `Room` for a room name; follows an assigned one. */
  private readonly owner = new RoomOwner(this, {
    follow: (room) => {
      if (this.roomController.room === room) return;
      if (room?.state === 'connected' || room?.state === 'reconnecting') this.reached.add(room);
      this.roomController.room = room;
      this.speakerId = room?.activeSpeaker?.id;
    },
    released: (room) => {
      this.statsController.release(room);
      if (this.roomController.room === room) this.roomController.room = undefined;
      if (this.joinAnnounced) {
        this.joinAnnounced = false;
        emit(this, 'rtc-leave', { room: room.roomName });
      }
    },
    joining: () => {
      this.error = undefined;
    },
    failed: (error) => this.reportError(error),
  });
  /** Statistics of the room in use, polled while connected and shown (`stats-visible`). */
  private readonly statsController = new StatsController(this, () => {
    const room = this.roomInstance;
    return this.statsVisible && room?.state === 'connected' && this.isConnected ? room : undefined;
  });
  private readonly prejoinScreen = new PrejoinController(this, (error) => this.reportError(error));
  private readonly deviceNotice = new DeviceNotice(this);

  constructor() {
    super();
    this.room = undefined;
    this.server = '';
    this.name = '';
    this.signaling = '';
    this.manual = false;
    this.topology = '';
    this.roomOptions = {};
    this.statsVisible = false;
    this.devicesVisible = false;
    this.participantsVisible = false;
    this.layout = 'grid';
    this.speakerId = undefined;
    this.error = undefined;
    this.strings = {};
    this.prejoin = false;
    this.mediaChoice = undefined;
  }

  /** The sentences in use: {@link strings} over the defaults. */
  private get text(): RtcRoomStrings {
    return { ...DEFAULT_ROOM_STRINGS, ...this.strings };
  }

  /** The `Room` in use: the one assigned to `room`, or the one this element created. Read-only. */
  get roomInstance(): Room | undefined {
    return this.owner.room;
  }

  /**
   * Joins the room (creating a fresh `Room` when this element owns it and the previous one was left).
   * Resolves once connected. Also dispatches `rtc-error` when it rejects.
   * @throws {RtcError} `invalid-argument` (no or bad room name), `signaling-failed`, `room-full`, `unauthorized`…
   */
  join(): Promise<void> {
    return this.owner.join();
  }

  /** Leaves the room (also one assigned to the `room` property). Resolves when left; `rtc-leave` fires. */
  async leave(): Promise<void> {
    const room = this.roomInstance;
    this.statsController.poll(undefined);
    if (room && room.state !== 'idle' && room.state !== 'disconnected') this.leftHere.add(room);
    if (room) await room.leave();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('rtc-error', this.onChildError);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('rtc-error', this.onChildError);
  }

  private onStateChange(state: ConnectionState, previous: ConnectionState): void {
    const room = this.roomInstance;
    emit(this, 'rtc-state-change', { state, previous });
    if (!room) return;
    if (state === 'connected') this.reached.add(room);
    if (state === 'connected') this.error = afterRecovery(this.error); // back from reconnecting: the banner goes
    if (state === 'connected' && !this.joinAnnounced) {
      this.joinAnnounced = true;
      emit(this, 'rtc-join', { room: room.roomName, participantId: room.localParticipant.id });
    } else if (state === 'disconnected' && this.joinAnnounced) {
      this.joinAnnounced = false;
      emit(this, 'rtc-leave', { room: room.roomName });
    }
  }

  private reportError(error: RtcError): void {
    this.error = withDeviceError(this.error, error);
    emit(this, 'rtc-error', { error });
  }

  /** Errors from the controls and the device picker bubble out by themselves; show them too. */
  private readonly onChildError = (event: GlobalEventHandlersEventMap['rtc-error']): void => {
    if (event.composedPath()[0] !== this) this.error = event.detail.error;
  };

  private readonly onToggleStats = (event: CustomEvent<{ visible: boolean }>): void => void (this.statsVisible = event.detail.visible);
  private readonly onToggleDevices = (event: CustomEvent<{ visible: boolean }>): void => void (this.devicesVisible = event.detail.visible);

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // <rtc-device-picker> is a lazy chunk, fetched when the panel first opens; its tag shows "Loading…" until then.
    if (changed.has('devicesVisible') && this.devicesVisible && !customElements.get('rtc-device-picker')) {
      loadDevicePicker().catch((error: RtcError) => {
        this.devicesVisible = false;
        this.reportError(error);
      });
    }
  }

  private listLoaded = false;
  private readonly onToggleParticipants = (event: CustomEvent<{ visible: boolean }>): void => void (this.participantsVisible = event.detail.visible);

  /** The people panel, once its lazy chunk is loaded (the first open starts loading it). */
  private renderParticipants(room: Room): TemplateResult | typeof nothing {
    if (!this.listLoaded) {
      void loadParticipantList().then(() => ((this.listLoaded = true), this.requestUpdate()), (error: unknown) => this.reportError(error as RtcError));
      return nothing;
    }
    return html`<rtc-participant-list part="participant-list" exportparts=${LIST_PARTS} panel .room=${room} speaker-id=${this.speakerId ?? ''}
      @rtc-toggle-participants=${this.onToggleParticipants}></rtc-participant-list>`;
  }

  private onLeaveRequest(event: Event): void {
    event.preventDefault();
    this.devicesVisible = false;
    void this.leave();
  }

  /** How the call of a `disconnected` room ended. */
  private outcome(room: Room | undefined): CallOutcome | undefined {
    if (!room || room.state !== 'disconnected') return undefined;
    return !this.reached.has(room) ? 'failed' : this.leftHere.has(room) ? 'left' : 'ended';
  }

  private readonly onJoinClick = (): void => void this.join().catch(() => undefined);

  private readonly dismissError = (): void => {
    this.error = undefined;
  };

  override render(): TemplateResult {
    const room = this.roomInstance;
    const state: ConnectionState = room?.state ?? 'idle';
    const inCall = state === 'connecting' || state === 'connected' || state === 'reconnecting';
    const remotes: RemoteParticipant[] = room && inCall ? [...room.participants.values()] : [];
    const revision = this.roomController.revision;
    const sinkId = room?.getActiveDevice('audiooutput') ?? '';
    const sharing = room && inCall ? [room.localParticipant, ...remotes].filter((p) => p.screenTrack) : [];
    return html`
      <div part="base" data-state=${state}>
        <slot name="header"></slot>
        <div part="stage">
          <rtc-video-grid part="grid" exportparts="base:grid-base, stage:grid-stage, strip:grid-strip" layout=${this.layout === 'speaker' ? 'speaker' : 'grid'}>
            ${room && inCall
              ? html`<rtc-video-tile
                  part="local-tile"
                  exportparts=${TILE_PARTS}
                  local
                  .participant=${room.localParticipant}
                  .revision=${revision}
                ></rtc-video-tile>`
              : nothing}
            ${repeat(
              remotes,
              (p) => p.id,
              (p) => html`<rtc-video-tile
                part="remote-tile"
                exportparts=${TILE_PARTS}
                data-participant-id=${p.id}
                ?speaking=${p.id === this.speakerId}
                .participant=${p}
                .revision=${revision}
                sink-id=${sinkId}
                ?show-stats=${this.statsVisible}
                .stats=${this.statsController.stats.get(p.id) ?? null}
              ></rtc-video-tile>`,
            )}
            ${repeat(
              sharing,
              (p) => p.id,
              (p) => html`<rtc-video-tile
                part="screen-tile"
                exportparts=${TILE_PARTS}
                source="screen"
                data-participant-id=${p.id}
                ?local=${p.isLocal}
                .participant=${p}
                .revision=${revision}
                sink-id=${sinkId}
              ></rtc-video-tile>`,
            )}
          </rtc-video-grid>
          ${this.prejoin && this.prejoinScreen.loaded && state === 'idle' && typeof this.room === 'string' && this.room.trim()
            ? html`<rtc-prejoin part="prejoin" name=${this.name} .strings=${this.strings} @rtc-join-request=${this.prejoinScreen.onJoinRequest}></rtc-prejoin>`
            : nothing}
          ${renderStatus({
            state,
            outcome: this.outcome(room),
            canJoin: typeof this.room === 'string' && this.room.trim() !== '',
            waitsForJoin: !this.prejoin && (this.manual || (!this.server && this.signaling !== 'broadcast-channel')),
            roomName: typeof this.room === 'string' ? this.room : '',
            error: this.error,
            deviceNotice: this.deviceNotice.text,
            strings: this.text,
            onJoin: this.onJoinClick,
            onDismiss: this.dismissError,
          })}
          ${state === 'connected' && remotes.length === 0
            ? html`<div part="empty"><slot name="empty">${this.text.waiting}</slot></div>`
            : nothing}
          ${room && inCall && this.devicesVisible
            ? html`<rtc-device-picker part="device-picker" exportparts="select, label" panel .room=${room} @rtc-toggle-devices=${this.onToggleDevices}
                ><span role="status">Loading devices…</span></rtc-device-picker
              >`
            : nothing}
          ${room && inCall && this.participantsVisible ? this.renderParticipants(room) : nothing}
        </div>
        <div part="footer">
          <div class="footer-start"><slot name="controls-start"></slot></div>
          ${room && inCall
            ? html`<rtc-controls
                exportparts=${CONTROL_PARTS}
                .room=${room}
                ?stats-visible=${this.statsVisible}
                ?devices-visible=${this.devicesVisible}
                ?participants-visible=${this.participantsVisible}
                @rtc-toggle-participants=${this.onToggleParticipants}
                @rtc-toggle-stats=${this.onToggleStats}
                @rtc-toggle-devices=${this.onToggleDevices}
                @rtc-leave-request=${this.onLeaveRequest}
              ></rtc-controls>`
            : html`<span></span>`}
          <div class="footer-end"><slot name="controls-end"></slot></div>
        </div>
      </div>
    `;
  }
}

/**
 * The `<rtc-room>` properties an app (or a framework binding: `@rtc-room/react` JSX, `@rtc-room/vue` templates) may
 * set, all optional.
 */
export type RtcRoomProperties = Partial<
  Pick<
    RtcRoomElement,
    | 'room'
    | 'server'
    | 'name'
    | 'signaling'
    | 'manual'
    | 'token'
    | 'iceTransportPolicy'
    | 'topology'
    | 'roomOptions'
    | 'statsVisible'
    | 'devicesVisible'
    | 'participantsVisible'
    | 'layout'
    | 'strings'
  >
>;
