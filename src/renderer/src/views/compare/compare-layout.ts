/**
 * The compare view's table for one prompt: one column per job (in the address's order), one row per
 * step (or epoch) that any of them sampled, each cell that job's image there (null where it has none).
 * Pure: the jobs' artifacts in, rows out.
 */
import type { Artifact, JobArtifacts } from '../../../../shared/contract';
import {
  orderPoints,
  pointLabel,
  pointOf,
  type RowOrder,
  type SamplePoint,
} from '../job/samples/sample-grid';

export interface CompareRow extends SamplePoint {
  label: string;
  cells: (Artifact | null)[];
}

export function buildCompareRows(
  lists: readonly Pick<JobArtifacts, 'items'>[],
  prompt: number,
  order: RowOrder,
): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  lists.forEach((list, column) => {
    for (const item of list.items) {
      if (item.kind !== 'sample' || (item.promptIndex ?? 0) !== prompt) continue;
      const point = pointOf(item);
      let row = rows.get(point.key);
      if (!row) {
        row = { ...point, label: pointLabel(point), cells: lists.map(() => null) };
        rows.set(point.key, row);
      }
      const held = row.cells[column];
      if (!held || held.savedAt <= item.savedAt) row.cells[column] = item;
    }
  });
  return orderPoints([...rows.values()], order);
}

/** How many prompts any of the jobs sampled (the prompt picker's choices). */
export function promptCountOf(lists: readonly Pick<JobArtifacts, 'items'>[]): number {
  let count = 0;
  for (const list of lists)
    for (const item of list.items)
      if (item.kind === 'sample') count = Math.max(count, (item.promptIndex ?? 0) + 1);
  return count;
}
