/** The bulk caption form as datasets.bulk.* operations: prepend, append, replace, remove a tag. Pure. */
import type { BulkOperation } from '../../../../shared/contract';

export const bulkKinds = ['prepend', 'append', 'replace', 'remove'] as const;
export type BulkKind = (typeof bulkKinds)[number];

export const bulkKindLabels: Record<BulkKind, string> = {
  prepend: 'Prepend',
  append: 'Append a tag',
  replace: 'Replace text',
  remove: 'Remove a tag',
};

export interface BulkForm {
  kind: BulkKind;
  /** The text to prepend, the tag to append or remove, or the text to find. */
  text: string;
  /** replace: what the found text becomes (may be empty: deletes it). */
  replacement: string;
}

export type BulkOperationResult = { ok: true; operation: BulkOperation } | { ok: false; problem: string };

export function bulkOperationOf(form: BulkForm): BulkOperationResult {
  const text = form.kind === 'replace' ? form.text : form.text.trim();
  if (text === '')
    return {
      ok: false,
      problem:
        form.kind === 'prepend'
          ? 'Type the text to put at the start of each caption.'
          : form.kind === 'replace'
            ? 'Type the text to find.'
            : 'Type the tag.',
    };
  switch (form.kind) {
    case 'prepend':
      return { ok: true, operation: { kind: 'prepend', text } };
    case 'append':
      return { ok: true, operation: { kind: 'add_tag', tag: text, position: 'end' } };
    case 'replace':
      return { ok: true, operation: { kind: 'replace', find: text, replace: form.replacement } };
    case 'remove':
      return { ok: true, operation: { kind: 'remove_tag', tag: text } };
  }
}
