import { describe, expect, it } from 'vitest';
import { reorderTarget } from './reorder-target';

const ids = ['a', 'b', 'c', 'd'];

describe('where a dropped job goes', () => {
  it('goes before the row it was dropped on when moved up, to the top on the first row', () => {
    expect(reorderTarget(ids, 'd', 'b', true)).toEqual({ before: 'b' });
    expect(reorderTarget(ids, 'c', 'a', true)).toBe('top');
  });

  it('goes after the row it was dropped on when moved down', () => {
    expect(reorderTarget(ids, 'a', 'b', true)).toEqual({ before: 'c' });
    expect(reorderTarget(ids, 'a', 'd', true)).toBe('bottom');
  });

  it('does nothing on itself or past the loaded rows', () => {
    expect(reorderTarget(ids, 'b', 'b', true)).toBeNull();
    expect(reorderTarget(ids, 'a', 'd', false)).toBeNull();
    expect(reorderTarget(ids, 'x', 'a', true)).toBeNull();
  });
});
