import {
  compareFeedIds,
  createRoomRequest,
  JanusError,
  newFeedId,
  openJanusSession,
  roomIdOf,
  talkingOf,
  VideoRoomError,
  VideoRoomPublisher,
  type JanusId,
  type JanusMessage,
  type JanusSession,
} from '@rtc-room/janus';
import { RtcError } from '../../errors/RtcError.js';
import { SignalingError } from '../../errors/SignalingError.js';
import type { SfuChannel, SfuEvent } from '../sfu-protocol.js';
import type { PeerInfo, SignalingAdapter, SignalingJoinRequest, SignalingJoinResult } from '../SignalingAdapter.js';
import { AdapterBase } from '../AdapterBase.js';
import { toSignalingError } from './errors.js';
import { JanusSfuChannel } from './JanusSfuChannel.js';

/** Options of {@link JanusSignaling}. */
export interface JanusSignalingOptions {
  /**
   * The VideoRoom to join: a number, or a string when the deployment's VideoRoom runs with `string_ids = true`
   * (then feed ids are strings too). Default: derived from the `Room`'s name — a 32-bit hash of it (numeric), or
   * the name itself with `stringIds`.
   */
  room?: number | string;
  /** The deployment uses `string_ids = true`. Default: `true` when `room` is a string. */
  stringIds?: boolean;
  /** The room's `pin`, if it has one (also set on rooms this adapter creates). */
  pin?: string;
  /**
   * The room's `secret` (set on rooms this adapter creates; Janus then needs it to edit, record or destroy them).
   * The last member to leave a room this adapter created destroys it with this secret.
   */
  roomSecret?: string;
  /** Janus stored-token auth (`token_auth = true` in janus.jcfg): sent with every request. */
  token?: string;
  /** Janus API secret (`api_secret` in janus.jcfg): sent as `apisecret` with every request. */
  apiSecret?: string;
  /** @deprecated Use {@link JanusSignalingOptions.apiSecret} (the same; `apiSecret` wins when both are set). */
  apisecret?: string;
  /**
   * Create the VideoRoom when it does not exist (`create` with `publishers: 64`, `bitrate: 0`,
   * `audiolevel_event: true`, `notify_joining: true`, `description: "rtc-room"`). Default `true`. Rooms created so
   * are destroyed when their last member leaves (by the adapter that leaves last: it asks Janus who is left); rooms
   * that existed before (another description) are never destroyed.
   */
  createRoom?: boolean;
  /** The VideoRoom's `admin_key`, for deployments that only let holders of it create rooms. */
  adminKey?: string;
  /**
   * ICE servers (STUN/TURN) handed to the `Room` as if a signaling server had sent them; the `Room` adds them to
   * its own `iceServers`. Janus never hands any out.
   */
  iceServers?: RTCIceServer[];
  /** How long opening the WebSocket may take, in ms. Default 10000. */
  connectTimeoutMs?: number;
}

/**
 * Signaling straight to an existing Janus deployment (split signaling: the browser speaks the Janus WebSocket API
 * itself, subprotocol `janus-protocol`). The second choice for SFU rooms — for teams that already run Janus;
 * `WebSocketSignaling` with `@rtc-room/server --janus-url` (centralized signaling) is the default.
 *
 * - Presence is the VideoRoom's: each participant joins as a VideoRoom publisher (id = a new feed id, `display` =
 *   the name), so its id in the `Room` is that feed id as a string. Peers come from the `joined` reply
 *   (`publishers`, `attendees`) and the `joining` / `publishers` / `leaving` / `kicked` events. Rooms created here
 *   set `notify_joining`; in rooms without it Janus only reports people once they publish.
 * - Media: `topology: 'sfu'` only. VideoRoom carries no peer-to-peer payloads, so it has no `peer()` channel,
 *   remote mute state is not reported, and a `Room` with `topology: 'mesh'` or `'auto'` throws
 *   `invalid-argument` (see {@link topologies}).
 * - Security: the Janus API is exposed to browsers — protect it with Janus's `token_auth` or `api_secret`
 *   ({@link JanusSignalingOptions.token}, `apiSecret`) and room `pin`s (`roomSecret` keeps others from editing or
 *   destroying the rooms it creates).
 * - Rooms it creates (`createRoom`) are marked `description: "rtc-room"` and destroyed when their last member
 *   leaves (a member that leaves while others stay leaves the room to them).
 * - No reconnection: when the WebSocket drops, the `Room` gets `signaling-failed` and leaves.
 *
 * Janus docs: https://janus.conf.meetecho.com/docs/videoroom.html (Janus 1.x, multistream).
 *
 * @example
 * ```ts
 * const room = new Room({
 *   room: 'standup',
 *   topology: 'sfu',
 *   signaling: new JanusSignaling('wss://janus.example.com/ws', { room: 1234, token: myJanusToken }),
 * });
 * await room.join();
 * ```
 */
export class JanusSignaling extends AdapterBase implements SignalingAdapter {
  /** Only the SFU topology: Janus VideoRoom relays no peer-to-peer payloads. */
  readonly topologies = ['sfu'] as const;
  private session: JanusSession | undefined;
  private publisher: VideoRoomPublisher | undefined;
  private room: JanusId = 0;
  private selfId = '';
  private privateId: number | undefined;
  /** Everyone else in the room, by participant id. */
  private readonly peers = new Map<string, PeerInfo>();
  /** Feeds of everyone else currently publishing, by participant id. */
  private readonly published = new Map<string, JanusId>();
  private channel: JanusSfuChannel | undefined;

  /**
   * @param url Janus's WebSocket transport, e.g. `wss://janus.example.com/ws` (Janus's default port is 8188).
   * @throws {RtcError} `invalid-argument` if `url` is not a `ws:` or `wss:` URL.
   */
  constructor(
    readonly url: string,
    private readonly options: JanusSignalingOptions = {},
  ) {
    super();
    if (!/^wss?:\/\/[^/]/i.test(url)) throw RtcError.invalidArgument(`Janus URL must start with ws:// or wss://, got "${url}".`);
  }

  /**
   * Opens a Janus session, attaches a VideoRoom handle and joins the room as a (not yet publishing) publisher,
   * creating the room first if needed.
   * @throws {RtcError} `invalid-state` if already joined; `signaling-failed` (Janus unreachable, no such room with
   *   `createRoom: false`, any other Janus error — its code is in the message); `unauthorized` (wrong
   *   `token`/`apisecret`/`pin`); `room-full` (the room's `publishers` limit).
   */
  async join(request: SignalingJoinRequest): Promise<SignalingJoinResult> {
    if (this.session) throw RtcError.invalidState('Already joined or joining a room.');
    const { options } = this;
    const stringIds = options.stringIds ?? typeof options.room === 'string';
    this.room = options.room ?? (stringIds ? request.room : roomIdOf(request.room));
    this.setState('connecting');
    try {
      const { token, connectTimeoutMs } = options; // the session sends only the auth fields that are set
      const apisecret = options.apiSecret ?? options.apisecret;
      const session = await openJanusSession(this.url, { token, apisecret, connectTimeoutMs, onClose: () => this.lost() });
      this.session = session;
      this.publisher = await VideoRoomPublisher.attach(session, (event) => this.onEvent(event));
      const joined = await this.enter(request.name, stringIds, request.videoCodecs);
      this.selfId = String(joined['id']);
      this.privateId = typeof joined['private_id'] === 'number' ? joined['private_id'] : undefined;
      const present = [...list(joined['attendees']), ...list(joined['publishers'])]
        .filter((p) => String(p['id']) !== this.selfId)
        .sort((a, b) => compareFeedIds(a['id'] as JanusId, b['id'] as JanusId));
      for (const p of present) this.see(p, false);
      for (const p of list(joined['publishers'])) this.markPublished(p);
      this.setState('connected');
      return {
        selfId: this.selfId,
        peers: [...this.peers.values()],
        ...(options.iceServers ? { iceServers: options.iceServers } : {}),
      };
    } catch (error) {
      this.close();
      throw toSignalingError(error, `joining room ${String(this.room)} at ${this.url}`);
    }
  }

  /**
   * Leaves the VideoRoom and destroys the Janus session (every handle and PeerConnection with it). When nobody is
   * left in a room an rtc-room adapter created, destroys the room first.
   */
  async leave(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session.open && this.state === 'connected') {
      await this.publisher?.leave().catch(() => undefined);
      await this.destroyIfEmpty().catch(() => undefined);
    }
    this.close();
  }

  /**
   * The SFU channel `SfuTransport` uses (`topology: 'sfu'`): the same requests as `WebSocketSignaling`'s, sent to
   * Janus directly. One channel at a time; opening one closes the previous.
   * @throws {RtcError} `invalid-state` before `join()` resolved.
   */
  sfu(listener: (event: SfuEvent) => void): SfuChannel {
    const publisher = this.publisher;
    if (!publisher || this.state !== 'connected') throw RtcError.invalidState('sfu() needs a joined JanusSignaling.');
    this.channel?.close();
    const channel = new JanusSfuChannel(
      {
        publisher,
        room: this.room,
        privateId: this.privateId,
        publishedFeeds: () => this.published,
        onError: (error) => this.handlers?.error(error),
      },
      listener,
    );
    this.channel = channel;
    return channel;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /**
   * After leaving: destroys the room when it is one an rtc-room adapter created (its `description`, from `list`)
   * and `listparticipants` finds nobody left. Two members leaving at once may both try: Janus answers the second
   * with "no such room", which is ignored.
   */
  private async destroyIfEmpty(): Promise<void> {
    const publisher = this.publisher;
    if (!publisher || this.options.createRoom === false) return;
    const { session, handle } = publisher;
    const { data: listed } = await session.message(handle, { request: 'list' });
    const mine = list(listed['list']).some((r) => r['room'] === this.room && r['description'] === ROOM_DESCRIPTION);
    if (!mine) return;
    const { data } = await session.message(handle, { request: 'listparticipants', room: this.room });
    if (list(data['participants']).length > 0) return;
    const secret = this.options.roomSecret;
    await session.message(handle, { request: 'destroy', room: this.room, ...(secret ? { secret } : {}) });
  }

  /** `join` as a publisher with a new feed id; creates the room when missing, picks another id when taken. */
  private async enter(name: string, stringIds: boolean, videoCodecs?: readonly string[], attempt = 0): Promise<Record<string, unknown>> {
    const { options } = this;
    const publisher = this.publisher!;
    try {
      return await publisher.join(this.room, { id: newFeedId(stringIds), display: name, ...(options.pin ? { pin: options.pin } : {}) });
    } catch (error) {
      if (!(error instanceof JanusError) || attempt >= 3) throw error;
      if (error.code === VideoRoomError.ID_EXISTS) return this.enter(name, stringIds, videoCodecs, attempt + 1);
      if (error.code !== VideoRoomError.NO_SUCH_ROOM || options.createRoom === false) throw error;
      const extra = {
        notify_joining: true,
        description: ROOM_DESCRIPTION,
        // The Room's codec policy, in its order (Janus takes at most 5): what publishers offering several get.
        ...(videoCodecs?.length ? { videocodec: videoCodecs.join(',') } : {}),
        ...(options.pin ? { pin: options.pin } : {}),
        ...(options.roomSecret ? { secret: options.roomSecret } : {}),
        ...(options.adminKey ? { admin_key: options.adminKey } : {}),
      };
      await publisher.session.message(publisher.handle, createRoomRequest(this.room, extra)).catch((e: unknown) => {
        if (!(e instanceof JanusError && e.code === VideoRoomError.ROOM_EXISTS)) throw e; // someone else was faster
      });
      return this.enter(name, stringIds, videoCodecs, attempt + 1);
    }
  }

  /** Events on the publisher handle: presence, publishers coming and going, talking. */
  private onEvent(event: JanusMessage): void {
    const data = event.plugindata?.data;
    if (!data || this.state !== 'connected') return;
    const talking = talkingOf(data);
    if (talking) {
      if (this.peers.has(String(talking.feed))) this.channel?.talking(String(talking.feed), talking.talking);
      return;
    }
    if (data['videoroom'] === 'destroyed') return this.ended('the VideoRoom was destroyed');
    const joining = data['joining'];
    if (joining && typeof joining === 'object') this.see(joining as Record<string, unknown>, true);
    const publishers = list(data['publishers']);
    for (const p of publishers) {
      this.see(p, true);
      this.markPublished(p);
    }
    let feedsChanged = publishers.length > 0;
    for (const key of ['unpublished', 'leaving', 'kicked'] as const) {
      const value = data[key];
      if (value === undefined || value === 'ok') continue; // 'ok': the reply to our own request
      const id = String(value);
      if (key === 'kicked' && id === this.selfId) return this.ended('this participant was kicked from the VideoRoom');
      feedsChanged = this.published.delete(id) || feedsChanged;
      if (key !== 'unpublished' && this.peers.delete(id)) this.handlers?.peerLeft(id);
    }
    if (feedsChanged) this.channel?.feedsChanged();
  }

  /** Records a participant from a `joining` / `publishers` / `attendees` entry; `announce` tells the Room. */
  private see(entry: Record<string, unknown>, announce: boolean): void {
    const id = String(entry['id']);
    if (id === this.selfId || this.peers.has(id)) return;
    const display = entry['display'];
    const peer: PeerInfo = { id, name: typeof display === 'string' && display ? display : id };
    this.peers.set(id, peer);
    if (announce) this.handlers?.peerJoined(peer);
  }

  private markPublished(entry: Record<string, unknown>): void {
    const id = String(entry['id']);
    if (id !== this.selfId && entry['dummy'] !== true) this.published.set(id, entry['id'] as JanusId);
  }

  /** The session is gone (socket closed, Janus timed it out). */
  private lost(): void {
    if (this.state === 'connected') this.ended('the connection to Janus was lost');
  }

  /** The call cannot go on: `signaling-failed` (the `Room` leaves). */
  private ended(why: string): void {
    this.close();
    this.handlers?.error(SignalingError.failed(`Janus: ${why}.`));
  }

  private close(): void {
    this.channel?.close();
    this.channel = undefined;
    this.session?.close();
    this.session = undefined;
    this.publisher = undefined;
    this.peers.clear();
    this.published.clear();
    this.setState('disconnected');
  }
}

/** The `description` of rooms rtc-room adapters create (so the last one out knows it may destroy them). */
const ROOM_DESCRIPTION = 'rtc-room';

function list(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}
