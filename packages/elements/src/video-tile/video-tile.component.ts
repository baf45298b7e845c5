import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ConnectionQualityReport, LocalParticipant, RtcError, RemoteParticipant, RemoteTrack, Track, TrackSource } from '@rtc-room/core';
import { issueWarning } from '../internal/define.js';
import { icon } from '../internal/icons.js';
import { tokens } from '../internal/theme.styles.js';
import { loadStatsOverlay } from '../internal/lazy-elements.js';
import { emit } from '../internal/events.js';
import type { StatsOverlayData } from '../stats-overlay/stats-overlay.component.js';
import { AdaptiveQualityController, isLayeredTrack } from './adaptive-quality.js';
import { qualityIndicator } from './quality-indicator.js';
import styles from './video-tile.styles.js';

/**
 * What a tile reads from a participant. A `LocalParticipant` or `RemoteParticipant` from `@rtc-room/core` fits; so
 * does a plain object, for tests and custom UIs.
 */
export type TileParticipant = Pick<
  LocalParticipant | RemoteParticipant,
  'id' | 'name' | 'stream' | 'isCameraEnabled' | 'isMicrophoneEnabled'
> & {
  /** The camera track. A remote one (`RemoteTrack`, with `setVideoQuality`) gets the layer that fits the tile. */
  readonly cameraTrack?: Track | RemoteTrack | undefined;
  /** Published tracks by source: a `source="screen"` tile shows `screen` (and plays `screen-audio`). */
  readonly tracks?: ReadonlyMap<TrackSource, Track>;
  /** The last connection-quality report (`Participant.connectionQuality`): shown as signal bars while set. */
  readonly connectionQuality?: ConnectionQualityReport | null;
};

/** Reads `adaptive-quality`: on unless the attribute says `off` or `false`. */
const adaptiveConverter = {
  fromAttribute: (value: string | null): boolean => value === null || !/^(off|false)$/iu.test(value.trim()),
  toAttribute: (value: boolean): string => (value ? 'on' : 'off'),
};

/** Up to two initials from a display name ("Ann Lee" → "AL"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0] ?? '?'];
  return letters
    .map((w) => Array.from(w ?? '')[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

type SinkVideo = HTMLVideoElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

/**
 * The tile reads the participant when it renders; the owner re-renders it when the participant changes (bump
 * `revision`, as `<rtc-room>` does on every room event). The stream is re-attached whenever its set of tracks
 * changed.
 *
 * **Adaptive layers.** For a remote participant in an SFU room the tile asks the media server for the simulcast
 * layer that fits the size it is rendered at (`participant.cameraTrack.setVideoDimensions()`: the smallest layer
 * the publisher really sends that is at least as wide as the tile in device pixels), and for the lowest layer while it is hidden (`hidden`, `display: none`, zero size), scrolled offscreen,
 * or the page is in the background. Size changes are debounced (200 ms) and a request equal to the last one is not
 * repeated; a refused request is logged (`[rtc-room:adaptive-quality]`), never thrown. Mesh rooms ignore it. Set
 * `adaptive-quality="off"` (property `adaptiveQuality = false`) to choose layers yourself; the last request made
 * stays in force.
 *
 * @tagname rtc-video-tile
 * @summary One participant's video with their name, a muted-microphone indicator, and an avatar with their
 * initials while their camera is off (or before the first video frame arrives, or while an SFU room's last-N pauses it:
 * `track.paused`). A remote participant's audio plays through the same `<video>`.
 *
 * @slot - Extra content over the video (badges, buttons).
 *
 * @attr source - `camera` (default): the participant's camera and microphone. `screen`: their screen share instead
 * (`screen` and `screen-audio` tracks), shown whole (`object-fit: contain`), never mirrored, labelled "Ann: screen",
 * with no simulcast layer requests (a screen is sent as one layer). `<rtc-video-grid>` presents such a tile large.
 *
 * @attr speaking - Set (by `<rtc-room>`, from `Room` `activeSpeakerChanged`) while this participant is the active
 * speaker: the tile gets an outline and its base the extra part name `speaking`. Style it with `rtc-video-tile[speaking]`.
 *
 * @attr hide-quality - Hides the connection-quality indicator. Without it, a camera tile whose participant has a
 * `connectionQuality` report (`Room` `connectionQualityChanged`; `<rtc-room>` listens) shows three signal bars in
 * the name pill: all three `good`, two `fair`, one `poor`, none and a slash `lost`; its accessible label (and
 * tooltip) says the level and the reason with its figure, e.g. "Connection poor: packet loss 14 %".
 *
 * @csspart base - The tile box (labelled with the participant's name); `base speaking` while `speaking` is set.
 * @csspart video - The `<video>` element.
 * @csspart avatar - The placeholder shown while the camera is off.
 * @csspart initials - The initials circle inside the avatar.
 * @csspart info - The pill at the bottom holding the indicators and name.
 * @csspart name - The participant's name.
 * @csspart indicator - Every status indicator (also `mic-off-indicator`, `camera-off-indicator`).
 * @csspart quality - The connection-quality indicator; also `quality-good`, `quality-fair`, `quality-poor`,
 * `quality-lost` (and `indicator`).
 * @csspart stats - The `<rtc-stats-overlay>` (when `show-stats` is set).
 *
 * @cssproperty --rtc-local-mirror - Transform applied to the local video. Default `scaleX(-1)`; `none` to stop mirroring.
 * @cssproperty --rtc-video-object-fit - `cover` (default, fills the tile) or `contain` (shows the whole frame).
 * @cssproperty --rtc-avatar-bg - Background of the initials circle.
 * @cssproperty --rtc-quality-good-color - Bars of a `good` connection. Default `#34a853`.
 * @cssproperty --rtc-quality-fair-color - Bars of a `fair` connection. Default `#fbbc04`.
 * @cssproperty --rtc-quality-poor-color - Bars of a `poor` connection. Default the danger color.
 * @cssproperty --rtc-quality-lost-color - Bars of a `lost` connection. Default the danger color.
 * @cssproperty --rtc-speaking-color - Outline of the active speaker's tile. Default the accent color.
 */
export class RtcVideoTileElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    participant: { attribute: false },
    local: { type: Boolean, reflect: true, useDefault: true },
    revision: { type: Number },
    showStats: { type: Boolean, attribute: 'show-stats', reflect: true, useDefault: true },
    stats: { attribute: false },
    sinkId: { type: String, attribute: 'sink-id' },
    speaking: { type: Boolean, reflect: true, useDefault: true },
    hideQuality: { type: Boolean, attribute: 'hide-quality', reflect: true, useDefault: true },
    source: { type: String, reflect: true, useDefault: true },
    adaptiveQuality: { attribute: 'adaptive-quality', converter: adaptiveConverter },
    hasFrames: { state: true },
  };

  /** The participant shown (local or remote). */
  declare participant: TileParticipant | undefined;
  /** Marks the local participant's own view: the video is muted (no echo) and mirrored. */
  declare local: boolean;
  /** Change counter; bump it to make the tile re-read `participant` (tracks added, camera muted…). */
  declare revision: number;
  /** Shows the statistics overlay. */
  declare showStats: boolean;
  /** Statistics for the overlay (`ParticipantStats` for this participant). */
  declare stats: StatsOverlayData | null | undefined;
  /** Audio output device for this tile's sound (`setSinkId`), where the browser supports choosing it. `''` = default. */
  declare sinkId: string;
  /** This participant is the active speaker (outlined; part `speaking`). */
  declare speaking: boolean;
  /** Hides the connection-quality indicator (attribute `hide-quality`). */
  declare hideQuality: boolean;
  /** `camera` (default) or `screen`: what of the participant this tile shows (attribute `source`). */
  declare source: 'camera' | 'screen';
  /**
   * Asks for the simulcast layer that fits the tile (remote tiles in SFU rooms; see above). Default `true`;
   * attribute `adaptive-quality="off"` turns it off.
   */
  declare adaptiveQuality: boolean;
  /** True once the attached stream has shown a video frame (until then the avatar stays up). */
  private declare hasFrames: boolean;

  private attachedStream: MediaStream | null = null;
  /** What a `source="screen"` tile plays: the participant's `screen` and `screen-audio` tracks. */
  private readonly screenStream = new MediaStream();
  private attachedTracks = '';
  private needsAttach = false;
  private appliedSinkId = '';
  private readonly layers = new AdaptiveQualityController(this, (error) =>
    issueWarning('adaptive-quality', `Could not change the video layer: ${String(error)}`),
  );

  constructor() {
    super();
    this.participant = undefined;
    this.local = false;
    this.revision = 0;
    this.showStats = false;
    this.stats = null;
    this.sinkId = '';
    this.speaking = false;
    this.hideQuality = false;
    this.source = 'camera';
    this.adaptiveQuality = true;
    this.hasFrames = false;
  }

  /** The `<video>` element (after the first render). */
  get videoElement(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  override render(): TemplateResult {
    const p = this.participant;
    const name = p?.name || (this.local ? 'You' : 'Participant');
    const screen = this.source === 'screen';
    const label = (this.local ? `${name} (you)` : name) + (screen ? ': screen' : '');
    const cameraOn = screen || (p?.isCameraEnabled ?? false);
    const micOn = screen || (p?.isMicrophoneEnabled ?? false);
    // SFU last-N: a video the media server paused (not among the N most relevant) shows the avatar until resumed.
    const paused = (screen ? p?.tracks?.get('screen') : p?.cameraTrack) as Partial<RemoteTrack> | undefined;
    const showVideo = cameraOn && this.hasFrames && paused?.paused !== true;
    return html`
      <div part=${this.speaking ? 'base speaking' : 'base'} class=${showVideo ? 'camera-on' : 'camera-off'} role="group" aria-label=${label}>
        <video
          part="video"
          autoplay
          playsinline
          aria-label=${`Video of ${label}`}
          .muted=${this.local}
          @loadeddata=${this.onVideoFrames}
          @resize=${this.onVideoFrames}
        ></video>
        ${showVideo
          ? nothing
          : html`<div part="avatar"><span part="initials" aria-hidden="true">${initialsOf(name)}</span></div>`}
        <div part="info">
          ${!screen && !this.hideQuality && p?.connectionQuality ? qualityIndicator(p.connectionQuality) : nothing}
          ${micOn
            ? nothing
            : html`<span part="indicator mic-off-indicator" role="img" aria-label="Microphone off"
                >${icon('micOff')}</span
              >`}
          ${cameraOn
            ? nothing
            : html`<span part="indicator camera-off-indicator" role="img" aria-label="Camera off"
                >${icon('cameraOff')}</span
              >`}
          <span part="name">${label}</span>
        </div>
        ${this.showStats
          ? html`<rtc-stats-overlay part="stats" .stats=${this.stats} label=${label}><span role="status">Loading…</span></rtc-stats-overlay>`
          : nothing}
        <slot></slot>
      </div>
    `;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // <rtc-stats-overlay> is a lazy chunk, fetched when stats are first shown; until then its tag shows "Loading…".
    if (changed.has('showStats') && this.showStats && !customElements.get('rtc-stats-overlay')) {
      loadStatsOverlay().catch((error: RtcError) => emit(this, 'rtc-error', { error }));
    }
    // Reading `stream` also resyncs a LocalParticipant's stream with its live tracks.
    const stream = this.source === 'screen' ? this.syncScreen() : (this.participant?.stream ?? null);
    const tracks = stream ? stream.getTracks().map((t) => t.id).join(',') : '';
    if (stream !== this.attachedStream || tracks !== this.attachedTracks) {
      this.attachedStream = stream;
      this.attachedTracks = tracks;
      this.needsAttach = true;
      this.hasFrames = false;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const track = this.source === 'screen' ? undefined : this.participant?.cameraTrack;
    this.layers.track = !this.local && this.adaptiveQuality && isLayeredTrack(track) ? track : undefined;
    const video = this.videoElement;
    if (!video) return;
    if (this.needsAttach) {
      this.needsAttach = false;
      // Assigning srcObject (even the same object) reloads the element, so added or replaced tracks show up. A
      // stream without tracks is detached instead: a media element loading one never reaches HAVE_CURRENT_DATA
      // and delays the page's `load` event for ever (a join that failed before media, a wrong server URL).
      video.srcObject = this.attachedTracks ? this.attachedStream : null;
      if (this.attachedTracks) video.play().catch(() => undefined); // autoplay may be refused until a user gesture
    }
    video.muted = this.local;
    if (!this.local && this.sinkId !== this.appliedSinkId) this.applySink(video as SinkVideo);
  }

  /** Brings {@link screenStream} in line with the participant's screen tracks; `null` when it shares nothing. */
  private syncScreen(): MediaStream | null {
    const stream = this.screenStream;
    const live = [this.participant?.tracks?.get('screen'), this.participant?.tracks?.get('screen-audio')]
      .map((t) => t?.mediaStreamTrack)
      .filter((t): t is MediaStreamTrack => !!t);
    for (const t of stream.getTracks()) if (!live.includes(t)) stream.removeTrack(t);
    for (const t of live) if (!stream.getTracks().includes(t)) stream.addTrack(t);
    return live.length > 0 ? stream : null;
  }

  private readonly onVideoFrames = (event: Event): void => {
    this.hasFrames = (event.target as HTMLVideoElement).videoWidth > 0;
  };

  private applySink(video: SinkVideo): void {
    const sinkId = this.sinkId;
    this.appliedSinkId = sinkId;
    if (typeof video.setSinkId !== 'function') return;
    video.setSinkId(sinkId).catch((error: unknown) => {
      issueWarning(`sink-id:${sinkId}`, `Could not route audio to device "${sinkId}": ${String(error)}`);
    });
  }
}
