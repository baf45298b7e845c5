// The two signaling protocols the server benches speak, with their real message shapes: how a client connects,
// how it knows it is in, and the 10-message negotiation cycle (offer-, answer- and candidate-sized messages) it
// sends to a peer. Every payload starts with "ts":<send time in ms> so the receiver can compute the relay latency.

/** Clients are grouped in rooms of this many consecutive indices (PeerJS, which has no rooms, by id). */
export const ROOM_SIZE = 4;

function sdp(kind, bytes) {
  const lines = [
    'v=0', `o=- 4611731400430051336 2 IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=extmap-allow-mixed',
    'a=msid-semantic: WMS stream',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Gx7Q', 'a=ice-pwd:3WkTnyQDpHK5xrDgWBz3rR1a', 'a=ice-options:trickle',
    'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
    `a=setup:${kind === 'offer' ? 'actpass' : 'active'}`, 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 104 105 106 107 108 109 127 125 39 40',
    'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sendrecv', 'a=rtcp-mux', 'a=rtcp-rsize',
  ];
  let n = 96;
  while (lines.join('\r\n').length < bytes - 120) {
    lines.push(`a=rtpmap:${n} VP8/90000`, `a=rtcp-fb:${n} goog-remb`, `a=rtcp-fb:${n} transport-cc`, `a=rtcp-fb:${n} ccm fir`,
      `a=rtcp-fb:${n} nack`, `a=rtcp-fb:${n} nack pli`, `a=fmtp:${n} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f`);
    n += 1;
  }
  lines.push('a=ssrc-group:FID 2437311563 1633400411', 'a=ssrc:2437311563 cname:dh3fgkF9oW2mSyd4', '');
  return lines.join('\r\n');
}

const OFFER = { type: 'offer', sdp: sdp('offer', 4200) };
const ANSWER = { type: 'answer', sdp: sdp('answer', 3600) };
const CANDIDATE = {
  candidate: 'candidate:2930571460 1 udp 2122260223 127.0.0.1 54321 typ host generation 0 ufrag Gx7Q network-id 1',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'Gx7Q',
};

/** Per protocol: how to connect, how to know we are in, and the 10-message negotiation cycle. */
export const PROTOCOLS = {
  'rtc-room': {
    url: (port) => `ws://127.0.0.1:${port}/ws`,
    hello: (ws, i) => ws.send(JSON.stringify({ type: 'join', room: `bench-${Math.floor(i / ROOM_SIZE)}`, name: `c${i}` })),
    ready: (msg) => (msg.type === 'joined' ? msg.id : msg.type === 'error' ? new Error(`${msg.code}: ${msg.message}`) : undefined),
    // The shapes @rtc-room/core sends: { t: 'sdp', description } and { t: 'ice', candidate }, numbered with the
    // client `seq` WebSocketSignaling puts on every signal (1, 2, 3… per connection; appended by bench/load.mjs).
    cycle: (to) => [
      ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"sdp","description":', JSON.stringify(OFFER), '},"seq":'],
      ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"sdp","description":', JSON.stringify(ANSWER), '},"seq":'],
      ...Array.from({ length: 8 }, () =>
        ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"ice","candidate":', JSON.stringify(CANDIDATE), '},"seq":']),
    ],
    seq: true,
    keepalive: undefined, // the server pings every 5 s; ws answers pongs by itself
  },
  peerjs: {
    url: (port, i) => `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=c${i}&token=t${i}`,
    id: (i) => `c${i}`,
    hello: () => {},
    ready: (msg, i) => (msg.type === 'OPEN' ? `c${i}` : msg.type === 'ERROR' || msg.type === 'ID-TAKEN' ? new Error(JSON.stringify(msg.payload)) : undefined),
    // The shapes the peerjs client sends for a media connection.
    cycle: (to) => [
      ['{"type":"OFFER","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"sdp":', JSON.stringify(OFFER), ',"type":"media","connectionId":"mc_k3j5h2l4g6","metadata":null}}'],
      ['{"type":"ANSWER","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"sdp":', JSON.stringify(ANSWER), ',"type":"media","connectionId":"mc_k3j5h2l4g6"}}'],
      ...Array.from({ length: 8 }, () =>
        ['{"type":"CANDIDATE","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"candidate":', JSON.stringify(CANDIDATE), ',"type":"media","connectionId":"mc_k3j5h2l4g6"}}']),
    ],
    // The peerjs client sends a HEARTBEAT every 5 s.
    keepalive: '{"type":"HEARTBEAT"}',
  },
};
