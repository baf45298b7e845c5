/**
 * The publishing half of the VideoRoom driver: one publisher handle, joined to a room, that sends the client's
 * offers and returns Janus's answers.
 * Reference: https://janus.conf.meetecho.com/docs/videoroom.html (publishers: `join`, `publish`, `configure`,
 * `unpublish`, `leave`).
 */
import { JanusError, type JanusMessage, type JanusSession, type Jsep } from './session.js';
import { streamDescriptions, type JanusId, type StreamSource } from './videoroom.js';

/** What each mid of a publish offer carries (sent to Janus as stream `descriptions`). */
export type PublishedSources = ReadonlyArray<{ mid: string; source: StreamSource }>;

/** One VideoRoom publisher handle. Create it with {@link VideoRoomPublisher.attach}. */
export class VideoRoomPublisher {
  #negotiated = false;

  private constructor(
    readonly session: JanusSession,
    /** The Janus handle id. */
    readonly handle: number,
  ) {}

  /**
   * Attaches a VideoRoom handle for publishing; `onEvent` gets everything Janus pushes on it (presence, `webrtcup`,
   * `hangup`, `media`, talking).
   * @throws {JanusError} when Janus refuses.
   */
  static async attach(session: JanusSession, onEvent: (event: JanusMessage) => void): Promise<VideoRoomPublisher> {
    return new VideoRoomPublisher(session, await session.attach(onEvent));
  }

  /** True once an offer was answered on this handle: later offers (ICE restarts, new tracks) go as `configure`. */
  get negotiated(): boolean {
    return this.#negotiated;
  }

  /**
   * Joins `room` as a publisher (`ptype: "publisher"`), not yet sending anything.
   * @param extra `id` (the feed id; Janus picks one without it), `display`, `pin`, …
   * @returns the `joined` event's data (`id`, `private_id`, `publishers`, `attendees`)
   * @throws {JanusError} with the VideoRoom's code (`VideoRoomError`: no such room, id taken, room full, …).
   */
  async join(room: JanusId, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return (await this.session.message(this.handle, { request: 'join', ptype: 'publisher', room, ...extra }, undefined, true)).data;
  }

  /**
   * Sends a publish offer and returns Janus's answer: `publish` the first time, `configure` for every later offer
   * (Janus refuses a second `publish` on a handle). `sources` name what each sending mid carries.
   * @throws {JanusError} when Janus refuses or sends no answer.
   */
  async publish(offer: Jsep, sources?: PublishedSources): Promise<Jsep> {
    const body = { request: this.#negotiated ? 'configure' : 'publish', ...streamDescriptions(sources) };
    const result = await this.session.message(this.handle, body, offer, true);
    if (!result.jsep) throw new JanusError('Janus sent no answer');
    this.#negotiated = true;
    return result.jsep;
  }

  /** Stops publishing (the handle stays in the room). */
  async unpublish(): Promise<void> {
    await this.session.message(this.handle, { request: 'unpublish' }, undefined, true);
  }

  /** Leaves the room. */
  async leave(): Promise<void> {
    await this.session.message(this.handle, { request: 'leave' }, undefined, true);
  }

  /** Trickles one of the client's ICE candidates (`null`: gathering completed). */
  trickle(candidate: object | null): void {
    this.session.trickle(this.handle, candidate);
  }

  /** Detaches the handle (Janus hangs up its PeerConnection). */
  detach(): Promise<void> {
    return this.session.detach(this.handle);
  }
}
