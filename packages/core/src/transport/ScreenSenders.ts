import type { TrackSource } from '../participants/Track.js';

/** Which mid carries which screen source, as sent with every `sdp` payload of a `PeerLink` (`sources`). */
export type SourceMap = Record<string, TrackSource>;

/** True for the screen share's sources (`screen`, `screen-audio`). */
export function isScreenSource(source: unknown): source is 'screen' | 'screen-audio' {
  return source === 'screen' || source === 'screen-audio';
}

/**
 * The screen share on one mesh `RTCPeerConnection`. Each screen source gets a `sendonly` transceiver of its own when
 * the share starts (renegotiated through perfect negotiation) and is set `inactive` when it stops; the transceiver
 * is reused by the next share, so the SDP does not grow.
 *
 * The receiver learns what a transceiver carries from the sender's map of mid → source, carried in every `sdp`
 * payload (offers and answers) and applied just before that description: mids are fixed once negotiated, so the
 * map holds whatever the transceiver order and whichever side's offer won a collision (a transceiver whose offer
 * was rolled back has no mid yet and is not in the map). A source missing from the sender's latest map has ended.
 * @internal
 */
export class ScreenSenders {
  private readonly own = new Map<TrackSource, RTCRtpTransceiver>();
  private remote: SourceMap = {};
  /** The stream id the screen tracks are sent under (`a=msid`), apart from the camera's. */
  private readonly stream = new MediaStream();

  constructor(private readonly pc: RTCPeerConnection) {}

  /** Sends `track` for a screen source (adding its transceiver the first time), or stops sending it (`null`). */
  async set(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.own.get(source);
    if (!transceiver) {
      if (track) this.own.set(source, this.pc.addTransceiver(track, { direction: 'sendonly', streams: [this.stream] }));
      return;
    }
    transceiver.direction = track ? 'sendonly' : 'inactive';
    await transceiver.sender.replaceTrack(track);
  }

  /** This side's map for the next `sdp` payload: the negotiated transceivers sending a screen source now. */
  sources(): SourceMap {
    const map: SourceMap = {};
    for (const [source, t] of this.own) if (t.mid && t.sender.track && t.direction === 'sendonly') map[t.mid] = source;
    return map;
  }

  /** Takes the peer's map (untrusted: only screen sources count); reports the sources it no longer sends. */
  receive(map: unknown, ended: (source: TrackSource) => void): void {
    const before = Object.values(this.remote);
    this.remote = {};
    for (const [mid, source] of Object.entries(map ?? {})) if (isScreenSource(source)) this.remote[mid] = source;
    const now = Object.values(this.remote);
    for (const source of before) if (!now.includes(source)) ended(source);
  }

  /** The screen source a transceiver receives, per the peer's map. */
  sourceOf(transceiver: RTCRtpTransceiver): TrackSource | undefined {
    return transceiver.mid ? this.remote[transceiver.mid] : undefined;
  }

  /** True for a transceiver of the screen share, either side's: never used for the camera or microphone. */
  has(transceiver: RTCRtpTransceiver): boolean {
    return [...this.own.values()].includes(transceiver) || this.sourceOf(transceiver) !== undefined;
  }
}
