/**
 * "Copy log": the whole display log to the clipboard, read page by page (see copy-log.ts), with its
 * progress while it reads and a notification when it is done or could not be done.
 */
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { maxLogReadLines } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { readWholeLog } from './copy-log';
import { formatCount } from './log-view-model';

export interface CopyProgress {
  done: number;
  total: number;
}

const selectInstead = 'Select lines in the log and press Ctrl+C (⌘C on a Mac) to copy them instead.';

/** A sentence as it ends a message: with one full stop, never two. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function clipboard(): Clipboard | null {
  // Absent outside a secure context, whatever the DOM types say.
  return (navigator as Partial<Navigator>).clipboard ?? null;
}

export function useCopyLog(jobId: string): { copy: () => void; progress: CopyProgress | null } {
  const client = useClient();
  const [progress, setProgress] = useState<CopyProgress | null>(null);
  const copy = useCallback(() => {
    const board = clipboard();
    if (!board) {
      notifications.show({
        color: 'red',
        title: 'The clipboard is not available here',
        message: `This browser lets only pages served from a secure address (https or localhost) write to the clipboard. ${selectInstead}`,
      });
      return;
    }
    setProgress({ done: 0, total: 0 });
    const whole = readWholeLog(
      (fromLine) => client.request('logs.read', { jobId, fromLine, count: maxLogReadLines }),
      (done, total) => setProgress({ done, total }),
    );
    // Handing the clipboard a promise keeps the click's permission while the pages are read (Safari
    // and Firefox refuse a write long after the click); writeText where ClipboardItem is missing.
    const written =
      typeof ClipboardItem !== 'undefined' && typeof board.write === 'function'
        ? board.write([
            new ClipboardItem({
              'text/plain': whole.then((log) => new Blob([log.text], { type: 'text/plain' })),
            }),
          ])
        : whole.then((log) => board.writeText(log.text));
    Promise.all([whole, written])
      .then(([log]) =>
        notifications.show({
          color: 'green',
          title: 'Log copied',
          message: `${formatCount(log.lines)} ${log.lines === 1 ? 'line is' : 'lines are'} on the clipboard.`,
        }),
      )
      .catch((cause: unknown) =>
        notifications.show({
          color: 'red',
          title: 'The log could not be copied',
          message: `${sentence(cause instanceof Error ? cause.message : String(cause))} ${selectInstead}`,
        }),
      )
      .finally(() => setProgress(null));
  }, [client, jobId]);
  return { copy, progress };
}
