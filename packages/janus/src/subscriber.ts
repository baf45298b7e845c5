/**
 * The subscribing half of the VideoRoom driver: one multistream subscriber handle kept in step with the feeds its
 * owner wants, one renegotiation at a time.
 *
 * - {@link VideoRoomSubscriber.sync}: compares `wanted()` with what the handle receives and sends `join`
 *   (`ptype: "subscriber"`, first time) or `update` (`subscribe` / `unsubscribe`, by feed or by feed and mid: a
 *   screen share started or stopped on a feed already received; Janus does not add a new stream of a subscribed
 *   feed by itself).
 * - Every offer Janus makes (`attached`, `updated`, an ICE restart, or one it pushes by itself when a subscribed
 *   publisher went away) goes to `offer()` with what each mid carries; the owner's client answers through
 *   {@link VideoRoomSubscriber.answer}, which sends `start`. The next renegotiation waits for that (or for
 *   `answerTimeoutMs`).
 * - {@link VideoRoomSubscriber.configure}: a simulcast layer for one mid; {@link VideoRoomSubscriber.pause}: stop or
 *   resume forwarding streams (`send` per stream); {@link VideoRoomSubscriber.restart}: an
 *   ICE restart (`configure` with `restart: true`).
 * Reference: https://janus.conf.meetecho.com/docs/videoroom.html (subscribers, Janus 1.x multistream).
 */
import { JanusError, type JanusMessage, type JanusSession, type Jsep } from './session.js';
import { subscribedFeeds, subscribedStreams, type JanusId, type SubscribedStream } from './videoroom.js';

/** A feed (publisher) to receive: every stream of it, or (`mids`) only the publisher's streams with these mids. */
export interface WantedFeed {
  feed: JanusId;
  mids?: readonly string[] | undefined;
}

/** A simulcast layer choice for one subscribed stream (Janus `configure` `streams` entry). */
export interface LayerChoice {
  /** The subscriber's mid of the stream. */
  mid: string;
  /** Spatial layer, 0 = lowest. */
  substream: number;
  /** Temporal layer, 0 = lowest. */
  temporal?: number | undefined;
}

/** Options of a {@link VideoRoomSubscriber}. */
export interface VideoRoomSubscriberOptions {
  room: JanusId;
  /** The owner's publisher `private_id` (ties the subscription to it in Janus). */
  privateId?: number | undefined;
  /** The room's `pin`, when it has one (sent with the subscriber `join`). */
  pin?: string | undefined;
  /** The feeds to receive now; read before every renegotiation. */
  wanted(): Iterable<WantedFeed>;
  /**
   * Janus offers the subscriber connection: hand `offer` to the client, whose answer comes back through
   * {@link VideoRoomSubscriber.answer}. `streams` are the active audio/video mids and their feeds. Return `false`
   * when it could not be delivered (the renegotiation then moves on at once).
   */
  offer(offer: Jsep & { type: 'offer' }, streams: readonly SubscribedStream[]): boolean | void;
  /** A renegotiation failed (an `update` or `start` Janus refused). Not called after `close()`. */
  onError?(error: unknown): void;
  /** How long an offer waits for its answer before the subscription moves on, in ms. Default 15000. */
  answerTimeoutMs?: number | undefined;
}

/** One VideoRoom multistream subscriber handle, attached on the first {@link sync} that has a feed to add. */
export class VideoRoomSubscriber {
  #handle: number | undefined;
  /** Feeds the handle receives (Janus's own `streams` list). */
  #feeds = new Set<JanusId>();
  /** Janus's latest `streams` list (an ICE-restart offer comes without one). */
  #streams: SubscribedStream[] = [];
  #chain: Promise<void> = Promise.resolve();
  /** Sends the client's answer to the pending offer with `start`. */
  #answer: ((answer: Jsep) => Promise<void>) | undefined;
  #closed = false;

  constructor(
    readonly session: JanusSession,
    private readonly options: VideoRoomSubscriberOptions,
  ) {}

  /** The Janus handle id, once attached. */
  get handle(): number | undefined {
    return this.#handle;
  }

  /** Brings the subscription to `wanted()`, after any renegotiation in progress. Failures go to `onError`. */
  sync(): void {
    this.#enqueue(async () => {
      const { session } = this;
      if (this.#closed || !session.open) return;
      const { subscribe, unsubscribe } = this.#diff(this.options.wanted());
      if (subscribe.length === 0 && unsubscribe.length === 0) return;
      let result;
      if (this.#handle === undefined) {
        if (subscribe.length === 0) return;
        const handle = await session.attach((event) => this.#pushed(event));
        try {
          const { room, privateId, pin } = this.options;
          const body = {
            request: 'join', ptype: 'subscriber', room, streams: subscribe,
            ...(privateId ? { private_id: privateId } : {}), ...(pin !== undefined ? { pin } : {}),
          };
          result = await session.message(handle, body, undefined, true);
        } catch (error) {
          void session.detach(handle);
          throw error;
        }
        if (this.#closed) return void session.detach(handle);
        this.#handle = handle;
      } else {
        const body = { request: 'update', ...(subscribe.length ? { subscribe } : {}), ...(unsubscribe.length ? { unsubscribe } : {}) };
        result = await session.message(this.#handle, body, undefined, true);
      }
      this.#note(result.data);
      if (result.jsep) await this.#offer(result.jsep);
    });
  }

  /**
   * The client's answer to the pending offer: sent to Janus with `start`. Resolves once Janus accepted it;
   * nothing happens without a pending offer.
   * @throws {JanusError} when Janus refuses the answer.
   */
  answer(answer: Jsep): Promise<void> {
    return this.#answer?.(answer) ?? Promise.resolve();
  }

  /**
   * Chooses the simulcast layer of one subscribed stream.
   * @throws {JanusError} before the handle exists (`not subscribed`), or when Janus refuses.
   */
  async configure(layer: LayerChoice): Promise<void> {
    if (this.#handle === undefined) throw new JanusError('not subscribed');
    const stream = { mid: layer.mid, substream: layer.substream, ...(layer.temporal !== undefined ? { temporal: layer.temporal } : {}) };
    await this.session.message(this.#handle, { request: 'configure', streams: [stream] }, undefined, true);
  }

  /**
   * Stops (`paused: true`) or resumes forwarding subscribed streams, in one `configure` with `send` per stream (Janus
   * 1.x multistream): a paused stream stays in the SDP but Janus sends it no packet; resuming a video asks its
   * publisher for a keyframe.
   * @throws {JanusError} before the handle exists (`not subscribed`), or when Janus refuses.
   */
  async pause(streams: ReadonlyArray<{ mid: string; paused: boolean }>): Promise<void> {
    if (this.#handle === undefined) throw new JanusError('not subscribed');
    const body = { request: 'configure', streams: streams.map((s) => ({ mid: s.mid, send: !s.paused })) };
    await this.session.message(this.#handle, body, undefined, true);
  }

  /**
   * ICE restart: Janus makes a new offer with fresh ICE credentials (`configure` with `restart: true`), which goes
   * to `offer()` in turn. Resolves once the client answered (or the answer timed out).
   * @throws {JanusError} before the handle exists, when Janus refuses, or when it sends no offer.
   */
  restart(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#handle === undefined) throw new JanusError('not subscribed');
      const result = await this.session.message(this.#handle, { request: 'configure', restart: true }, undefined, true);
      this.#note(result.data);
      if (!result.jsep) throw new JanusError('Janus sent no ICE-restart offer');
      await this.#offer(result.jsep);
    }, false);
  }

  /** Trickles one of the client's ICE candidates (`null`: gathering completed); dropped before the handle exists. */
  trickle(candidate: object | null): void {
    if (this.#handle !== undefined && this.session.open) this.session.trickle(this.#handle, candidate);
  }

  /** Detaches the handle and stops: a pending offer is abandoned, nothing more is reported. */
  close(): void {
    this.#closed = true;
    this.#answer = undefined;
    if (this.#handle !== undefined) void this.session.detach(this.#handle);
    this.#handle = undefined;
  }

  /** What `update` must add and remove, by feed, and by mid for feeds that name their mids. */
  #diff(wanted: Iterable<WantedFeed>): Record<'subscribe' | 'unsubscribe', Array<{ feed: JanusId; mid?: string }>> {
    const subscribe: Array<{ feed: JanusId; mid?: string }> = [];
    const unsubscribe: Array<{ feed: JanusId; mid?: string }> = [];
    const want = new Map([...wanted].map((w) => [w.feed, w.mids]));
    for (const [feed, mids] of want) {
      if (!this.#feeds.has(feed)) subscribe.push({ feed });
      else if (mids) {
        const have = this.#streams.filter((s) => s.feed === feed).map((s) => s.feedMid);
        for (const mid of mids) if (!have.includes(mid)) subscribe.push({ feed, mid });
        for (const mid of have) if (mid !== undefined && !mids.includes(mid)) unsubscribe.push({ feed, mid });
      }
    }
    for (const feed of this.#feeds) if (!want.has(feed)) unsubscribe.push({ feed });
    return { subscribe, unsubscribe };
  }

  /** An offer Janus made by itself (a subscribed publisher went away, or a postponed `update`): answered in turn. */
  #pushed(event: JanusMessage): void {
    const data = event.plugindata?.data;
    const jsep = event.jsep;
    if (!data || !jsep) return;
    this.#enqueue(async () => {
      this.#note(data);
      await this.#offer(jsep);
      this.sync();
    });
  }

  /** Runs `step` after the renegotiation in progress; `report`: failures go to `onError` (else to the caller). */
  #enqueue(step: () => Promise<void>, report = true): Promise<void> {
    const run = this.#chain.then(step);
    this.#chain = run.catch((error: unknown) => {
      if (report && !this.#closed && this.session.open) this.options.onError?.(error);
    });
    return report ? this.#chain : run;
  }

  #note(data: Record<string, unknown>): void {
    const feeds = subscribedFeeds(data);
    if (!feeds) return;
    this.#feeds = feeds;
    this.#streams = subscribedStreams(data);
  }

  /** Hands Janus's offer to the owner and, once the client answered, starts the subscription with the answer. */
  async #offer(jsep: Jsep): Promise<void> {
    const started = await new Promise<Promise<void> | undefined>((resolve) => {
      const timer = setTimeout(() => ((this.#answer = undefined), resolve(undefined)), this.options.answerTimeoutMs ?? 15_000);
      this.#answer = (answer) => {
        clearTimeout(timer);
        this.#answer = undefined;
        // Offers come from the handle, and close() drops this callback: the handle is there.
        const start = this.session.message(this.#handle!, { request: 'start' }, answer, true).then(() => undefined);
        resolve(start);
        return start;
      };
      if (this.#closed || this.options.offer({ type: 'offer', sdp: jsep.sdp }, this.#streams) === false) {
        clearTimeout(timer);
        this.#answer = undefined;
        resolve(undefined);
      }
    });
    await started;
  }
}
