/** How long ICE may stay `disconnected` before the connection restarts it, in ms. */
export const DISCONNECTED_RESTART_MS = 3000;

/**
 * Calls `restart` when `pc`'s ICE connection (`iceConnectionState`, WebRTC 1.0 §4.3.3) turns `failed`, or stays
 * `disconnected` longer than `disconnectedMs` (often a transient Wi-Fi hiccup that heals by itself, so not at
 * once). Used by every transport: mesh links and both SFU connections recover the same way.
 * @returns a function that stops watching (call it when the connection closes).
 */
export function watchIce(
  pc: RTCPeerConnection,
  restart: () => void,
  disconnectedMs: number = DISCONNECTED_RESTART_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onChange = (): void => {
    clearTimeout(timer);
    const state = pc.iceConnectionState;
    if (state === 'failed') restart();
    else if (state === 'disconnected') {
      timer = setTimeout(() => {
        if (pc.iceConnectionState === 'disconnected') restart();
      }, disconnectedMs);
    }
  };
  pc.addEventListener('iceconnectionstatechange', onChange);
  return () => {
    clearTimeout(timer);
    pc.removeEventListener('iceconnectionstatechange', onChange);
  };
}
