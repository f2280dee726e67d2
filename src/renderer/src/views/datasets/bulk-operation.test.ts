import { describe, expect, it } from 'vitest';
import { bulkOperationOf } from './bulk-operation';

describe('bulkOperationOf', () => {
  it('makes each operation of the form', () => {
    expect(bulkOperationOf({ kind: 'prepend', text: ' sks dog ', replacement: '' })).toEqual({
      ok: true,
      operation: { kind: 'prepend', text: 'sks dog' },
    });
    expect(bulkOperationOf({ kind: 'append', text: 'outdoors', replacement: '' })).toEqual({
      ok: true,
      operation: { kind: 'add_tag', tag: 'outdoors', position: 'end' },
    });
    expect(bulkOperationOf({ kind: 'replace', text: 'cat', replacement: '' })).toEqual({
      ok: true,
      operation: { kind: 'replace', find: 'cat', replace: '' },
    });
    expect(bulkOperationOf({ kind: 'remove', text: 'blurry', replacement: '' })).toEqual({
      ok: true,
      operation: { kind: 'remove_tag', tag: 'blurry' },
    });
  });

  it('says what is missing', () => {
    expect(bulkOperationOf({ kind: 'prepend', text: '  ', replacement: '' })).toEqual({
      ok: false,
      problem: 'Type the text to put at the start of each caption.',
    });
  });
});
