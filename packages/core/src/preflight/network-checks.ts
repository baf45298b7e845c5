/**
 * Preflight TURN and uplink checks. TURN: one `RTCPeerConnection` with `iceTransportPolicy: 'relay'` gathers
 * candidates; a `relay` candidate means an allocation succeeded (RFC 8656); `icecandidateerror` 401/438 means
 * the credentials were refused. Uplink: two connections in this page, both relay-only through the same TURN, send
 * video one way for a few seconds; the sender's `availableOutgoingBitrate` and `bytesSent` give a rough estimate.
 */
import { RtcError } from '../errors/RtcError.js';
import type { PreflightTurnCheck, PreflightUplinkCheck } from './types.js';

/** Below this estimate, in kbit/s, the uplink check warns (enough for 360p video and audio). */
const LOW_UPLINK_KBPS = 500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const isTurn = (server: RTCIceServer): boolean =>
  (Array.isArray(server.urls) ? server.urls : [server.urls]).some((u) => /^turns?:/i.test(u));

/** The TURN entries of `iceServers` (STUN-only entries cannot give relay candidates). */
export function turnServers(iceServers: readonly RTCIceServer[]): RTCIceServer[] {
  return iceServers.filter(isTurn);
}

/** Gathers relay candidates from `servers`; resolves at the first one, at the end of gathering, or at the timeout. */
export async function checkTurn(servers: RTCIceServer[], timeoutMs: number): Promise<PreflightTurnCheck> {
  const started = performance.now();
  const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
  const errors: Array<{ url: string; code: number; text: string }> = [];
  try {
    pc.createDataChannel('preflight');
    const outcome = new Promise<'relay' | 'done' | 'timeout'>((resolve) => {
      setTimeout(() => resolve('timeout'), timeoutMs);
      pc.addEventListener('icecandidate', (event) => {
        if (event.candidate?.type === 'relay') resolve('relay');
        else if (!event.candidate) resolve('done');
      });
      pc.addEventListener('icecandidateerror', (event) => {
        const e = event as RTCPeerConnectionIceErrorEvent;
        errors.push({ url: e.url, code: e.errorCode, text: e.errorText });
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    const result = await outcome;
    const ms = Math.round(performance.now() - started);
    if (result === 'relay') {
      return { status: 'ok', ms, detail: `The TURN server gave a relay address in ${ms} ms.` };
    }
    const auth = errors.find((e) => e.code === 401 || e.code === 438);
    if (auth) {
      const detail = `The TURN server refused the credentials (${auth.code} ${auth.text || 'Unauthorized'} at ${auth.url}).`;
      return {
        status: 'failed',
        detail,
        remedy:
          'The TURN credentials are wrong or expired: check the username and password, or that the signaling ' +
          'server and coturn share the same secret (--turn-secret / static-auth-secret) and that clocks agree.',
        error: new RtcError('ice-failed', detail),
      };
    }
    const seen = errors.map((e) => `${e.url} ${e.code} ${e.text}`.trim()).join('; ');
    const detail =
      (result === 'timeout' ? `No relay address within ${timeoutMs} ms` : 'The TURN server could not be reached') +
      (seen ? ` (${seen}).` : '.');
    return {
      status: 'failed',
      detail,
      remedy:
        'Check the TURN address and port. This network may block UDP: offer TURN over TCP or TLS on port 443 ' +
        '(turns:host:443?transport=tcp).',
      error: new RtcError('ice-failed', detail),
    };
  } finally {
    pc.close();
  }
}

/** A moving canvas to send when there is no camera track. */
function canvasTrack(): { track: MediaStreamTrack; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const ctx = canvas.getContext('2d');
  const stream = canvas.captureStream(30);
  let frame = 0;
  const timer = setInterval(() => {
    if (!ctx) return;
    frame += 1;
    // Noise-like content so the encoder has to spend bits (a still picture would measure nothing).
    for (let i = 0; i < 40; i++) {
      ctx.fillStyle = `hsl(${(frame * 37 + i * 53) % 360} 80% 50%)`;
      ctx.fillRect(Math.random() * 640, Math.random() * 360, 40, 40);
    }
  }, 33);
  const [track] = stream.getVideoTracks();
  if (!track) throw new RtcError('invalid-state', 'canvas.captureStream() gave no video track.');
  return { track, stop: () => (clearInterval(timer), track.stop()) };
}

async function outbound(pc: RTCPeerConnection): Promise<{ bytes: number; available: number | undefined }> {
  let bytes = 0;
  let available: number | undefined;
  const stats = await pc.getStats();
  stats.forEach((s: Record<string, unknown>) => {
    if (s['type'] === 'outbound-rtp' && s['kind'] === 'video') bytes += Number(s['bytesSent'] ?? 0);
    if (s['type'] === 'candidate-pair' && s['nominated'] && typeof s['availableOutgoingBitrate'] === 'number') {
      available = s['availableOutgoingBitrate'];
    }
  });
  return { bytes, available };
}

/**
 * Sends video from one relay-only connection to another (both through `servers`) for `durationMs`.
 * @param video a live camera track to clone, or `null` for a generated picture
 */
export async function checkUplink(
  servers: RTCIceServer[],
  video: MediaStreamTrack | null,
  durationMs: number,
  timeoutMs: number,
): Promise<PreflightUplinkCheck> {
  const config: RTCConfiguration = { iceServers: servers, iceTransportPolicy: 'relay' };
  const sender = new RTCPeerConnection(config);
  const receiver = new RTCPeerConnection(config);
  const source = video ? { track: video.clone(), stop(this: { track: MediaStreamTrack }) { this.track.stop(); } } : canvasTrack();
  try {
    sender.addEventListener('icecandidate', (e) => void receiver.addIceCandidate(e.candidate ?? undefined).catch(() => undefined));
    receiver.addEventListener('icecandidate', (e) => void sender.addIceCandidate(e.candidate ?? undefined).catch(() => undefined));
    sender.addTransceiver(source.track, { direction: 'sendonly' });
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription as RTCSessionDescriptionInit);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription as RTCSessionDescriptionInit);
    const deadline = performance.now() + timeoutMs;
    while (sender.connectionState !== 'connected') {
      if (sender.connectionState === 'failed' || performance.now() > deadline) {
        const detail = 'A test call through the TURN relay did not connect.';
        return {
          status: 'failed',
          detail,
          remedy: 'The relay gives addresses but carries no media: check its firewall (the relay port range) and its external IP setting.',
          error: new RtcError('ice-failed', detail),
        };
      }
      await sleep(50);
    }
    const start = await outbound(sender);
    const started = performance.now();
    await sleep(durationMs);
    const end = await outbound(sender);
    const seconds = (performance.now() - started) / 1000;
    const sentKbps = Math.round(((end.bytes - start.bytes) * 8) / 1000 / seconds);
    const estimateKbps = end.available === undefined ? undefined : Math.round(end.available / 1000);
    const kbps = estimateKbps ?? sentKbps;
    const base = { ms: Math.round(seconds * 1000), sentKbps, ...(estimateKbps === undefined ? {} : { estimateKbps }) };
    const numbers = `about ${kbps} kbit/s (rough: ${Math.round(seconds * 10) / 10} s of video through the relay, sent ${sentKbps} kbit/s)`;
    if (kbps < LOW_UPLINK_KBPS) {
      return {
        status: 'warning',
        ...base,
        detail: `The upload is slow: ${numbers}.`,
        remedy: 'Others may see you in low quality. Move closer to the Wi-Fi router, use a cable, or pause uploads.',
      };
    }
    return { status: 'ok', ...base, detail: `Upload: ${numbers}.` };
  } finally {
    source.stop();
    sender.close();
    receiver.close();
  }
}
