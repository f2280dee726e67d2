/**
 * Moving through a grid in the enlarged view: Left / Right to the earlier / later step with an image
 * in the same column, Up / Down to the previous / next column (prompt, or job when comparing) with an
 * image at the same step. Pure: the rows and a position in, the next position out (the same at an edge).
 */
import type { RowOrder } from './sample-grid';

export interface GridPosition {
  row: number;
  column: number;
}

export type GridMove = 'earlier' | 'later' | 'previousColumn' | 'nextColumn';

export const moveOfKey: Readonly<Record<string, GridMove>> = {
  ArrowLeft: 'earlier',
  ArrowRight: 'later',
  ArrowUp: 'previousColumn',
  ArrowDown: 'nextColumn',
};

export function moveInGrid(
  rows: readonly { cells: readonly unknown[] }[],
  order: RowOrder,
  at: GridPosition,
  move: GridMove,
): GridPosition {
  const has = (row: number, column: number) => rows[row]?.cells[column] != null;
  if (move === 'earlier' || move === 'later') {
    // Rows newest first: an earlier step is further down.
    const by = (move === 'earlier') === (order === 'newest') ? 1 : -1;
    for (let row = at.row + by; row >= 0 && row < rows.length; row += by)
      if (has(row, at.column)) return { row, column: at.column };
    return at;
  }
  const by = move === 'nextColumn' ? 1 : -1;
  const columns = rows[at.row]?.cells.length ?? 0;
  for (let column = at.column + by; column >= 0 && column < columns; column += by)
    if (has(at.row, column)) return { row: at.row, column };
  return at;
}
