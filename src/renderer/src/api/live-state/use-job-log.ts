/**
 * A job's display log: its last lines (logs.read), then job.log from the line after them, so nothing
 * is missing and nothing doubled. After a reconnect the subscription opens again from the line after
 * the last one held. Older lines and a gap's lines are read on demand.
 */
import { useCallback } from 'react';
import { maxLogReadLines } from '../../../../shared/contract';
import {
  applyJobLog,
  fillGap,
  jobLogFromRead,
  prependLines,
  type JobLog,
  type LogGapRow,
} from './apply-job-log';
import { on, type LiveSpec } from './live-spec';
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
  /** Reads (up to a page of) a gap's lines into its place. */
  expandGap: (row: LogGapRow) => Promise<void>;
}

export function useJobLog(jobId: string | null): LiveJobLog {
  const live = useLive({ ...jobLogSpec(jobId ?? '-'), enabled: jobId !== null });
  const { extend } = live;
  const firstLine = live.data?.firstLine ?? 0;
  const loadOlder = useCallback(async () => {
    if (jobId === null || firstLine === 0) return;
    const fromLine = Math.max(0, firstLine - maxLogReadLines);
    await extend(async (client) => {
      const page = await client.request('logs.read', { jobId, fromLine, count: firstLine - fromLine });
      return (held) => prependLines(held, page);
    });
  }, [jobId, firstLine, extend]);
  const expandGap = useCallback(
    async ({ gap }: LogGapRow) => {
      if (jobId === null) return;
      const count = Math.min(maxLogReadLines, gap.toLine - gap.fromLine);
      await extend(async (client) => {
        const page = await client.request('logs.read', { jobId, fromLine: gap.fromLine, count });
        return (held) => fillGap(held, page);
      });
    },
    [jobId, extend],
  );
  return { ...live, loadOlder, expandGap };
}
