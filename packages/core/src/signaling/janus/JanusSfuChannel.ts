import { RtcError } from '../../errors/RtcError.js';
import { SignalingError } from '../../errors/SignalingError.js';
import type { SfuChannel, SfuEvent, SfuNotice, SfuReply, SfuRequest, SfuStream } from '../sfu-protocol.js';
import { JanusError, type JanusMessage, type JanusSession, type Jsep } from './janus-session.js';
import { streamDescriptions, subscribedFeeds, subscribedStreams, type JanusId } from './videoroom.js';

/** Janus's simulcast `substream` of each `quality` (0 = lowest). */
const SUBSTREAM = { low: 0, medium: 1, high: 2 } as const;

/** What the channel needs of the joined `JanusSignaling`. */
export interface JanusRoomContext {
  readonly session: JanusSession;
  /** The publisher handle joined to the room (presence and publishing). */
  readonly publisher: number;
  readonly room: JanusId;
  readonly privateId: number | undefined;
  /** Feeds of everyone else currently publishing, by participant id (the feed id as a string). */
  publishedFeeds(): ReadonlyMap<string, JanusId>;
  /** An asynchronous failure (a subscription update Janus refused). */
  onError(error: RtcError): void;
}

/** How long an `sfu-offer` waits for the transport's answer before the subscription moves on, in ms. */
const ANSWER_TIMEOUT_MS = 15_000;

/**
 * The {@link SfuChannel} of `JanusSignaling`: the same requests `SfuTransport` sends to `@rtc-room/server`,
 * translated to the VideoRoom API on the browser's own Janus session.
 * - `publish` → `configure` with the offer on the publisher handle (Janus answers in the `configured` event).
 * - `subscribe` → one multistream subscriber handle: `join` with `streams: [{ feed }]`, then `update` with
 *   `subscribe` as publishers appear; Janus drops the streams of publishers who leave and offers again by itself.
 *   Every offer goes to the transport as `sfu-offer`; its `answer` is sent with `start`. One at a time.
 * - `configure` → subscriber `configure` with `streams: [{ mid, substream, temporal }]` (simulcast layer: `quality`
 *   `low`/`medium`/`high` = Janus `substream` 0/1/2).
 * - `trickle` → Janus `trickle` on the publisher or subscriber handle.
 * @internal
 */
export class JanusSfuChannel implements SfuChannel {
  private subscriber: number | undefined;
  /** Participant ids whose feeds the subscriber handle receives. */
  private subscribed = new Set<string>();
  private wantsSubscription = false;
  private published = false;
  private chain: Promise<void> = Promise.resolve();
  /** Sends the transport's answer to the pending `sfu-offer` (with `start`). */
  private onAnswer: ((answer: Jsep) => Promise<unknown>) | undefined;
  private closed = false;
  /** The streams of the latest offer (an ICE-restart offer carries no `streams` list). */
  private lastStreams: SfuStream[] = [];

  constructor(
    private readonly ctx: JanusRoomContext,
    private readonly listener: (event: SfuEvent) => void,
  ) {}

  async request(request: SfuRequest): Promise<SfuReply> {
    const { session, publisher } = this.ctx;
    if (!session.open) throw SignalingError.failed('Not connected to Janus.');
    try {
      switch (request.op) {
        case 'publish': {
          const body = { request: 'configure', ...streamDescriptions(request.sources) };
          const result = await session.message(publisher, body, request.description, true);
          if (!result.jsep) throw new JanusError('Janus sent no answer');
          this.published = true;
          return { description: { type: 'answer', sdp: result.jsep.sdp } };
        }
        case 'subscribe':
          this.wantsSubscription = true;
          this.sync();
          return {};
        case 'answer':
          await this.onAnswer?.(request.description);
          return {};
        case 'configure': {
          if (this.subscriber === undefined) throw new JanusError('not subscribed');
          const stream = { mid: request.mid, substream: SUBSTREAM[request.quality], ...(request.temporal !== undefined ? { temporal: request.temporal } : {}) };
          await session.message(this.subscriber, { request: 'configure', streams: [stream] }, undefined, true);
          return {};
        }
        case 'restart': {
          // ICE restart of the subscription: Janus makes a fresh offer, answered like any other.
          const run = this.chain.then(async () => {
            if (this.subscriber === undefined) throw new JanusError('not subscribed');
            const result = await session.message(this.subscriber, { request: 'configure', restart: true }, undefined, true);
            if (!result.jsep) throw new JanusError('Janus sent no ICE-restart offer');
            await this.offer(result.jsep, result.data);
          });
          this.chain = run.catch(() => undefined);
          await run;
          return {};
        }
        case 'leave':
          this.wantsSubscription = false;
          this.dropSubscriber();
          if (this.published) {
            this.published = false;
            await session.message(publisher, { request: 'unpublish' }, undefined, true);
          }
          return {};
        case 'record':
          return { error: { code: 'recording-off', message: 'JanusSignaling cannot record: use the signaling server with --recordings-dir' } };
      }
    } catch (error) {
      return { error: { code: 'sfu-failed', message: error instanceof Error ? error.message : String(error) } };
    }
  }

  notify(notice: SfuNotice): void {
    if (notice.op !== 'trickle' || !this.ctx.session.open) return;
    const handle = notice.target === 'publisher' ? this.ctx.publisher : this.subscriber;
    if (handle !== undefined) this.ctx.session.trickle(handle, notice.candidate);
  }

  /** Stops delivering events; a pending offer is abandoned. */
  close(): void {
    this.closed = true;
    this.onAnswer = undefined;
  }

  /** Presence saw publishers come or go: subscribe to the new ones (Janus drops the streams of the gone ones). */
  feedsChanged(): void {
    const published = this.ctx.publishedFeeds();
    for (const id of this.subscribed) if (!published.has(id)) this.subscribed.delete(id);
    this.sync();
  }

  /** A Janus `talking` / `stopped-talking` event seen by presence. */
  talking(participant: string, talking: boolean): void {
    this.emit({ type: 'sfu-event', event: 'talking', participant, talking });
  }

  // ---- subscription ----------------------------------------------------------------------------------------

  /** Brings the subscription to "every other publisher", one renegotiation at a time. */
  private sync(): void {
    if (!this.wantsSubscription) return;
    this.chain = this.chain
      .then(async () => {
        const { session, room, privateId } = this.ctx;
        if (!this.wantsSubscription || this.closed || !session.open) return;
        const published = this.ctx.publishedFeeds();
        const add = [...published].filter(([id]) => !this.subscribed.has(id)).map(([, feed]) => ({ feed }));
        if (add.length === 0) return;
        let result;
        if (this.subscriber === undefined) {
          const handle = await session.attach((event) => this.onSubscriberEvent(event));
          try {
            const body = { request: 'join', ptype: 'subscriber', room, streams: add, ...(privateId ? { private_id: privateId } : {}) };
            result = await session.message(handle, body, undefined, true);
          } catch (error) {
            void session.detach(handle);
            throw error;
          }
          this.subscriber = handle;
        } else {
          result = await session.message(this.subscriber, { request: 'update', subscribe: add }, undefined, true);
        }
        this.noteFeeds(result.data);
        if (result.jsep) await this.offer(result.jsep, result.data);
      })
      .catch((error: unknown) => this.report(error));
  }

  /** Offers Janus makes by itself (a subscribed publisher went away, or a postponed `update`). */
  private onSubscriberEvent(event: JanusMessage): void {
    const data = event.plugindata?.data;
    const jsep = event.jsep;
    if (!data || !jsep) return;
    this.chain = this.chain
      .then(async () => {
        this.noteFeeds(data);
        await this.offer(jsep, data);
        this.sync();
      })
      .catch((error: unknown) => this.report(error));
  }

  /** Hands Janus's offer to the transport as `sfu-offer` and sends its answer with `start`. */
  private async offer(jsep: Jsep, data: Record<string, unknown>): Promise<void> {
    const streams = subscribedFeeds(data)
      ? subscribedStreams(data).map((s) => ({ mid: s.mid, kind: s.kind, participant: String(s.feed), ...(s.source ? { source: s.source } : {}) }))
      : this.lastStreams;
    this.lastStreams = streams;
    const started = await new Promise<Promise<unknown> | undefined>((resolve) => {
      const timer = setTimeout(() => ((this.onAnswer = undefined), resolve(undefined)), ANSWER_TIMEOUT_MS);
      this.onAnswer = (answer) => {
        clearTimeout(timer);
        this.onAnswer = undefined;
        const handle = this.subscriber;
        const start = handle === undefined
          ? Promise.reject(new JanusError('not subscribed'))
          : this.ctx.session.message(handle, { request: 'start' }, answer, true);
        resolve(start);
        return start;
      };
      if (!this.emit({ type: 'sfu-offer', description: { type: 'offer', sdp: jsep.sdp }, streams })) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    await started;
  }

  private noteFeeds(data: Record<string, unknown>): void {
    const feeds = subscribedFeeds(data);
    if (feeds) this.subscribed = new Set([...feeds].map(String));
  }

  private dropSubscriber(): void {
    if (this.subscriber !== undefined) void this.ctx.session.detach(this.subscriber);
    this.subscriber = undefined;
    this.subscribed = new Set();
    this.onAnswer = undefined;
  }

  /** Delivers an event unless closed; false when it was not delivered. */
  private emit(event: SfuEvent): boolean {
    if (this.closed) return false;
    this.listener(event);
    return true;
  }

  private report(error: unknown): void {
    if (this.closed || !this.ctx.session.open) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.ctx.onError(new RtcError('negotiation-failed', `Janus: updating the subscription failed: ${reason}.`, { cause: error }));
  }
}
