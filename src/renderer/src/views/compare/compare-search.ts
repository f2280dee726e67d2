/**
 * The compare view's address: `#/compare?jobs=<id>,<id>&prompt=0` — which jobs, in which order, and
 * which prompt (from 0). What cannot be read falls back (no jobs, the first prompt).
 */
export interface CompareSearch {
  jobs?: string;
  prompt?: number;
}

export const maxComparedJobs = 8;

export function validateCompareSearch(raw: Record<string, unknown>): CompareSearch {
  const search: CompareSearch = {};
  const ids = jobIdsOf(
    typeof raw.jobs === 'string' ? raw.jobs : typeof raw.jobs === 'number' ? String(raw.jobs) : '',
  );
  if (ids.length > 0) search.jobs = ids.join(',');
  const prompt = typeof raw.prompt === 'string' ? Number(raw.prompt) : raw.prompt;
  if (typeof prompt === 'number' && Number.isInteger(prompt) && prompt >= 0 && prompt < 1000)
    search.prompt = prompt;
  return search;
}

/** The jobs named, each once, in order, at most `maxComparedJobs`. */
export function jobIdsOf(text: string | undefined): string[] {
  const ids = (text ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '' && id.length <= 200);
  return [...new Set(ids)].slice(0, maxComparedJobs);
}
