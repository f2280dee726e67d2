/**
 * The log search: logs.search asked as the user types (once typing rests) or presses Enter, its hits
 * stepped through with Enter / Shift+Enter; more hits are read when stepping past the last of a
 * truncated answer. Answers to an older query are dropped.
 */
import { useDebouncedCallback } from '@mantine/hooks';
import { useCallback, useRef, useState } from 'react';
import { maxLogSearchMatches, type LogSearchMatch } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { stepHit, type SearchState } from './log-view-model';

interface Result {
  query: string;
  matches: LogSearchMatch[];
  truncated: boolean;
}

export interface LogSearch {
  text: string;
  setText: (text: string) => void;
  state: SearchState;
  error: string | null;
  /** The line of the hit shown, null before the first jump. */
  hitLine: number | null;
  /** Goes to the next (1) or previous (-1) hit: the answer is its line, null when there is none. */
  step: (direction: 1 | -1) => Promise<number | null>;
}

export function useLogSearch(jobId: string): LogSearch {
  const client = useClient();
  const [text, setTextState] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [status, setStatus] = useState<SearchState['status']>('idle');
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState(-1);
  const asked = useRef(0);
  const latest = useRef<Result | null>(null);

  const search = useCallback(
    async (query: string, fromLine?: number): Promise<Result | null> => {
      const ask = ++asked.current;
      setStatus('searching');
      try {
        const answer = await client.request('logs.search', {
          jobId,
          query,
          limit: maxLogSearchMatches,
          ...(fromLine === undefined ? {} : { fromLine }),
        });
        if (ask !== asked.current) return null;
        const before = fromLine === undefined ? [] : (latest.current?.matches ?? []);
        const next = { query, matches: [...before, ...answer.matches], truncated: answer.truncated };
        latest.current = next;
        setResult(next);
        setStatus('done');
        setError(null);
        return next;
      } catch (cause) {
        if (ask !== asked.current) return null;
        setStatus('error');
        setError(cause instanceof Error ? cause.message : String(cause));
        return null;
      }
    },
    [client, jobId],
  );
  const searchSoon = useDebouncedCallback((query: string) => void search(query), 300);

  const setText = useCallback(
    (value: string) => {
      setTextState(value);
      setCurrent(-1);
      if (value === '') {
        asked.current++;
        latest.current = null;
        setResult(null);
        setStatus('idle');
        setError(null);
      } else searchSoon(value);
    },
    [searchSoon],
  );

  const step = useCallback(
    async (direction: 1 | -1): Promise<number | null> => {
      if (text === '') return null;
      let found = latest.current?.query === text ? latest.current : null;
      if (!found) {
        searchSoon.cancel();
        found = await search(text);
      }
      if (!found) return null;
      let at = latest.current === found ? current : -1;
      // Past the last hit of a truncated answer: read the next hits instead of going round.
      const last = found.matches.at(-1);
      if (direction === 1 && found.truncated && last && at === found.matches.length - 1) {
        const more = await search(text, last.line + 1);
        if (more) {
          found = more;
          at = found.matches.length > at + 1 ? at : -1;
        }
      }
      const next = stepHit(at, found.matches.length, direction);
      setCurrent(next);
      return found.matches[next]?.line ?? null;
    },
    [text, current, search, searchSoon],
  );

  const hits = result?.query === text ? result.matches : [];
  return {
    text,
    setText,
    state: { status, hits: hits.length, current, truncated: result?.truncated ?? false },
    error,
    hitLine: current >= 0 ? (hits[current]?.line ?? null) : null,
    step,
  };
}
