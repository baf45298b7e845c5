import { RtcError } from '../errors/RtcError.js';

/**
 * Rejects a browser that cannot make WebRTC calls before anything is captured and before anyone in the room sees
 * this participant: no `RTCPeerConnection` (W3C WebRTC 1.0 §4) — WebRTC disabled by a policy (Firefox's
 * `media.peerconnection.enabled`), a WebView or an engine built without it (WebKitGTK).
 * @throws {RtcError} `unsupported-browser`.
 * @internal
 */
export function assertWebRtcSupported(): void {
  if (typeof globalThis.RTCPeerConnection === 'function') return;
  throw new RtcError('unsupported-browser', 'This browser cannot make WebRTC calls (no RTCPeerConnection): use a current Chrome, Edge, Firefox or Safari.');
}
