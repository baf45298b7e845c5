/** What `/__rtc-test/media/probe` and `/__rtc-test/janus/recordings/convert` answer (scripts/media-probe.mjs). */
export interface MediaProbe {
  format: { format_name: string; duration?: string };
  streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number }[];
  /** Last packet time per stream index, in seconds (Chromium's WebM has no Duration element). */
  lastPacketTime: Record<string, number>;
  packetCount: Record<string, number>;
}

async function answer<T>(response: Response): Promise<T> {
  // A missing ffprobe / janus-pp-rec fails the test with the install command (never a skip).
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** ffprobe of a recording, run by the test runner (Node) on loopback. */
export async function probeMedia(blob: Blob, ext = 'webm'): Promise<MediaProbe> {
  return answer(await fetch(`/__rtc-test/media/probe?ext=${ext}`, { method: 'POST', body: blob }));
}

/** Converts the `.mjr` files of server recording `id` with janus-pp-rec and probes the outputs. */
export async function convertJanusRecording(
  id: string,
): Promise<{ files: { mjr: string; kind: 'audio' | 'video'; bytes: number; ok: boolean; error?: string; probe: MediaProbe | null }[] }> {
  return answer(await fetch(`/__rtc-test/janus/recordings/convert?id=${encodeURIComponent(id)}`, { method: 'POST' }));
}

/** Duration of a probed file in seconds: the container's, else the last packet's time. */
export function durationOf(probe: MediaProbe): number {
  const container = Number(probe.format.duration);
  return Number.isFinite(container) && container > 0 ? container : Math.max(0, ...Object.values(probe.lastPacketTime));
}

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const enc = (value: object): string => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** An HS256 room token (RFC 7519) signed with WebCrypto, independently of the server's minting code. */
export async function signToken(secret: string, claims: Record<string, unknown>): Promise<string> {
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))))}`;
}
