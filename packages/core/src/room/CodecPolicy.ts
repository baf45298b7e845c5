import {
  chooseVideoCodec,
  localCodecs,
  VIDEO_CODECS,
  type VideoCodec,
  type VideoCodecSupport,
} from '../media/codecs.js';

/** The room codec policy as a transport reads it (the codec to send, and the policy for fallbacks). @internal */
export interface VideoCodecChoice {
  /** The codec the room settled on now. */
  readonly current: VideoCodec;
  /** The `videoCodecs` option, in order of preference. */
  readonly policy: readonly VideoCodec[];
}

/** Is `value` a well-formed announced {@link VideoCodecSupport} (unknown codec names are dropped)? @internal */
export function parseVideoSupport(value: unknown): VideoCodecSupport | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const list = (v: unknown): VideoCodec[] | undefined =>
    Array.isArray(v) ? VIDEO_CODECS.filter((c) => v.includes(c)) : undefined;
  const decode = list((value as Record<string, unknown>)['decode']);
  const encode = list((value as Record<string, unknown>)['encode']);
  return decode && encode ? { decode, encode } : undefined;
}

/**
 * The room codec policy (`RoomOptions.videoCodecs`): what this browser decodes and encodes, what each member
 * announced (`{ t: 'state', video }`), and the codec the room settles on — the first of the policy every member
 * can use ({@link chooseVideoCodec}) — recomputed when a member's support arrives or it leaves. Members that
 * announce nothing (older clients, `JanusSignaling`) do not constrain the choice.
 * @internal
 */
export class CodecPolicy implements VideoCodecChoice {
  /** What this side announces. */
  readonly local: VideoCodecSupport;
  private readonly members = new Map<string, VideoCodecSupport>();
  private chosen: VideoCodec;
  private listener: ((codec: VideoCodec) => void) | undefined;

  constructor(readonly policy: readonly VideoCodec[]) {
    this.local = { decode: localCodecs(policy, 'receive'), encode: localCodecs(policy, 'send') };
    this.chosen = this.choose();
  }

  get current(): VideoCodec {
    return this.chosen;
  }

  /** Calls `listener` whenever {@link current} changes (one listener: the transport slot's). */
  onChange(listener: (codec: VideoCodec) => void): void {
    this.listener = listener;
  }

  /** `peerId` announced what it supports (`undefined`: nothing usable, it is ignored). */
  set(peerId: string, support: VideoCodecSupport | undefined): void {
    if (support) this.members.set(peerId, support);
    else this.members.delete(peerId);
    this.update();
  }

  /** `peerId` left. */
  forget(peerId: string): void {
    if (this.members.delete(peerId)) this.update();
  }

  /** Everyone left (leaving, or rejoining with a new id). */
  clear(): void {
    this.members.clear();
    this.update();
  }

  private choose(): VideoCodec {
    return chooseVideoCodec(this.policy, [this.local, ...this.members.values()]);
  }

  private update(): void {
    const next = this.choose();
    if (next === this.chosen) return;
    this.chosen = next;
    this.listener?.(next);
  }
}
