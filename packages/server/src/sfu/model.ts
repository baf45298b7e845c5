/**
 * What the SFU service keeps per room and per participant (`./service.ts`), shared with the room parts
 * (`./parts.ts`) and the cascade (`./cascade.ts`).
 *
 * A room lives in one or more **parts**: one Janus room on one Janus node each. Without a room capacity a room has
 * one part; with `janusRoomCapacity` members beyond it go to a part on another node, and every publisher is
 * forwarded to every other part as a VideoRoom remote publisher (the cascade).
 *
 * @packageDocumentation
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { RemotePublisherStream, VideoRoomPublisher, VideoRoomSubscriber } from '@rtc-room/janus';
import type { SfuErrorCode, SfuServerMessage } from '../protocol.js';
import type { JanusNode } from './janus-node.js';
import type { RoomRecordingState } from './recording.js';
import type { SharedFeed } from './shared.js';

/** What the service needs of a joined participant. */
export interface SfuParticipant {
  readonly id: string;
  readonly room: string;
  readonly role: 'publisher' | 'subscriber' | 'moderator';
  readonly deliver: (data: string) => void;
}

/** One Janus room of an rtc-room room, on one node. */
export interface RoomPart {
  readonly node: JanusNode;
  readonly janusRoom: number;
  /** The Janus room's `secret` (to edit, record, forward or destroy it) and `pin` (to join it): random. */
  readonly secret: string;
  readonly pin: string;
  /** The `create` request, once sent. */
  created: Promise<void> | undefined;
}

export interface Member {
  p: SfuParticipant;
  feed: number;
  auto: boolean;
  /** The part the member publishes and subscribes in; `undefined` until it needs one, and after its node was lost. */
  part: RoomPart | undefined;
  /** The publisher handle (joined as publisher) once the participant published. */
  publisher: VideoRoomPublisher | undefined;
  /** The publisher handle being attached and joined (`./publisher-join.ts`), until it is `publisher`. */
  joining?: Promise<VideoRoomPublisher> | undefined;
  /** Janus said `webrtcup` (and no `hangup` since): others may subscribe to the feed. */
  published: boolean;
  /** Mids the publisher sends, from its latest `publish` `sources` (`undefined`: it did not say; whole feed). */
  mids: string[] | undefined;
  /** The published streams, as a remote publisher on another part describes them (from the latest publish). */
  streams: RemotePublisherStream[];
  /** Parts the feed is being forwarded to (the cascade), and those where it is a remote publisher already. */
  forwarding: Map<RoomPart, Promise<void>>;
  forwarded: Set<RoomPart>;
  /** The subscription, from the participant's `subscribe` until it leaves the SFU. */
  subscriber: VideoRoomSubscriber | undefined;
  /** Whether Janus receives each published stream, by mid (Janus `media` events). */
  receiving: Map<string, boolean>;
  /** Pending repeats of the last layer `configure`, by mid (see the service's `#repeatConfigure`). */
  configureRepeats: Map<string, NodeJS.Timeout>;
}

export interface SfuRoom {
  name: string;
  /** The room's Janus rooms (the first is where recordings run); empty until a member needs Janus. */
  parts: RoomPart[];
  members: Map<string, Member>;
  topology: 'mesh' | 'sfu';
  /** The running server-side recording (stale once `janusRoom` changed: Janus restarted). */
  recording?: RoomRecordingState | undefined;
  /** With several signaling nodes (`./shared.ts`): the published feeds of the room's members on other nodes, by feed. */
  remote?: Map<number, SharedFeed>;
  /** …the cluster-wide placement being looked up (one lookup at a time per room). */
  placing?: Promise<RoomPart | undefined> | undefined;
  /** …the Janus room of the part lost with its Janus (it is replaced cluster-wide by the first node to re-place). */
  lost?: number | undefined;
  /** …the last `talking` state passed on for each of those feeds (every local publisher's handle hears it). */
  remoteTalking?: Map<number, boolean>;
  /** …the feeds being re-read (`again`: re-read once more when done). */
  refreshing?: { again: boolean } | undefined;
}

/** Thrown to the client as an `sfu-reply` error. */
export class SfuFailure extends Error {
  constructor(
    readonly code: SfuErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A new part on `node`: a random Janus room id, `secret` and `pin`. */
export function newPart(node: JanusNode): RoomPart {
  return {
    node,
    janusRoom: randomInt(1, 2 ** 47),
    secret: randomBytes(18).toString('base64url'),
    pin: randomBytes(18).toString('base64url'),
    created: undefined,
  };
}

/** A member that has not used the SFU yet. */
export function newMember(p: SfuParticipant): Member {
  return {
    p, feed: randomInt(1, 2 ** 47), auto: false, part: undefined, publisher: undefined, published: false, mids: undefined,
    streams: [], forwarding: new Map(), forwarded: new Set(), subscriber: undefined, receiving: new Map(), configureRepeats: new Map(),
  };
}

export function send(p: SfuParticipant, message: SfuServerMessage): void {
  p.deliver(JSON.stringify(message));
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
