// Type test, checked by `npx tsc -p tsconfig.test.json` (never run): the wire protocol has one definition, and a
// field that is not in `@rtc-room/protocol` fails the type check on the server's side and on core's side alike.
// Each `@ts-expect-error` line is a deliberately wrong fixture; if it ever type-checks, tsc reports the unused
// directive and the check fails.
import type { ClientMessage, ProtocolVersion, ServerMessage as WireServerMessage } from '@rtc-room/protocol';
import type { ServerMessage as CoreServerMessage } from '../../core/src/signaling/protocol.js';
import type { SfuEvent, SfuReply, SfuRequest } from '../../core/src/signaling/sfu-protocol.js';
import type { ServerMessage as ServerSideMessage } from '../../server/src/protocol.js';

// The server, core and the protocol package name the same type.
const same = (m: WireServerMessage): [CoreServerMessage, ServerSideMessage] => [m, m];
void same;

// ---- the server's side: what it sends must be a ServerMessage ------------------------------------------------
export const joined: ServerSideMessage = { type: 'joined', protocol: 1, id: 'a', room: 'r', role: 'publisher', peers: [] };
export const peerLeft: ServerSideMessage = {
  type: 'peer-left',
  id: 'a',
  // @ts-expect-error a field added on the server without touching @rtc-room/protocol
  reason: 'kicked',
};
// @ts-expect-error `joined` must name the protocol version
export const noVersion: ServerSideMessage = { type: 'joined', id: 'a', room: 'r', role: 'publisher', peers: [] };
// @ts-expect-error `role` is required (core once had it optional)
export const noRole: ServerSideMessage = { type: 'joined', protocol: 1, id: 'a', room: 'r', peers: [] };
// @ts-expect-error error codes are a union, not any string
export const badCode: ServerSideMessage = { type: 'error', code: 'oops', message: 'm' };
// SFU messages carry `seq` when a seat numbers them (it always did; the server's type once lacked it).
export const numbered: ServerSideMessage = { type: 'topology', topology: 'sfu', seq: 3 };
// @ts-expect-error the SDP is a `description` everywhere, never `jsep`
export const jsep: ServerSideMessage = { type: 'sfu-offer', jsep: { type: 'offer', sdp: 'v=0' }, streams: [] };
// @ts-expect-error an `sfu-offer` carries an offer, not an answer
export const answerOffer: ServerSideMessage = { type: 'sfu-offer', description: { type: 'answer', sdp: 'v=0' }, streams: [] };

// ---- core's side: what it reads must be in the protocol -------------------------------------------------------
export function readResumed(m: Extract<CoreServerMessage, { type: 'resumed' }>): unknown {
  // @ts-expect-error `resumed` carries no resumeToken (the server never sent one; core's branch for it is gone)
  return m.resumeToken;
}
export function readReply(reply: SfuReply, event: SfuEvent): unknown {
  // @ts-expect-error replies carry `description`
  void reply.jsep;
  return event;
}
// @ts-expect-error the layer request is a quality (the server maps it to Janus's substream)
export const substream: SfuRequest = { op: 'configure', mid: '1', substream: 2 };
export const quality: SfuRequest = { op: 'configure', mid: '1', quality: 'high' };
// @ts-expect-error qualities are low, medium, high
export const badQuality: SfuRequest = { op: 'configure', mid: '1', quality: 'ultra' };

// ---- client messages ------------------------------------------------------------------------------------------
export const join: ClientMessage = { type: 'join', room: 'r', name: 'n', protocol: 1 };
// @ts-expect-error clients never choose `from`
export const spoofed: ClientMessage = { type: 'signal', to: 'b', payload: {}, from: 'c' };
// @ts-expect-error the version is a literal: a client keeping its own copy fails to compile when it moves
export const nextMajor: ProtocolVersion = 2;
