/**
 * Queue order as sparse integer keys: a new job goes `positionGap` after the last, a moved job takes
 * the midpoint of its new neighbours, so a move touches one row (an index lookup, O(log n)). Only
 * when two neighbours are adjacent integers are all keys spread out again (`rebalancedPositions`).
 */

export const positionGap = 65_536;

/**
 * A key strictly between two neighbours (null: no neighbour on that side), or null when there is no
 * integer left between them and the keys must be spread out first.
 */
export function positionBetween(before: number | null, after: number | null): number | null {
  if (before === null && after === null) return positionGap;
  if (before === null) return (after as number) - positionGap;
  if (after === null) return before + positionGap;
  if (after - before < 2) return null;
  return before + Math.floor((after - before) / 2);
}

/**
 * New keys for `count` jobs in their current order, all above `currentMax` so that rewriting them one
 * row at a time never collides with a key still in use (the column is unique).
 */
export function rebalancedPositions(count: number, currentMax: number): number[] {
  return Array.from({ length: count }, (_, i) => currentMax + (i + 1) * positionGap);
}
