/** Where a drop in the shown list puts a job, as jobs.reorder's `to`. */
import type { ReorderTarget } from '../../../../shared/contract';

/**
 * `ids` is the shown order. Dropped on a row above it: before that row. Dropped on a row below it:
 * before the row after that one, or at the bottom when that row is the last one and every page is loaded.
 * null: nothing to do (dropped on itself, or past the loaded rows where its place is unknown).
 */
export function reorderTarget(
  ids: readonly string[],
  activeId: string,
  overId: string,
  allLoaded: boolean,
): ReorderTarget | null {
  const from = ids.indexOf(activeId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return null;
  if (to < from) return to === 0 ? 'top' : { before: overId };
  const next = ids[to + 1];
  if (next !== undefined) return { before: next };
  return allLoaded ? 'bottom' : null;
}
