import { describe, expect, it } from 'vitest';
import { applyBulkOperation, tagFrequency } from './bulk-caption-edit';

describe('bulk caption operations', () => {
  it('prepends a trigger word once, keeping the trailing newline, and creates a caption where none exists', () => {
    expect(applyBulkOperation('cat, sofa\n', { kind: 'prepend', text: 'ohwx' })).toBe('ohwx, cat, sofa\n');
    expect(applyBulkOperation('ohwx, cat', { kind: 'prepend', text: 'ohwx' })).toBeNull();
    expect(applyBulkOperation(null, { kind: 'prepend', text: 'ohwx' })).toBe('ohwx');
  });

  it('adds a tag at either end unless it is there, and removes a tag only as a whole tag', () => {
    expect(applyBulkOperation('cat, sofa', { kind: 'add_tag', tag: 'indoors' })).toBe('cat, sofa, indoors');
    expect(applyBulkOperation('cat, sofa', { kind: 'add_tag', tag: 'indoors', position: 'start' })).toBe(
      'indoors, cat, sofa',
    );
    expect(applyBulkOperation('cat,sofa', { kind: 'add_tag', tag: 'sofa' })).toBeNull();
    expect(applyBulkOperation('cat, sofa, cat ears', { kind: 'remove_tag', tag: 'cat' })).toBe(
      'sofa, cat ears',
    );
    expect(applyBulkOperation('cat ears', { kind: 'remove_tag', tag: 'cat' })).toBeNull();
    expect(applyBulkOperation(null, { kind: 'remove_tag', tag: 'cat' })).toBeNull();
  });

  it('finds and replaces plain text (not a pattern) everywhere in the caption', () => {
    expect(applyBulkOperation('a.b a.b', { kind: 'replace', find: 'a.b', replace: 'x' })).toBe('x x');
    expect(applyBulkOperation('axb', { kind: 'replace', find: 'a.b', replace: 'x' })).toBeNull();
  });

  it('splits on another separator when told', () => {
    expect(applyBulkOperation('cat|sofa', { kind: 'remove_tag', tag: 'sofa' }, '|')).toBe('cat');
  });

  it('counts each tag once per caption, most frequent first', () => {
    expect(tagFrequency(['cat, sofa, cat', 'cat, window', 'sofa'])).toEqual([
      { tag: 'cat', count: 2 },
      { tag: 'sofa', count: 2 },
      { tag: 'window', count: 1 },
    ]);
  });
});
