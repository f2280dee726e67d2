import { describe, expect, it } from 'vitest';
import { removePath, sameJson, writePath } from './value-path';

describe('value paths', () => {
  it('writes nested keys and list items without changing the original', () => {
    const root = { a: { b: 1 }, list: [{ x: 1 }, { x: 2 }] };
    const next = writePath(root, 'list.1.x', 5);
    expect(next).toEqual({ a: { b: 1 }, list: [{ x: 1 }, { x: 5 }] });
    expect(root.list[1]).toEqual({ x: 2 });
    expect(next.a).toBe(root.a);
    expect(writePath({}, 'new.0.name', 'n')).toEqual({ new: [{ name: 'n' }] });
  });

  it('removes a key or a list item', () => {
    const root = { a: { b: 1, c: 2 }, list: [1, 2, 3] };
    expect(removePath(root, 'a.b')).toEqual({ a: { c: 2 }, list: [1, 2, 3] });
    expect(removePath(root, 'list.1')).toEqual({ a: { b: 1, c: 2 }, list: [1, 3] });
    expect(removePath(root, 'missing.key')).toBe(root);
  });

  it('compares JSON values by content', () => {
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
