import type { PeerPayloadOf } from '@rtc-room/protocol';
import { RtcError } from '../errors/RtcError.js';
import type { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { PeerChannel, SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { Transport } from '../transport/Transport.js';
import type { DataMessage, SendOptions } from './types.js';
import { Reassembler } from './Reassembler.js';
import { CHUNK_BYTES, encodeChunks, encoder, fromBase64, MAX_LABEL_BYTES, parseChunk, toBase64 } from './wire.js';

/** Default `RoomOptions.maxMessageBytes`: 16 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/**
 * Largest message the signaling relay carries (targeted messages in SFU rooms, and everything a `subscriber`
 * sends there), in bytes: 3 chunks, each one relay message of ~22 KB of base64, under the server's 64 KiB frame
 * limit and far under its rate limit.
 */
export const MAX_RELAYED_BYTES = 3 * (CHUNK_BYTES - 512);

/** What {@link DataMessages} needs of its `Room`. */
export interface DataHost {
  selfId(): string;
  transport(): Transport | undefined;
  /** The `Room`'s peer channel, for chunks no data channel carries; `undefined` when the adapter has none. */
  relay(): PeerChannel<PeerPayloadOf<'data'>> | undefined;
  participant(id: string): RemoteParticipant | undefined;
  received(message: DataMessage): void;
  error(error: RtcError): void;
}

const tooLarge = (message: string, participantId?: string): RtcError =>
  new RtcError('message-too-large', `Message too large: ${message}`, { participantId });

/**
 * `room.send()` and `messageReceived`: encodes, routes (data channels, else the signaling relay), reassembles.
 * @internal
 */
export class DataMessages {
  private nextId = 1;
  private readonly parts = new Reassembler();

  constructor(
    private readonly host: DataHost,
    private readonly maxBytes: number,
  ) {}

  async send(data: string | ArrayBuffer | ArrayBufferView, { to, topic, reliable = true }: SendOptions = {}): Promise<void> {
    const transport = this.host.transport();
    if (!transport) throw RtcError.invalidState('send() needs a joined room.');
    const bytes =
      typeof data === 'string'
        ? encoder.encode(data)
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : data instanceof ArrayBuffer && new Uint8Array(data);
    const label = encoder.encode(topic ?? '');
    if (!bytes || (topic !== undefined && typeof topic !== 'string') || label.length > MAX_LABEL_BYTES) {
      throw RtcError.invalidArgument('send() takes a string, ArrayBuffer or typed array, and a topic of at most 255 bytes.');
    }
    if (to !== undefined && !this.host.participant(to)) throw RtcError.invalidArgument(`No participant "${String(to)}".`);
    const size = bytes.length;
    if (size > this.maxBytes) throw tooLarge(`${size} bytes; maxMessageBytes is ${this.maxBytes}.`);
    const chunks = encodeChunks(this.nextId++, encoder.encode(this.host.selfId()), label, bytes, typeof data !== 'string', reliable);
    if (!reliable && chunks.length > 1) throw tooLarge(`${size} bytes; an unreliable message must fit one chunk (16 KiB).`);
    // Data channels first; the transport says when it cannot carry this one (SFU: targeted, or not publishing).
    if (await transport.sendData?.(chunks, reliable, to)) return;
    const relay = this.host.relay();
    if (!relay) {
      // An adapter without a peer channel (JanusSignaling) relays no payloads: say so rather than drop it.
      throw RtcError.invalidState('This signaling adapter carries no peer-to-peer messages: targeted messages and messages from subscribers need WebSocketSignaling.');
    }
    if (size > MAX_RELAYED_BYTES) throw tooLarge(`${size} bytes; the signaling relay (SFU rooms) carries ${MAX_RELAYED_BYTES}.`);
    for (const c of chunks) {
      const payload: PeerPayloadOf<'data'> = { t: 'data', d: toBase64(c) };
      if (to === undefined) relay.broadcast(payload);
      else relay.send(to, payload);
    }
  }

  /** A relayed chunk (signaling payload `{ t: 'data' }`); returns false for any other payload. */
  relayed(from: string, payload: SignalingPayload): boolean {
    const d = payload['d'];
    if (payload['t'] !== 'data' || typeof d !== 'string') return false;
    try {
      this.receive(from, fromBase64(d));
    } catch {
      // not base64: ignored like any other garbage
    }
    return true;
  }

  /**
   * A chunk from a data channel or the relay. `peerId`: who sent it as the path proves it (mesh link, SFU channel
   * label, relay: all bound to the signaling server's ids). The chunk header's own sender id is never trusted: a
   * header claiming someone else is shown as `peerId` (issue 15, SFU chat impersonation).
   */
  receive(peerId: string, data: ArrayBuffer): void {
    const c = parseChunk(data);
    if (!c) return;
    const sender = peerId;
    const from = this.host.participant(sender);
    if (!from) return;
    const bytes = this.parts.add(sender, c, this.maxBytes);
    if (bytes === 'too-large') {
      // The participant is named by id (server-assigned), never by its display name: the message may reach a banner.
      this.host.error(tooLarge(`Dropped a ${c.size}-byte message from participant ${sender}; maxMessageBytes is ${this.maxBytes}.`, sender));
    } else if (bytes) {
      const whole = bytes.byteLength === bytes.buffer.byteLength;
      const payload = c.binary ? ((whole ? bytes : bytes.slice()).buffer as ArrayBuffer) : new TextDecoder().decode(bytes);
      this.host.received({ from, ...(c.topic === undefined ? {} : { topic: c.topic }), payload, reliable: c.reliable });
    }
  }

  /** `peerId` left: drop its partial messages. */
  forget(peerId: string): void {
    this.parts.forget(peerId);
  }
}
