/**
 * Where a room goes: the least loaded Janus node that is up, by this server's own count of its publishers and
 * subscribers there (Janus reports no load of its own). Ties go to the node listed first (`--janus-url` order).
 *
 * @packageDocumentation
 */

/** What placement needs of a node. */
export interface PlacementCandidate {
  /** Whether the node's session is open (its `session` is set). */
  readonly session: unknown;
}

/**
 * The up node with the lowest `loadOf`, or `undefined` when none is up.
 * @param nodes in preference order (ties go to the earlier one)
 * @param loadOf publishers + subscribers on a node
 */
export function leastLoaded<N extends PlacementCandidate>(nodes: readonly N[], loadOf: (node: N) => number): N | undefined {
  let best: N | undefined;
  let bestLoad = Infinity;
  for (const node of nodes) {
    if (node.session === undefined) continue;
    const load = loadOf(node);
    if (load < bestLoad) [best, bestLoad] = [node, load];
  }
  return best;
}
