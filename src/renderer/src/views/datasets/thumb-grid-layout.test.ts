import { describe, expect, it } from 'vitest';
import { gridLayout } from './ThumbGrid';

describe('gridLayout', () => {
  it('fits as many columns as the smallest tile allows and fills the width', () => {
    const layout = gridLayout(1000, 10_000, 136, 6);
    expect(layout.columns).toBe(7);
    expect(layout.tile * layout.columns + 6 * (layout.columns - 1)).toBeLessThanOrEqual(1000);
    expect(layout.tile).toBeGreaterThanOrEqual(136);
    expect(layout.rows).toBe(Math.ceil(10_000 / 7));
    expect(layout.rowHeight).toBe(layout.tile + 6);
  });

  it('keeps one column in a narrow grid and no rows without files', () => {
    expect(gridLayout(50, 3, 136, 6)).toMatchObject({ columns: 1, rows: 3 });
    expect(gridLayout(1000, 0, 136, 6).rows).toBe(0);
  });
});
