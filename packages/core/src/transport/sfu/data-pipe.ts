import { DataPipe } from '../../data/DataPipe.js';

/** What a subscribe-side data channel reports (see {@link subscriberDataPipe}). @internal */
export interface SubscriberDataSink {
  /** The participant whose feed labels `label`, if known (see {@link subscriberDataPipe}). */
  sender(label: string): string | undefined;
  /** A `room.send()` chunk from `from`. */
  data(from: string, data: ArrayBuffer): void;
  /** A text message from `from`: a publisher's layer announcement. */
  text(from: string, text: string): void;
}

/**
 * Chunks from the SFU are from the publisher whose feed labels the channel (Janus names each subscriber-side
 * channel after the publisher's feed id), whatever their header claims. With a `feeds` map (our server) the label
 * is looked up in it; without one (the direct Janus adapter) the feed id is the participant id. Chunks on any
 * other channel (this side's own `rtc-room` channel) are dropped.
 * @internal
 */
export function subscriberDataPipe(channel: RTCDataChannel, sink: SubscriberDataSink): void {
  new DataPipe(channel, (data) => {
    const from = sink.sender(channel.label);
    if (from !== undefined) sink.data(from, data);
  });
  // The publisher's layer announcements are the channel's only text messages (room.send() data is binary).
  channel.addEventListener('message', ({ data }) => {
    const from = sink.sender(channel.label);
    if (typeof data === 'string' && from !== undefined) sink.text(from, data);
  });
}
