/**
 * The `auto` topology policy: when a room of clients that said `hello` with `topology: "auto"` moves from mesh
 * (one peer connection per pair of participants) to the SFU and back. Independent of the media server: the SFU
 * service counts the participants and sends the `topology` messages; this module only decides.
 *
 * Hysteresis: past `sfuAbove` participants the room moves to the SFU (when it is reachable); it moves back to mesh
 * only when departures shrink it to `meshAtOrBelow`, so a room at the threshold does not flap. An arrival never
 * moves a room back to mesh (a newcomer, or a client saying hello again after a restart), and a client already in
 * the SFU keeps its room there (after this process or the SFU restarted) instead of bouncing it through mesh while
 * the others say hello too.
 *
 * @packageDocumentation
 */

/** A room's media topology. */
export type Topology = 'mesh' | 'sfu';

/** The thresholds of the `auto` policy, in participants. */
export interface TopologyThresholds {
  /** Rooms move to the SFU when they have more participants than this. Default 4. */
  sfuAbove?: number | undefined;
  /** …and back to mesh when they shrink to this many. Default 2. Must be below `sfuAbove`. */
  meshAtOrBelow?: number | undefined;
}

/** A decision: the room's topology now, and who must be told it. */
export interface TopologyDecision {
  topology: Topology;
  /** `everyone`: it changed (tell every `auto` participant); `newcomer`: only the one that said hello. */
  tell: 'everyone' | 'newcomer' | 'nobody';
}

/** The `auto` policy of one server: {@link arrival} on each `hello`, {@link departure} on each leave. */
export class TopologyPolicy {
  readonly sfuAbove: number;
  readonly meshAtOrBelow: number;

  /**
   * @throws {RangeError} when a threshold is not a whole number ≥ 0, or `meshAtOrBelow` is not below `sfuAbove`.
   */
  constructor(thresholds: TopologyThresholds = {}) {
    this.sfuAbove = thresholds.sfuAbove ?? 4;
    this.meshAtOrBelow = thresholds.meshAtOrBelow ?? 2;
    for (const [name, value] of [['sfuAbove', this.sfuAbove], ['meshAtOrBelow', this.meshAtOrBelow]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
    }
    if (this.meshAtOrBelow >= this.sfuAbove) {
      throw new RangeError(`meshAtOrBelow (${this.meshAtOrBelow}) must be below sfuAbove (${this.sfuAbove})`);
    }
  }

  /**
   * A participant said `hello`.
   * @param current the room's topology before
   * @param participants the room's `auto` participants, the newcomer included when it is `auto`
   * @param newcomer whether it is `auto`, and the topology it is in already (`current` of its hello)
   * @param sfuAvailable whether the SFU is reachable now
   */
  arrival(current: Topology, participants: number, newcomer: { auto: boolean; current?: Topology | undefined }, sfuAvailable: boolean): TopologyDecision {
    const resumed = newcomer.auto && newcomer.current === 'sfu' && sfuAvailable ? 'sfu' : current;
    if (participants > this.sfuAbove && sfuAvailable && resumed !== 'sfu') return { topology: 'sfu', tell: 'everyone' };
    return { topology: resumed, tell: newcomer.auto ? 'newcomer' : 'nobody' };
  }

  /**
   * A participant left.
   * @param participants the room's `auto` participants that remain
   */
  departure(current: Topology, participants: number, sfuAvailable: boolean): TopologyDecision {
    const next = participants > this.sfuAbove && sfuAvailable ? 'sfu' : participants <= this.meshAtOrBelow ? 'mesh' : current;
    return { topology: next, tell: next === current ? 'nobody' : 'everyone' };
  }
}
