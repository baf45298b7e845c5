/**
 * Janus VideoRoom messages: pure functions over the plugin's JSON, used by the driver (`./publisher.ts`,
 * `./subscriber.ts`) and by its two users, `@rtc-room/server` (centralized signaling) and core's `JanusSignaling`
 * (the browser speaks to Janus itself).
 * Reference: https://janus.conf.meetecho.com/docs/videoroom.html (Janus 1.x, multistream).
 */

/**
 * What a published stream carries, as rtc-room names it (the same strings as core's `TrackSource`); sent to Janus
 * as the stream's `description`, which subscribers see as `feed_description`.
 */
export type StreamSource = 'camera' | 'microphone' | 'screen' | 'screen-audio';

/** A room or participant (feed) id: numeric, or a string when the VideoRoom runs with `string_ids = true`. */
export type JanusId = number | string;

/** VideoRoom error codes (`error_code` in plugin data) rtc-room reacts to. */
export const VideoRoomError = {
  NO_SUCH_ROOM: 426,
  ROOM_EXISTS: 427,
  /** A mandatory element is missing (e.g. `admin_key` when the plugin has one, a room's `secret` or `pin`). */
  MISSING_ELEMENT: 429,
  INVALID_ELEMENT: 430,
  PUBLISHERS_FULL: 432,
  /** Wrong `admin_key`, room `secret` or `pin` (Janus says which: "Unauthorized (wrong pin)"). */
  UNAUTHORIZED: 433,
  ID_EXISTS: 436,
} as const;

/**
 * The video codecs rooms rtc-room creates accept (`videocodec`, in order of preference: a publisher offering several
 * gets the first it offers): every codec of rtc-room's codec policy, whose clients offer the room's codec alone.
 */
export const ROOM_VIDEO_CODECS = 'vp8,h264,vp9,av1';

/**
 * The `create` request rtc-room sends for a room of its own: `bitrate: 0` (a room cap starves simulcast's top
 * layer), talking events tuned so a speaking voice triggers them (Janus's defaults never fire for a normal voice),
 * `videocodec` {@link ROOM_VIDEO_CODECS} with H.264 Constrained Baseline (`h264_profile: "42e01f"`, what every
 * WebRTC H.264 decoder takes, RFC 7742 §6.2) and VP9 profile 0 preferred when offered.
 * `extra` adds or overrides fields (`pin`, `notify_joining`, `videocodec`, …).
 */
export function createRoomRequest(room: JanusId, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request: 'create',
    room,
    permanent: false,
    publishers: 64,
    bitrate: 0,
    audiolevel_event: true,
    audio_active_packets: 10,
    audio_level_average: 70,
    videocodec: ROOM_VIDEO_CODECS,
    h264_profile: '42e01f',
    vp9_profile: '0',
    ...extra,
  };
}

/** One active audio or video stream of a subscriber handle and the feed it carries. */
export interface SubscribedStream {
  mid: string;
  kind: 'audio' | 'video';
  feed: JanusId;
  /** The publisher's mid of this stream (`feed_mid`). */
  feedMid?: string;
  /** The publisher's description of the stream (`feed_description`), when it is a {@link StreamSource}. */
  source?: StreamSource;
}

const SOURCES: readonly unknown[] = ['camera', 'microphone', 'screen', 'screen-audio'];

/**
 * Janus 1.x stream `descriptions` for a `publish` or `configure` (`[{ mid, description }]`): each published mid
 * described by its {@link StreamSource}, which Janus shows subscribers as the stream's `feed_description`.
 */
export function streamDescriptions(sources: ReadonlyArray<{ mid: string; source: StreamSource }> | undefined): { descriptions?: Array<{ mid: string; description: string }> } {
  return sources ? { descriptions: sources.map(({ mid, source }) => ({ mid, description: source })) } : {};
}

/** The active audio/video streams of an `attached`/`updated` event's `streams` list (data channels skipped). */
export function subscribedStreams(data: Record<string, unknown>): SubscribedStream[] {
  const out: SubscribedStream[] = [];
  for (const s of streamList(data) ?? []) {
    const feed = s['feed_id'];
    if (s['active'] === false || (typeof feed !== 'number' && typeof feed !== 'string')) continue;
    if (s['type'] !== 'audio' && s['type'] !== 'video') continue;
    const stream: SubscribedStream = { mid: String(s['mid']), kind: s['type'], feed };
    if (typeof s['feed_mid'] === 'string') stream.feedMid = s['feed_mid'];
    if (SOURCES.includes(s['feed_description'])) stream.source = s['feed_description'] as StreamSource;
    out.push(stream);
  }
  return out;
}

/** Every feed an event's `streams` list still receives; `undefined` when the event carries no list. */
export function subscribedFeeds(data: Record<string, unknown>): Set<JanusId> | undefined {
  const list = streamList(data);
  if (!list) return undefined;
  const feeds = new Set<JanusId>();
  for (const s of list) {
    const feed = s['feed_id'];
    if (s['active'] !== false && (typeof feed === 'number' || typeof feed === 'string')) feeds.add(feed);
  }
  return feeds;
}

/** A `talking` / `stopped-talking` event (room `audiolevel_event = true`), or `undefined` for anything else. */
export function talkingOf(data: Record<string, unknown> | undefined): { feed: JanusId; talking: boolean } | undefined {
  const kind = data?.['videoroom'];
  const feed = data?.['id'];
  if ((kind !== 'talking' && kind !== 'stopped-talking') || (typeof feed !== 'number' && typeof feed !== 'string')) {
    return undefined;
  }
  return { feed, talking: kind === 'talking' };
}

function streamList(data: Record<string, unknown>): Array<Record<string, unknown>> | undefined {
  const list = data['streams'];
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : undefined;
}

/**
 * The VideoRoom `substream` of each simulcast quality a client asks for (rtc-room's wire `quality`; rids `l`, `m`,
 * `h`; 0 = lowest).
 */
export const SUBSTREAM_OF_QUALITY = { low: 0, medium: 1, high: 2 } as const;

/** A VideoRoom layer choice (`mid`, `substream`, `temporal?`) for a client's `{ mid, quality, temporal? }`. */
export function layerOf(request: { mid: string; quality: keyof typeof SUBSTREAM_OF_QUALITY; temporal?: number | undefined }): {
  mid: string;
  substream: number;
  temporal?: number;
} {
  return { mid: request.mid, substream: SUBSTREAM_OF_QUALITY[request.quality], ...(request.temporal !== undefined ? { temporal: request.temporal } : {}) };
}

/** One stream of a VideoRoom remote publisher (`add_remote_publisher` `streams` entry). */
export interface RemotePublisherStream {
  type: 'audio' | 'video' | 'data';
  /** The m-line index in the publisher's SDP (Janus tells the streams apart by SSRCs derived from it). */
  mindex: number;
  mid: string;
  /** Lower case, as Janus names it: `opus`, `vp8`, `vp9`, `h264`, `av1`, … (none for data channels). */
  codec?: string;
  /** The publisher sends simulcast (`a=simulcast` in its offer): the forward carries every layer. */
  simulcast?: boolean;
  /** What the stream carries (`StreamSource`), shown to subscribers as `feed_description`. */
  description?: string;
}

/**
 * The streams a publisher sends, as `add_remote_publisher` wants them on another Janus (a cascade): from the
 * publisher's offer and Janus's answer to it, every audio, video and data-channel m-section Janus accepted (port
 * not 0, not `inactive`) with its mid, index, the answer's first codec (audio and video), and whether the offer
 * simulcasts it. `descriptions` by mid (the publish `sources`) are added when given.
 */
export function remotePublisherStreams(offer: string, answer: string, descriptions: ReadonlyMap<string, string> = new Map()): RemotePublisherStream[] {
  const sections = (sdp: string): string[] => sdp.split(/\r?\n(?=m=)/).slice(1);
  const offered = sections(offer);
  const out: RemotePublisherStream[] = [];
  sections(answer).forEach((section, mindex) => {
    const m = /^m=(audio|video|application) (\d+) \S+ (\S+)/.exec(section);
    if (!m || m[2] === '0' || /\r?\na=inactive/.test(section)) return;
    const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1];
    if (m[1] === 'application') {
      if (mid !== undefined) out.push({ type: 'data', mindex, mid });
      return;
    }
    const codec = new RegExp(`\\r?\\na=rtpmap:${m[3]} ([^/\\s]+)`).exec(section)?.[1];
    if (mid === undefined || codec === undefined) return;
    const stream: RemotePublisherStream = { type: m[1] as 'audio' | 'video', mindex, mid, codec: codec.toLowerCase() };
    if (m[1] === 'video' && /\r?\na=simulcast:/.test(offered[mindex] ?? '')) stream.simulcast = true;
    const description = descriptions.get(mid);
    if (description !== undefined) stream.description = description;
    out.push(stream);
  });
  return out;
}
