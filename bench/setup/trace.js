// Phase tracer of the SFU call-setup rows (bundled into bench/setup/page.js). It watches, from outside the SDK, the
// signaling messages each WebSocket sends and receives and the state of every RTCPeerConnection the page makes, so
// the bench can say where an SFU join's time goes without any timing code in the product:
//   join sent → joined, publish offer → Janus answer, publish ICE/DTLS connected, the subscribe offer → answer,
//   subscribe ICE/DTLS connected, and (from page.js) the first remote frame; for the joiner (B) and for the one
//   already in the room (A), as milliseconds since t0 = B.join().
// Installed once (page.js calls install() at load); it records only between start() and stop(), and the bare
// baseline uses the native RTCPeerConnection it saved, so the floor is measured untouched.

const NativeWebSocket = globalThis.WebSocket;
const NativePeerConnection = globalThis.RTCPeerConnection;
/** The browser's own RTCPeerConnection, for the bare baseline. */
export const BareRTCPeerConnection = NativePeerConnection;

let current; // { t0, sockets: Map<WebSocket, events[]>, pcs: [] } while recording

function note(socket, dir, data) {
  if (!current || typeof data !== 'string') return;
  let m;
  try {
    m = JSON.parse(data);
  } catch {
    return;
  }
  current.sockets.get(socket)?.push({ at: performance.now(), dir, type: m.type, op: m.op, req: m.req, sdp: m.type === 'sfu-offer' ? m.description?.sdp : undefined });
}

export function install() {
  globalThis.WebSocket = class TracedWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      current?.sockets.set(this, [{ at: performance.now(), dir: 'new' }]);
      this.addEventListener('open', () => current?.sockets.get(this)?.push({ at: performance.now(), dir: 'open' }));
      this.addEventListener('message', ({ data }) => note(this, 'in', data));
    }
    send(data) {
      note(this, 'out', data);
      super.send(data);
    }
  };
  globalThis.RTCPeerConnection = class TracedPeerConnection extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      const entry = { created: performance.now(), offer: undefined, answered: false, iceConnected: undefined, connected: undefined };
      current?.pcs.push(entry);
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected' && entry.iceConnected === undefined) entry.iceConnected = performance.now();
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected' && entry.connected === undefined) entry.connected = performance.now();
      });
      this.entry = entry;
    }
    setRemoteDescription(description, ...rest) {
      if (description?.type === 'offer' && this.entry.offer === undefined) this.entry.offer = description.sdp;
      if (description?.type === 'answer') this.entry.answered = true;
      return super.setRemoteDescription(description, ...rest);
    }
  };
}

/** Starts recording: sockets and connections made from now on (A's first, then B's). */
export function begin() {
  current = { t0: undefined, sockets: new Map(), pcs: [] };
}

/** t0 of the recorded call (right before B.join()). */
export function mark() {
  current.t0 = performance.now();
  return current.t0;
}

/** Stops recording; returns the record for {@link phases}. */
export function stop() {
  const rec = current;
  current = undefined;
  return rec;
}

/**
 * The phases of one recorded SFU call, in ms since t0 (undefined when a step did not happen). B (the joiner):
 * `bSocketOpen`, `bJoinSent`, `bJoined`, `bPublishSent`, `bPublishAnswered` (Janus's answer is back),
 * `bPublishIceConnected`, `bPublishConnected` (ICE, then ICE + DTLS of the publish connection), `bSubscribeSent`; B and A: `xSubscribeOffer` (the
 * first `sfu-offer`), `xAnswerSent`, `xSubscribeAnswered` (the server's reply to `answer`), `xSubscribeIceConnected`, `xSubscribeConnected`.
 */
export function phases(rec) {
  if (!rec || rec.t0 === undefined) return {};
  const rel = (at) => (at === undefined || at < rec.t0 ? undefined : at - rec.t0);
  const [aEvents, bEvents] = [...rec.sockets.values()];
  const out = {};
  const side = (events, prefix) => {
    if (!events) return;
    const first = (pred) => events.find((e) => e.at >= rec.t0 && pred(e));
    const reply = (req) => req && first((e) => e.dir === 'in' && e.type === 'sfu-reply' && e.req === req.req);
    if (prefix === 'b') {
      out.bSocketOpen = rel(first((e) => e.dir === 'open')?.at);
      out.bJoinSent = rel(first((e) => e.dir === 'out' && e.type === 'join')?.at);
      out.bJoined = rel(first((e) => e.dir === 'in' && e.type === 'joined')?.at);
      const publish = first((e) => e.dir === 'out' && e.type === 'sfu' && e.op === 'publish');
      out.bPublishSent = rel(publish?.at);
      out.bPublishAnswered = rel(reply(publish)?.at);
      // B's publish connection: the one made after t0 that was given Janus's answer (not a probe nor a subscription).
      const pub = rec.pcs.find((p) => p.created >= rec.t0 && p.answered);
      out.bPublishIceConnected = rel(pub?.iceConnected);
      out.bPublishConnected = rel(pub?.connected);
      out.bSubscribeSent = rel(first((e) => e.dir === 'out' && e.type === 'sfu' && e.op === 'subscribe')?.at);
    }
    const offer = first((e) => e.dir === 'in' && e.type === 'sfu-offer');
    out[`${prefix}SubscribeOffer`] = rel(offer?.at);
    const answer = first((e) => e.dir === 'out' && e.type === 'sfu' && e.op === 'answer');
    out[`${prefix}AnswerSent`] = rel(answer?.at);
    out[`${prefix}SubscribeAnswered`] = rel(reply(answer)?.at);
    const sub = offer && rec.pcs.find((p) => p.offer === offer.sdp);
    out[`${prefix}SubscribeIceConnected`] = rel(sub?.iceConnected);
    out[`${prefix}SubscribeConnected`] = rel(sub?.connected);
  };
  side(bEvents, 'b');
  side(aEvents, 'a');
  return out;
}
