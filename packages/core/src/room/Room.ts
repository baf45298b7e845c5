import { RtcError } from '../errors/RtcError.js';
import { loadLazy } from '../errors/load-lazy.js';
import { SafeEmitter } from '../events/safe-emitter.js';
import { DeviceWatcher } from '../media/DeviceWatcher.js';
import { LocalParticipant } from '../participants/LocalParticipant.js';
import type { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingAdapter, SignalingJoinResult } from '../signaling/SignalingAdapter.js';
import type { ParticipantStats } from '../stats/types.js';
import type { Transport } from '../transport/Transport.js';
import { assertVideoQuality, type VideoPreference, type VideoQuality } from '../media/video-quality.js';
import { assertDeviceArgs, type LocalMedia, type LocalTrackImpl } from './LocalMedia.js';
import { RoomChannel } from './RoomChannel.js';
import type { RoomModeration } from './Moderation.js';
import { RoomState } from './RoomState.js';
import { TransportSlot } from './TransportSlot.js';
import { Roster } from './Roster.js';
import { checkRoomOptions } from './options.js';
import { IceRefresh } from './IceRefresh.js';
import { CodecPolicy } from './CodecPolicy.js';
import type { VideoCodec } from '../media/codecs.js';
import type { ScreenShareOptions } from './ScreenShare.js';
import type { LazyScreenShare } from './lazy-parts.js';
import { localMediaParts, roomParts, type RoomParts } from './wiring.js';
import { assertWebRtcSupported } from './webrtc-support.js';
import type { ConnectionState, DeviceKind, RoomEvents, RoomOptions } from './types.js';
import type { SendOptions } from '../data/types.js';
import type { RecordingOptions, RoomRecording, ServerRecording } from '../recording/types.js';
import type { PreflightOptions, PreflightResult } from '../preflight/types.js';

/**
 * One multi-party call. Create it, `join()`, render `participants` and follow events; `leave()` when done.
 * A `Room` is used for one call: after `leave()` create a new one.
 *
 * @example
 * ```ts
 * import { Room, WebSocketSignaling } from '@rtc-room/core';
 * const room = new Room({ room: 'standup', name: 'Ann', signaling: new WebSocketSignaling('wss://example.com/ws') });
 * room.on('trackSubscribed', (track, participant) => attach(participant.id, participant.stream));
 * room.on('participantLeft', (participant) => detach(participant.id));
 * await room.join();
 * await room.setMicrophoneEnabled(false);
 * ```
 */
export class Room {
  /**
   * Checks, before a call, that it can work here: camera and microphone produce frames and sound, the signaling
   * server answers (round trip in ms), a TURN relay can be allocated with the given credentials, and a rough
   * uplink estimate. Never rejects for a failed check: each result has a `status`, a `detail` and a `remedy`.
   * The implementation is loaded on first call (`import()`): bundlers that split code keep it out of apps that
   * never call it. Also importable as `preflight` from `@rtc-room/core/preflight`. See docs/core.md, "Preflight".
   *
   * @example
   * ```ts
   * const result = await Room.preflight({ signalingUrl: 'wss://calls.example.com/ws' });
   * for (const [name, check] of Object.entries(result)) if (check.status === 'failed') show(name, check.remedy);
   * ```
   * @throws {RtcError} `invalid-argument` for options it cannot use; `load-failed` when its code cannot be fetched
   *   (`rtc-room-core.bundle.js` / `rtc-room.bundle.js` deployed without its `chunks/` folder).
   */
  static async preflight(options: PreflightOptions = {}): Promise<PreflightResult> {
    const { preflight } = await loadLazy(import('../preflight/preflight.js'), 'Room.preflight()');
    return preflight(options);
  }

  /** The room's name. */
  readonly roomName: string;
  /** This side of the call. Its `id` is `''` until `join()` resolves. */
  readonly localParticipant: LocalParticipant;
  /** Mute others, remove, lock: for `moderator`s (see {@link RoomModeration}; docs/server.md "Moderation"). */
  readonly moderation: RoomModeration;

  private readonly events = new SafeEmitter<RoomEvents>();
  private readonly status: RoomState;
  private readonly channel: RoomChannel;
  private readonly roster: Roster;
  private readonly signaling: SignalingAdapter;
  private readonly media: LocalMedia;
  private readonly screen: LazyScreenShare; // a lazy part: see lazy-parts.ts
  private readonly deviceWatcher: DeviceWatcher;
  private readonly activeOutput: { deviceId: string | undefined } = { deviceId: undefined };
  private readonly slot: TransportSlot;
  private role: 'publisher' | 'subscriber' | 'moderator' = 'publisher';
  private readonly ice: IceRefresh;
  /** Stats, data messages, quality, active speaker (lazy parts: see lazy-parts.ts) and moderation: see wiring.ts. */
  private readonly parts: RoomParts;
  private readonly codecs: CodecPolicy;

  /**
   * @throws {RtcError} `invalid-argument` for a missing signaling adapter, an empty or over-long room name
   *   (1–128 characters) or display name (1–64 characters), a `topology` the adapter cannot carry
   *   (`JanusSignaling` carries only `'sfu'`), a `videoCodecs` list with unknown or repeated codecs, or a bad `lastN`.
   */
  constructor(private readonly options: RoomOptions) {
    const { room, name, videoCodecs } = checkRoomOptions(options);
    this.codecs = new CodecPolicy(videoCodecs);
    this.roomName = room;
    this.signaling = options.signaling;
    this.localParticipant = new LocalParticipant('', name);
    this.status = new RoomState(this.events, this.signaling, () => void this.leave());
    ({ media: this.media, screen: this.screen } = localMediaParts(this.localParticipant, options, {
      onSend: (source: TrackSource, track: MediaStreamTrack | null) => this.transport?.setLocalTrack(source, track) ?? Promise.resolve(),
      onTrackChanged: (track: LocalTrackImpl) => this.events.emit('localTrackChanged', track),
      onMuteChanged: (track) => this.onLocalMuteChanged(track),
    }, this.events, this.onError));
    this.ice = new IceRefresh(
      this.signaling,
      options.iceServers ?? [],
      (servers) => this.transport?.setIceServers(servers),
      (error) => this.events.emit('error', error),
    );
    this.deviceWatcher = new DeviceWatcher((devices) => this.events.emit('devicesChanged', devices));
    this.roster = new Roster(
      {
        selfId: () => this.localParticipant.id,
        transport: () => this.transport,
        greet: (peerId) => this.channel.announce(peerId),
        snapshot: (peerId) => this.parts.stats.snapshot(peerId),
        forget: (peerId) => {
          this.parts.forget(peerId);
          this.codecs.forget(peerId);
        },
        silenced: (peerId) => this.parts.speaking.value?.speaker.silence(peerId),
      },
      this.events,
    );
    this.channel = new RoomChannel(this.signaling, this.localParticipant, this.roster, {
      relayed: (from, payload) => payload['t'] === 'data' && (this.parts.data.use((data) => data.relayed(from, payload)), true),
    }, this.codecs);
    this.slot = new TransportSlot(this.signaling, options, this.codecs, {
      ...this.roster.transportCallbacks((peerId, preference) => this.preferVideo(peerId, preference)),
      onError: (error) => this.events.emit('error', error),
      onData: (peerId, data) => this.parts.data.use((messages) => messages.receive(peerId, data)),
      onTalking: (peerId, talking) => this.parts.speaking.use((speaking) => speaking.talking(peerId, talking)),
      onAvailability: (available, error) => this.status.sfuAvailability(available, error),
    });
    this.parts = roomParts({
      events: this.events, signaling: this.signaling, local: this.localParticipant, roster: this.roster,
      selfId: () => this.localParticipant.id, participant: (id) => this.roster.participants.get(id),
      maxMessageBytes: options.maxMessageBytes, transport: () => this.transport, relay: () => this.channel.relay, onError: this.onError,
      isModerator: () => this.role === 'moderator', joined: () => this.status.joined,
      // A moderator's mute sends nothing at all (replaceTrack(null), WebRTC 1.0 §5.2), not silence.
      muteMicrophone: () => this.media.setMicrophoneEnabled(false).then(() => this.transport?.setLocalTrack('microphone', null)),
    });
    this.moderation = this.parts.moderation;
  }

  /** `idle` → `connecting` → `connected` → `disconnected` (`reconnecting` while signaling recovers). */
  get state(): ConnectionState {
    return this.status.value;
  }

  /** Remote participants by id, in join order. */
  get participants(): ReadonlyMap<string, RemoteParticipant> {
    return this.roster.participants;
  }

  /**
   * This participant's role, as granted by the server (room token): `subscriber`s receive only. `publisher`
   * before joining and when the server does not use tokens.
   */
  get localRole(): 'publisher' | 'subscriber' | 'moderator' {
    return this.role;
  }

  /**
   * The video codec the room settled on (`videoCodecs` option): the first of the policy every member announced it
   * can decode (and, if it sends, encode). Recomputed as members join and leave; connections renegotiate when it changes.
   */
  get videoCodec(): VideoCodec {
    return this.codecs.current;
  }

  /** The last known device list (empty until `listDevices()` or `join()` ran). */
  get devices(): readonly MediaDeviceInfo[] {
    return this.deviceWatcher.current;
  }

  /**
   * Subscribes to an event; returns the function that unsubscribes.
   * @example `const off = room.on('participantJoined', (p) => console.log(p.name));`
   */
  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    const off = this.events.on(event, listener);
    // Quality scoring, and in mesh rooms audio level sampling, run only while someone listens (not after leave()).
    const stop = this.parts.listen(event, this.options.topology !== 'sfu', () => this.status.value !== 'disconnected');
    return stop ? () => (off(), stop()) : off;
  }

  /**
   * Captures the camera and microphone (as configured), enters the room and connects to everyone in it.
   * Capture failures do not stop the join unless `onMediaError: 'fail'`; they are emitted on `error`.
   * A join that fails leaves the signaling room again, so nobody keeps a tile for a participant without media.
   * @throws {RtcError} `invalid-state` unless `idle`; `unsupported-browser` without WebRTC (before capture or signaling);
   *   `signaling-failed`, `room-full`, `unauthorized`; `MediaError` with `onMediaError: 'fail'`; `load-failed` (no chunk).
   */
  async join(): Promise<void> {
    if (this.status.value !== 'idle') {
      throw RtcError.invalidState(`join() needs an idle room; this one is ${this.status.value}. Create a new Room.`);
    }
    this.status.set('connecting');
    try {
      assertWebRtcSupported();
      // The transport's code (a lazy chunk for `sfu`/`auto`) loads while the camera starts.
      const [mediaErrors] = await Promise.all([this.media.start(), this.slot.prepare()]);
      if (mediaErrors.length > 0 && this.options.onMediaError === 'fail') throw mediaErrors[0];
      if (!this.stillJoining()) throw RtcError.invalidState('leave() was called during join().');
      this.signaling.setHandlers({
        peerJoined: (peer) => this.roster.joined(peer),
        peerLeft: (id) => this.roster.left(id),
        peerAway: (id, away) => this.roster.setAway(id, away),
        stateChanged: (state) => this.status.signalingChanged(state),
        error: (error) => this.status.signalingError(error),
        rejoined: (joined) => void this.onRejoined(joined).catch((error: unknown) => this.onRejoinFailed(error)),
      });
      this.channel.open();
      this.moderation.open();
      const joined = await this.signaling.join({ room: this.roomName, name: this.localParticipant.name, videoCodecs: this.codecs.policy });
      if (!this.stillJoining()) throw RtcError.invalidState('leave() was called during join().'); // left in catch
      this.localParticipant.assignId(joined.selfId);
      this.role = joined.role ?? 'publisher';
      this.localParticipant.assignRole(this.role);
      this.moderation.joined(joined);
      if (this.role === 'subscriber') this.media.stop();
      if (!(await this.openTransport(joined))) throw RtcError.invalidState('leave() was called during join().');
      this.ice.schedule(joined.iceServersTtlMs);
      this.status.set('connected');
      for (const peer of joined.peers) this.roster.joined(peer);
      for (const error of mediaErrors) this.events.emit('error', error);
      this.deviceWatcher.start();
      void this.deviceWatcher.refresh().catch(() => undefined);
      globalThis.addEventListener?.('online', this.onOnline);
      globalThis.addEventListener?.('pagehide', this.onPageHide);
    } catch (error) {
      await this.signaling.leave().catch(() => undefined);
      this.teardown();
      throw error instanceof RtcError
        ? error
        : new RtcError('signaling-failed', `Joining failed: ${String(error)}`, { cause: error });
    }
  }

  /** Leaves the room: closes every connection, stops the local capture. Safe to call in any state. */
  async leave(): Promise<void> {
    if (this.status.value === 'idle' || this.status.value === 'disconnected') return;
    this.roster.clear();
    await this.signaling.leave().catch(() => undefined);
    this.teardown();
  }

  /**
   * Turns the microphone on or off. Off sends silence (`track.enabled = false`) and tells every participant;
   * on captures a microphone first if there was none. After a moderator's mute, on asks the server first.
   * @throws {RtcError} `forbidden` while a moderator holds the mute (`mutedByModerator` with `hold`).
   * @throws {MediaError} `device-denied`, `device-not-found`, `device-in-use` when a capture is needed and fails.
   */
  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    this.assertUsable('setMicrophoneEnabled');
    this.assertMayPublish(enabled);
    const moderated = enabled && (await this.moderation.beforeUnmute());
    await this.media.setMicrophoneEnabled(Boolean(enabled));
    if (moderated) await this.transport?.setLocalTrack('microphone', this.localParticipant.microphoneTrack?.mediaStreamTrack ?? null);
  }

  /**
   * Turns the camera on or off. Off stops the capture (the camera light goes out) and sends no video; on
   * captures again from the last chosen camera. Every participant is told; no renegotiation happens.
   * @throws {MediaError} when the capture fails.
   */
  async setCameraEnabled(enabled: boolean): Promise<void> {
    this.assertUsable('setCameraEnabled');
    this.assertMayPublish(enabled);
    await this.media.setCameraEnabled(Boolean(enabled));
  }

  /**
   * Uses another device: for `audioinput`/`videoinput`, captures from it and swaps it in with
   * `RTCRtpSender.replaceTrack` (WebRTC 1.0 §5.2, no renegotiation); for `audiooutput`, records the choice
   * and emits `activeDeviceChanged` so UIs apply it with `HTMLMediaElement.setSinkId`.
   * @throws {RtcError} `invalid-argument` for an unknown kind or empty id; `invalid-state` after `leave()`;
   *   `MediaError` (`device-not-found`, …) when the device cannot be captured.
   */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    assertDeviceArgs(kind, deviceId);
    this.assertUsable('switchDevice');
    if (kind === 'audiooutput') {
      this.activeOutput.deviceId = deviceId;
    } else {
      await this.media.switchDevice(kind, deviceId);
    }
    this.events.emit('activeDeviceChanged', kind, deviceId);
  }

  /**
   * Shares a screen, window or tab: the browser asks the user what to share (`getDisplayMedia`, W3C Screen
   * Capture; call it from a click), then it is published to everyone as a track of its own, source `screen` (single
   * layer, no simulcast), with `screen-audio` when the browser offers the sound. The camera keeps going. Remote
   * participants get `trackSubscribed` (`track.source === 'screen'`); `localTrackChanged` fires here. Ends with
   * `stopScreenShare()` or the browser's own "Stop sharing" button. Resolves at once while already sharing.
   * @example `shareButton.onclick = () => room.startScreenShare({ audio: false }).catch(showError);`
   * @throws {RtcError} `invalid-state` unless joined; `forbidden` for subscribers; `load-failed` (its chunk).
   * @throws {MediaError} `device-denied` when the user cancelled the picker (or a policy refused);
   *   `device-not-found` when the browser cannot share screens; `device-in-use` when the capture failed.
   */
  async startScreenShare(options: ScreenShareOptions = {}): Promise<void> {
    if (!this.status.joined) {
      throw RtcError.invalidState(`startScreenShare() needs a joined room; this one is ${this.status.value}.`);
    }
    this.assertMayPublish(true);
    await this.screen.start(options);
  }

  /** Stops the screen share (if any): everyone gets `trackUnsubscribed` for `screen` and `screen-audio`. */
  async stopScreenShare(): Promise<void> {
    await this.screen.value?.stop();
  }

  /** The device in use (or chosen) for `kind`, if known. */
  getActiveDevice(kind: DeviceKind): string | undefined {
    return kind === 'audiooutput' ? this.activeOutput.deviceId : this.media.deviceId(kind);
  }

  /**
   * Lists media devices (`enumerateDevices`), optionally of one kind, and starts following `devicechange`
   * (`devicesChanged` fires on every change). Labels are empty until camera/microphone permission is granted.
   */
  async listDevices(kind?: DeviceKind): Promise<MediaDeviceInfo[]> {
    this.deviceWatcher.start();
    const devices = await this.deviceWatcher.refresh();
    return kind ? devices.filter((d) => d.kind === kind) : devices;
  }

  /**
   * Sends a message to everyone in the room, or to one participant (`to`); they get `messageReceived`. Strings
   * arrive as strings, buffers and typed arrays as an `ArrayBuffer`. Mesh rooms: over data channels (reliable ones
   * of any size up to `maxMessageBytes`, chunked, with backpressure). SFU rooms: through the media server's data
   * channels, or the signaling server for `to` messages (at most 48 KB). Resolves once the message is queued in
   * the browser (not on delivery); the payload is copied at once. Details and limits: docs/core.md ("Messages").
   * @example `await room.send(JSON.stringify({ x, y }), { topic: 'cursor', reliable: false });`
   * @throws {RtcError} `invalid-state` before `join()` or after `leave()`; `invalid-argument` for an unknown `to`,
   *   a topic over 255 bytes or an unsupported payload; `message-too-large` (see {@link SendOptions}); `load-failed`.
   */
  async send(data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): Promise<void> {
    if (!this.transport) throw RtcError.invalidState('send() needs a joined room.');
    return (await this.parts.data.get()).send(data, options);
  }

  /** One normalized stats snapshot per remote participant (rates relative to the previous snapshot). */
  getStats(): Promise<Map<string, ParticipantStats>> {
    return this.parts.stats.collect();
  }

  /**
   * Polls stats every `intervalMs` (default 1000 ms) and emits `statsUpdated`. Calls are counted: polling stops
   * when every returned `stop` function has been called.
   */
  startStats(intervalMs = 1000): () => void {
    return this.parts.stats.start(intervalMs);
  }

  /**
   * Preferred quality of `participantId`'s video in SFU rooms: the simulcast layer the media server forwards
   * (`low` for small or hidden tiles, `high` for large ones). Kept across reconnections and when the room moves
   * between mesh and SFU (`topology: 'auto'`); no effect in mesh. The same as
   * `participant.cameraTrack.setVideoQuality(quality)`.
   * @example `await room.setVideoQuality(p.id, videoQualityFor({ width: tile.clientWidth, height: tile.clientHeight }));`
   * @throws {RtcError} `invalid-argument` for an unknown quality.
   */
  async setVideoQuality(participantId: string, quality: VideoQuality): Promise<void> {
    assertVideoQuality(quality);
    await this.preferVideo(participantId, quality);
  }

  /** Last-N (`lastN`, SFU rooms): a pinned participant's videos are forwarded first, before screen shares and speakers. */
  setVideoPinned(participantId: string, pinned: boolean): void {
    this.slot.pin(participantId, Boolean(pinned));
  }

  /** Records and applies a layer preference: a quality, or a rendered size in device pixels (`setVideoDimensions`). */
  private async preferVideo(participantId: string, preference: VideoPreference): Promise<void> {
    this.roster.prefer(participantId, preference);
    await this.transport?.setVideoQuality?.(participantId, preference);
  }

  /**
   * The participant speaking now, or the last one who spoke; `null` before anyone spoke and after the speaker left.
   * SFU rooms: from the media server's talking events. Mesh rooms: from audio levels, measured only while an
   * `activeSpeakerChanged` listener is subscribed.
   */
  get activeSpeaker(): RemoteParticipant | null {
    const id = this.parts.speaking.value?.speaker.current;
    return id ? (this.roster.participants.get(id) ?? null) : null;
  }

  /**
   * Records the call in this browser: every participant's camera (and screen) composed in a grid with their names,
   * every participant's microphone mixed, into one WebM (`MediaRecorder`). Participants joining or leaving are
   * followed. The recorder is loaded on first use. Call it from a user gesture (the `AudioContext` needs one
   * unless autoplay is allowed). See docs/core.md ("Recording") for formats and limits.
   * @example
   * ```ts
   * const rec = await room.startRecording({ width: 1280, height: 720, frameRate: 30 });
   * const blob = await rec.stop(); // video/webm
   * ```
   * @throws {RtcError} `recording-unsupported` (no `MediaRecorder`/`captureStream`/Web Audio, or an unsupported
   *   `mimeType`); `invalid-argument` for bad sizes or rates; `invalid-state` after `leave()`, or when the
   *   `AudioContext` cannot start within 1 s (no user gesture yet); `load-failed` when its code cannot be fetched
   *   (a bundle deployed without its `chunks/` folder).
   */
  async startRecording(options?: RecordingOptions): Promise<RoomRecording> {
    this.assertUsable('startRecording');
    const { startRecording } = await loadLazy(import('../recording/recorder.js'), 'startRecording()');
    return startRecording(this, options);
  }

  /**
   * Starts (`true`) or stops server-side recording of this SFU room: the signaling server has Janus record every
   * publisher's audio and video (`.mjr` files, converted with `janus-pp-rec`; see docs/server.md). Everyone in
   * the room is told.
   * @throws {RtcError} `forbidden` without a room token granting `record`; `recording-off` when the server does not
   *   record (no `--recordings-dir`, no SFU, or an adapter without an SFU channel); `sfu-unavailable`;
   *   `recording-failed`; `invalid-state` unless connected; `load-failed` (its chunk could not be fetched).
   */
  async setServerRecording(active: boolean): Promise<ServerRecording> {
    if (this.status.value !== 'connected') throw RtcError.invalidState(`setServerRecording() needs a connected room; this one is ${this.status.value}.`);
    const { requestServerRecording } = await loadLazy(import('../recording/server-recording.js'), 'setServerRecording()');
    return requestServerRecording(this.signaling, Boolean(active));
  }

  /** The transport (while joined). */
  private get transport(): Transport | undefined {
    return this.slot.current;
  }

  /** A transport for the session the signaling side just granted; `false` when left (or rejoined) meanwhile. */
  private openTransport(joined: SignalingJoinResult): Promise<boolean> {
    return this.slot.open(joined, this.ice.servers(joined.iceServers), this.role !== 'subscriber', this.media.sending());
  }

  /**
   * The signaling server lost our seat (restarted without it) and the adapter joined again by itself, with a new
   * id: everyone known so far is gone (`participantLeft`), and the call starts again with a fresh transport and
   * the peers of the new session. Local media keeps going.
   */
  private async onRejoined(joined: SignalingJoinResult): Promise<void> {
    if (this.status.value === 'idle' || this.status.value === 'disconnected') return;
    this.roster.clear();
    this.localParticipant.assignId(joined.selfId);
    if (!(await this.openTransport(joined))) return; // left, or rejoined again, meanwhile
    this.ice.schedule(joined.iceServersTtlMs);
    if (this.status.value === 'reconnecting') this.status.set('connected');
    for (const peer of joined.peers) this.roster.joined(peer);
  }

  /** Starting again after a rejoin failed: the call cannot continue. */
  private onRejoinFailed(error: unknown): void {
    this.events.emit('error', error instanceof RtcError ? error : new RtcError('signaling-failed', `Rejoining failed: ${String(error)}`, { cause: error }));
    void this.leave();
  }

  private assertUsable(method: string): void {
    if (this.status.value === 'disconnected') throw RtcError.invalidState(`${method}() after leave().`);
  }

  private assertMayPublish(enabling: boolean): void {
    if (enabling && this.role === 'subscriber') throw new RtcError('forbidden', 'This participant joined as a subscriber and may not publish media.');
  }

  /** False once `leave()` ran while `join()` was awaiting. */
  private stillJoining(): boolean {
    return this.status.value === 'connecting';
  }

  private readonly onError = (error: RtcError): void => void this.events.emit('error', error);
  /** Back online: the network path may have changed, so every connection restarts ICE now. */
  private readonly onOnline = (): void => this.transport?.restartIce();
  /** The page is going away: say goodbye so the others remove this tile at once. */
  private readonly onPageHide = (): void => void this.leave();

  private teardown(): void {
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    this.ice.stop();
    this.channel.close();
    this.moderation.close();
    this.roster.clear();
    this.parts.stop();
    this.slot.close();
    void this.screen.value?.stop();
    this.media.stop();
    this.deviceWatcher.stop();
    this.status.set('disconnected');
  }

  private onLocalMuteChanged(track: LocalTrackImpl): void {
    this.events.emit(track.muted ? 'trackMuted' : 'trackUnmuted', track, this.localParticipant);
    if (this.status.joined) this.channel.announce();
  }
}
