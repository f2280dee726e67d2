/**
 * Queue order as sparse integer keys: a new job goes `positionGap` after the last, a moved job takes
 * the midpoint of its new neighbours, so a move touches one row (an index lookup, O(log n)). When two
 * neighbours are adjacent integers, only the keys near them are spread out again: the smallest
 * aligned range of keys around the gap that is sparse enough (`roomInRange`), as in Bender et al.'s
 * order-maintenance lists, so that moves into one gap again and again cost O(log n) rows each on
 * average instead of rewriting every job's key.
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

/** The largest range tried: keys stay safe integers. */
export const maxRangeLevel = 51;

/** The aligned range of 2^level keys [low, high) that holds `key`. */
export function rangeAround(key: number, level: number): { low: number; high: number } {
  const size = 2 ** level;
  const low = Math.floor(key / size) * size;
  return { low, high: low + size };
}

/**
 * Whether a range of 2^level keys may hold `count` jobs after a respread: at most (4/3)^level of them
 * (density 1.5^-level), so that each respread leaves room for many moves before the next.
 */
export function roomInRange(count: number, level: number): boolean {
  return count <= Math.floor((4 / 3) ** level);
}

/**
 * `count` keys spread evenly over [low, high), in order, with one slot left empty at `emptySlot` (the
 * place of the job being moved): the jobs before it take the first keys, the jobs after it the rest.
 * Two keys around the empty slot are then at least 2 apart, so `positionBetween` finds one.
 */
export function spreadPositions(low: number, high: number, count: number, emptySlot: number): number[] {
  const slots = count + 1;
  const step = (high - low) / slots;
  const keys: number[] = [];
  for (let slot = 0; slot < slots; slot++) {
    if (slot !== emptySlot) keys.push(low + Math.floor(slot * step));
  }
  return keys;
}
