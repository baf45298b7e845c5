import { RtcError } from '../../errors/RtcError.js';
import type { TrackSource } from '../../participants/Track.js';
import type { SfuJsep, SfuReply, SfuRequest, SfuStream } from '../../signaling/sfu-protocol.js';

/**
 * The `publish` request for the publish connection's current offer, with the source of every mid that sends
 * (the server hands it to Janus as stream `descriptions`, which subscribers see as each stream's `source`).
 * @internal
 */
export function publishRequest(pc: RTCPeerConnection, senders: ReadonlyMap<TrackSource, RTCRtpSender>): SfuRequest {
  const sources = [];
  for (const t of pc.getTransceivers()) {
    const source = [...senders].find(([, sender]) => sender === t.sender)?.[0];
    if (source && t.mid && t.direction !== 'inactive') sources.push({ mid: t.mid, source });
  }
  return { op: 'publish', description: pc.localDescription!.toJSON() as SfuJsep & { type: 'offer' }, sources };
}

/**
 * The reply itself, unless it carries an error.
 * @throws {RtcError} the server's code (`sfu-failed` and `sfu-off` as `negotiation-failed`)
 * @internal
 */
export function checkReply(reply: SfuReply): SfuReply {
  if (reply.error) {
    const code = reply.error.code;
    // SFU codes keep their name when it is an RtcErrorCode (the type check enforces it), see server-errors.ts.
    throw new RtcError(code === 'sfu-failed' || code === 'sfu-off' ? 'negotiation-failed' : code, `SFU: ${reply.error.message}.`);
  }
  return reply;
}

/** What a subscribed stream carries: the server's `source`, else (an older server) the camera or microphone. @internal */
export function sourceOf(stream: SfuStream): TrackSource {
  return stream.source ?? (stream.kind === 'audio' ? 'microphone' : 'camera');
}
