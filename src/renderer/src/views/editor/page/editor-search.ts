/**
 * What the editor's address says (`#/editor?job=<id>&mode=edit`, `#/editor?preset=<id>`): which config
 * the editor opens with. Anything unknown or malformed falls back to a new config.
 */

export interface EditorSearch {
  /** A job whose config opens: `edit` replaces it (only while it waits), `clone` queues a new one. */
  job?: string;
  mode?: 'edit' | 'clone';
  /** A preset whose config opens. */
  preset?: string;
}

/** What the editor opens with, from the address. */
export type EditorSource =
  | { kind: 'new' }
  | { kind: 'job'; jobId: string; mode: 'edit' | 'clone' }
  | { kind: 'preset'; presetId: string };

const idOf = (value: unknown): string | undefined => {
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && text !== '' && text.length <= 200 ? text : undefined;
};

/** The route's validateSearch. A job without a mode is cloned (it never changes a job by surprise). */
export function validateEditorSearch(raw: Record<string, unknown>): EditorSearch {
  const job = idOf(raw.job);
  if (job !== undefined) return { job, mode: raw.mode === 'edit' ? 'edit' : 'clone' };
  const preset = idOf(raw.preset);
  return preset === undefined ? {} : { preset };
}

export function sourceOf(search: EditorSearch): EditorSource {
  if (search.job !== undefined) return { kind: 'job', jobId: search.job, mode: search.mode ?? 'clone' };
  if (search.preset !== undefined) return { kind: 'preset', presetId: search.preset };
  return { kind: 'new' };
}
