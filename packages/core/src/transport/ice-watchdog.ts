/** How long ICE may stay `disconnected` before the connection restarts it, in ms. */
export const DISCONNECTED_RESTART_MS = 3000;

/** The longest wait between restarts after ICE gatherings that found no candidate, in ms. */
export const EMPTY_GATHERING_MAX_MS = 30_000;

/**
 * Calls `restart` when `pc`'s ICE connection (`iceConnectionState`, WebRTC 1.0 §4.3.3) turns `failed`, or stays
 * `disconnected` longer than `disconnectedMs` (often a transient Wi-Fi hiccup that heals by itself, so not at
 * once). Used by every transport: mesh links and both SFU connections recover the same way.
 *
 * Also when an ICE gathering ends (`iceGatheringState` `complete`) without a single candidate — with
 * `iceTransportPolicy: 'relay'`, a TURN server that does not answer — `disconnectedMs` after it, then twice as long
 * after each further empty gathering (up to {@link EMPTY_GATHERING_MAX_MS}), until one finds a candidate. Such an ICE
 * session has no path of its own, and only a new gathering can find the relay once it is back. The states cannot
 * be relied on there: measured in Firefox ESR 153, once an ICE restart began (on either side) while the path was
 * already dead, `iceConnectionState` of both sides stays `connected` though nothing arrives — neither
 * `disconnected` nor `failed` comes — so the side that had not noticed the outage yet never restarted, and neither
 * side gathered again after its empty gathering.
 * @returns a function that stops watching (call it when the connection closes).
 */
export function watchIce(
  pc: RTCPeerConnection,
  restart: () => void,
  disconnectedMs: number = DISCONNECTED_RESTART_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let emptyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Candidates found by the gathering under way. */
  let found = 0;
  /** Gatherings in a row that found none. */
  let empty = 0;
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
  const onCandidate = ({ candidate }: RTCPeerConnectionIceEvent): void => {
    if (candidate?.candidate) found += 1;
  };
  const onGathering = (): void => {
    if (pc.iceGatheringState === 'gathering') {
      clearTimeout(emptyTimer);
      found = 0;
    } else if (pc.iceGatheringState === 'complete') {
      if (found > 0) {
        empty = 0;
        return;
      }
      empty += 1;
      clearTimeout(emptyTimer);
      emptyTimer = setTimeout(() => {
        if (pc.signalingState !== 'closed' && pc.iceGatheringState === 'complete' && found === 0) restart();
      }, Math.min(disconnectedMs * 2 ** (empty - 1), EMPTY_GATHERING_MAX_MS));
    }
  };
  pc.addEventListener('iceconnectionstatechange', onChange);
  pc.addEventListener('icecandidate', onCandidate);
  pc.addEventListener('icegatheringstatechange', onGathering);
  return () => {
    clearTimeout(timer);
    clearTimeout(emptyTimer);
    pc.removeEventListener('iceconnectionstatechange', onChange);
    pc.removeEventListener('icecandidate', onCandidate);
    pc.removeEventListener('icegatheringstatechange', onGathering);
  };
}
