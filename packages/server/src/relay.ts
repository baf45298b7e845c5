/**
 * Relaying inside a room: `signal` (to one peer) and `broadcast` (to everyone else), stamped with the sender's id
 * by the server, and the client `seq` that makes a resend after a reconnection harmless.
 *
 * @packageDocumentation
 */
import { ProtocolError } from './errors.js';
import type { Payload, ServerMessage } from './protocol.js';
import { payloadPublishesMedia } from './sdp.js';
import type { Session } from './sessions/sessions.js';
import type { SessionStore } from './sessions/store.js';

/**
 * `signal`: delivers `payload` to peer `to` of the sender's room.
 * @throws {ProtocolError} `unknown-peer`; `forbidden` when a subscriber offers to publish media
 */
export function relaySignal(store: SessionStore, session: Session, to: string, payload: Payload, seq?: number): void {
  const sender = session.participant;
  const target = store.find(sender.room, to);
  if (!target || target.id === sender.id) throw ProtocolError.unknownPeer();
  if (sender.role === 'subscriber' && payloadPublishesMedia(payload)) throw ProtocolError.forbidden('signal');
  store.deliver([target], JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage), senderSeq(session, seq));
}

/**
 * `broadcast`: delivers `payload` to everyone else in the sender's room.
 * @throws {ProtocolError} `forbidden` when a subscriber offers to publish media
 */
export function relayBroadcast(store: SessionStore, session: Session, payload: Payload, seq?: number): void {
  const sender = session.participant;
  if (sender.role === 'subscriber' && payloadPublishesMedia(payload)) throw ProtocolError.forbidden('broadcast');
  // Serialize once for all recipients; `from` always comes from the connection, never the client.
  const data = JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage);
  store.deliver(store.others(sender.room, sender.id), data, senderSeq(session, seq));
}

/** The sender and its client `seq`, for a store that keeps `lastClientSeq` where other nodes can read it. */
const senderSeq = (session: Session, seq: number | undefined): { id: string; seq: number } | undefined =>
  seq !== undefined && session.seat ? { id: session.participant.id, seq } : undefined;

/**
 * Runs a `signal`/`broadcast` carrying an optional client `seq`: one at or below the highest already processed
 * is a resend after a reconnection and is ignored. Refused ones count as processed (a resend would be refused too).
 */
export function sequenced(session: Session, seq: number | undefined, relay: () => void): void {
  const seat = session.seat;
  if (seq === undefined || !seat) return relay();
  if (seq <= seat.lastClientSeq) return;
  try {
    relay();
  } finally {
    if (!seat.gone && seq > seat.lastClientSeq) seat.lastClientSeq = seq;
  }
}
