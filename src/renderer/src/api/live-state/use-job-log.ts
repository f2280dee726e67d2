/**
 * A job's display log: its last lines (logs.read), then job.log from the line after them, so nothing
 * is missing and nothing doubled. After a reconnect the subscription opens again from the line after
 * the last one held. Older lines and a gap's lines are read on demand.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { maxLogReadLines } from '../../../../shared/contract';
import {
  applyJobLog,
  jobLogFromRead,
  placePage,
  trimFront,
  type JobLog,
  type LogGapRow,
} from './apply-job-log';
import { liveKey, on, type LiveSpec } from './live-spec';
import { useLive, type Live } from './use-live';

/** How many of the last lines a log view starts with. */
export const logTailLines = 2000;

export function jobLogSpec(jobId: string): LiveSpec<JobLog> {
  return {
    channel: 'logs.read',
    payload: { jobId, last: logTailLines },
    // Held lines stay held: after a reconnect the subscription resumes from the next line instead.
    load: async (client, held) =>
      held ?? jobLogFromRead(await client.request('logs.read', { jobId, last: logTailLines })),
    events: [on('job.log', applyJobLog, (held) => (held ? { jobId, fromLine: held.nextLine } : null))],
  };
}

export interface LiveJobLog extends Live<JobLog> {
  /** Reads a page of the lines before the first held one. */
  loadOlder: () => Promise<void>;
  /** Reads (up to a page of) a gap's lines into its place: its first lines, or with `end` its last. */
  expandGap: (row: LogGapRow, end?: 'start' | 'end') => Promise<void>;
  /** Reads the page from `fromLine` and places it where it belongs (a head page, a search hit's page). */
  readPage: (fromLine: number) => Promise<void>;
  /** Lets go of the oldest held rows beyond `rows` (a view following a long log stays small). */
  keepLast: (rows: number) => Promise<void>;
  /** Reads the log again (after its first read failed). */
  reload: () => void;
}

export function useJobLog(jobId: string | null): LiveJobLog {
  const spec = jobLogSpec(jobId ?? '-');
  const live = useLive({ ...spec, enabled: jobId !== null });
  const queryClient = useQueryClient();
  const reload = useCallback(() => {
    if (jobId !== null)
      void queryClient.invalidateQueries({ queryKey: liveKey(jobLogSpec(jobId)), exact: true });
  }, [queryClient, jobId]);
  const { extend } = live;
  const firstLine = live.data?.firstLine ?? 0;
  const read = useCallback(
    async (fromLine: number, count = maxLogReadLines) => {
      if (jobId === null) return;
      await extend(async (client) => {
        const page = await client.request('logs.read', { jobId, fromLine, count });
        return (held) => placePage(held, page);
      });
    },
    [jobId, extend],
  );
  const loadOlder = useCallback(async () => {
    if (firstLine === 0) return;
    const fromLine = Math.max(0, firstLine - maxLogReadLines);
    await read(fromLine, firstLine - fromLine);
  }, [firstLine, read]);
  const expandGap = useCallback(
    async ({ gap }: LogGapRow, end: 'start' | 'end' = 'start') => {
      const count = Math.min(maxLogReadLines, gap.toLine - gap.fromLine);
      await read(end === 'start' ? gap.fromLine : gap.toLine - count, count);
    },
    [read],
  );
  const readPage = useCallback((fromLine: number) => read(fromLine), [read]);
  const keepLast = useCallback(
    (rows: number) => extend(() => Promise.resolve((held: JobLog) => trimFront(held, rows))),
    [extend],
  );
  return { ...live, loadOlder, expandGap, readPage, keepLast, reload };
}
