import { JanusError, layerOf, VideoRoomSubscriber, type JanusId, type VideoRoomPublisher } from '@rtc-room/janus';
import { RtcError } from '../../errors/RtcError.js';
import { SignalingError } from '../../errors/SignalingError.js';
import type { SfuChannel, SfuEvent, SfuNotice, SfuReply, SfuRequest } from '../sfu-protocol.js';

/** Janus's JSEPs as the SFU channel names them (Janus answers a publish, offers a subscription). */
type SfuAnswer = NonNullable<SfuReply['description']>;
type SfuOffer = Extract<SfuEvent, { type: 'sfu-offer' }>['description'];

/** What the channel needs of the joined `JanusSignaling`. */
export interface JanusRoomContext {
  /** The publisher handle joined to the room (presence and publishing). */
  readonly publisher: VideoRoomPublisher;
  readonly room: JanusId;
  readonly privateId: number | undefined;
  /** Feeds of everyone else currently publishing, by participant id (the feed id as a string). */
  publishedFeeds(): ReadonlyMap<string, JanusId>;
  /** An asynchronous failure (a subscription update Janus refused). */
  onError(error: RtcError): void;
}

/**
 * The {@link SfuChannel} of `JanusSignaling`: the same requests `SfuTransport` sends to `@rtc-room/server`, run by
 * the VideoRoom driver of `@rtc-room/janus` on the browser's own Janus session (the server runs the same driver).
 * - `publish` → `VideoRoomPublisher.publish` on the publisher handle (Janus's answer is the reply).
 * - `subscribe` → one `VideoRoomSubscriber` that follows every other publisher (presence tells it when they come
 *   and go); each of its offers goes to the transport as `sfu-offer`, whose `answer` is sent with `start`.
 * - `configure` → the subscriber's simulcast layer for a mid; `pause` → `send` per stream; `restart` → its ICE restart.
 * - `trickle` → Janus `trickle` on the publisher or subscriber handle.
 * @internal
 */
export class JanusSfuChannel implements SfuChannel {
  private subscriber: VideoRoomSubscriber | undefined;
  private published = false;
  private closed = false;

  constructor(
    private readonly ctx: JanusRoomContext,
    private readonly listener: (event: SfuEvent) => void,
  ) {}

  async request(request: SfuRequest): Promise<SfuReply> {
    const { publisher } = this.ctx;
    if (!publisher.session.open) throw SignalingError.failed('Not connected to Janus.');
    try {
      switch (request.op) {
        case 'publish': {
          const description = (await publisher.publish(request.description, request.sources)) as SfuAnswer;
          this.published = true;
          return { description };
        }
        case 'subscribe':
          this.subscriber ??= this.subscribe();
          this.subscriber.sync();
          return {};
        case 'answer':
          await this.subscriber?.answer(request.description);
          return {};
        case 'configure':
          await this.subscribed().configure(layerOf(request));
          return {};
        case 'pause':
          await this.subscribed().pause(request.streams);
          return {};
        case 'restart':
          await this.subscribed().restart();
          return {};
        case 'leave':
          this.subscriber?.close();
          this.subscriber = undefined;
          if (this.published) {
            this.published = false;
            await publisher.unpublish();
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
    if (notice.op !== 'trickle' || !this.ctx.publisher.session.open) return;
    if (notice.target === 'publisher') this.ctx.publisher.trickle(notice.candidate);
    else this.subscriber?.trickle(notice.candidate);
  }

  /** Stops delivering events and drops the subscription; a pending offer is abandoned. */
  close(): void {
    this.closed = true;
    this.subscriber?.close();
    this.subscriber = undefined;
  }

  /** Presence saw publishers come or go: the subscription follows. */
  feedsChanged(): void {
    this.subscriber?.sync();
  }

  /** A Janus `talking` / `stopped-talking` event seen by presence. */
  talking(participant: string, talking: boolean): void {
    this.emit({ type: 'sfu-event', event: 'talking', participant, talking });
  }

  private subscribe(): VideoRoomSubscriber {
    const { publisher, room, privateId } = this.ctx;
    return new VideoRoomSubscriber(publisher.session, {
      room,
      privateId,
      wanted: () => [...this.ctx.publishedFeeds().values()].map((feed) => ({ feed })),
      offer: (jsep, streams) => this.emit({
        type: 'sfu-offer',
        description: jsep as SfuOffer,
        streams: streams.map((s) => ({ mid: s.mid, kind: s.kind, participant: String(s.feed), ...(s.source ? { source: s.source } : {}) })),
      }),
      onError: (error) => {
        if (this.closed) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.ctx.onError(new RtcError('negotiation-failed', `Janus: updating the subscription failed: ${reason}.`, { cause: error }));
      },
    });
  }

  private subscribed(): VideoRoomSubscriber {
    if (!this.subscriber) throw new JanusError('not subscribed');
    return this.subscriber;
  }

  /** Delivers an event unless closed; false when it was not delivered. */
  private emit(event: SfuEvent): boolean {
    if (this.closed) return false;
    this.listener(event);
    return true;
  }
}
