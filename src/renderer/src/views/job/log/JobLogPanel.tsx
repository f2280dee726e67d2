/**
 * The job page's live log (Log tab): the display log as it streams in, ANSI colours drawn, following
 * the tail while the job runs; search through logs.search, jumps to the first line or a hit far back
 * (the page around it is read and placed), older pages read when scrolled to the top, and the whole
 * log copied page by page. A reconnect keeps the rows and where the view is: the live-state hook
 * resumes the stream from the line after the last one held.
 */
import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { indexOfLine, isGapRow, rowAt, useJobLog, type LogGapRow } from '../../../api/live-state';
import type { Shortcut } from '../../../shell/shortcuts/shortcut-registry';
import { useShortcuts } from '../../../shell/shortcuts/shortcuts-context';
import classes from './log.module.css';
import { formatCount, heldWhileFollowing, keptWhileFollowing, pageAround } from './log-view-model';
import { LogScroller, type ScrollTarget } from './LogScroller';
import { LogToolbar } from './LogToolbar';
import { sentence, useCopyLog } from './use-copy-log';
import { useLogSearch } from './use-log-search';

export interface JobLogPanelProps {
  jobId: string;
  /** The job is running: the log follows its tail by default. */
  running: boolean;
}

function reportReadError(cause: unknown): void {
  notifications.show({
    color: 'red',
    title: 'Those lines of the log could not be read',
    message: `${sentence(cause instanceof Error ? cause.message : String(cause))} Check the connection in the status bar, then try again.`,
  });
}

export function JobLogPanel({ jobId, running }: JobLogPanelProps): ReactNode {
  const log = useJobLog(jobId);
  const { data, loadOlder, expandGap, readPage, keepLast } = log;
  const [following, setFollowing] = useState(running);
  // A job that starts running while its page is open is followed from then on.
  const [wasRunning, setWasRunning] = useState(running);
  if (running !== wasRunning) {
    setWasRunning(running);
    if (running) setFollowing(true);
  }
  // A finished job's log opens at its end too, without following.
  const [target, setTarget] = useState<ScrollTarget | null>({ line: 'end', seq: 0 });
  const jumps = useRef(0);
  const jump = useCallback((line: ScrollTarget['line']) => setTarget({ line, seq: ++jumps.current }), []);

  const [jumpingStart, setJumpingStart] = useState(false);
  const [expandingGap, setExpandingGap] = useState(false);
  const readingOlder = useRef(false);

  // Following a long log holds a bounded window of it: the oldest rows are let go (and read again
  // when the user scrolls up to them).
  const rowCount = data?.rowCount ?? 0;
  useEffect(() => {
    if (following && rowCount > heldWhileFollowing) void keepLast(keptWhileFollowing);
  }, [following, rowCount, keepLast]);

  const onNearTop = useCallback(() => {
    if (readingOlder.current) return;
    readingOlder.current = true;
    loadOlder()
      .catch(reportReadError)
      .finally(() => {
        readingOlder.current = false;
      });
  }, [loadOlder]);

  const onExpandGap = useCallback(
    (row: LogGapRow, end: 'start' | 'end') => {
      setFollowing(false);
      setExpandingGap(true);
      expandGap(row, end)
        .catch(reportReadError)
        .finally(() => setExpandingGap(false));
    },
    [expandGap],
  );

  const goToLine = useCallback(
    async (line: number) => {
      setFollowing(false);
      const held = data ? rowAt(data, indexOfLine(data, line)) : undefined;
      try {
        if (!held || isGapRow(held)) await readPage(pageAround(line));
        jump(line);
      } catch (cause) {
        reportReadError(cause);
      }
    },
    [data, readPage, jump],
  );

  const onJumpStart = useCallback(async () => {
    setFollowing(false);
    setJumpingStart(true);
    try {
      if ((data?.firstLine ?? 0) > 0) await readPage(0);
      jump('start');
    } catch (cause) {
      reportReadError(cause);
    } finally {
      setJumpingStart(false);
    }
  }, [data, readPage, jump]);

  const onJumpEnd = useCallback(() => {
    if (running) setFollowing(true);
    jump('end');
  }, [running, jump]);

  const onToggleFollow = useCallback(() => {
    if (following) setFollowing(false);
    else {
      setFollowing(true);
      jump('end');
    }
  }, [following, jump]);

  const search = useLogSearch(jobId);
  const { step } = search;
  const onStep = useCallback(
    (direction: 1 | -1) => {
      void step(direction).then((line) => {
        if (line !== null) void goToLine(line);
      });
    },
    [step, goToLine],
  );

  const searchRef = useRef<HTMLInputElement>(null);
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      {
        id: 'log.search',
        hotkeys: ['mod+f'],
        label: 'Search the log',
        group: 'Job log',
        inFields: true,
        run: () => {
          searchRef.current?.focus();
          searchRef.current?.select();
        },
      },
    ],
    [],
  );
  useShortcuts(shortcuts);

  const { copy, progress } = useCopyLog(jobId);

  let overlay: ReactNode = null;
  if (!data && log.error)
    overlay = (
      <Alert color="red" title="The log could not be read" maw="36rem" data-testid="log-error">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {sentence(log.error)} Check that DPGui is still running and connected (the status bar says), then
            try again.
          </Text>
          <Button size="xs" variant="light" color="red" onClick={log.reload}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  else if (!data)
    overlay = (
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-label="Reading the log" />
        <Text size="sm">Reading the log…</Text>
      </Stack>
    );
  else if (data.rowCount === 0 && data.partial.length === 0)
    overlay = (
      <Text size="sm" data-testid="log-empty">
        {running
          ? 'No output yet — the trainer has not printed anything. Its lines appear here as it prints them.'
          : 'This job printed nothing.'}
      </Text>
    );

  const lines = data?.nextLine ?? 0;
  return (
    <div className={classes.panel} data-testid="job-log" data-following={following}>
      <LogToolbar
        searchRef={searchRef}
        search={search.text}
        searchState={search.state}
        searchError={search.error}
        onSearch={search.setText}
        onStep={onStep}
        following={following}
        onToggleFollow={onToggleFollow}
        onJumpStart={() => void onJumpStart()}
        jumpingStart={jumpingStart}
        onJumpEnd={onJumpEnd}
        onCopy={copy}
        copying={progress}
        summary={`${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'}`}
      />
      {data ? (
        <LogScroller
          log={data}
          running={running}
          following={following}
          onFollowChange={setFollowing}
          target={target}
          hitLine={search.hitLine}
          mark={search.text || null}
          onNearTop={onNearTop}
          onExpandGap={onExpandGap}
          expandingGap={expandingGap}
          overlay={overlay}
        />
      ) : (
        <EmptyScroller overlay={overlay} />
      )}
    </div>
  );
}

/** The scroller's place while there are no rows yet (reading, or the read failed). */
function EmptyScroller({ overlay }: { overlay: ReactNode }) {
  return (
    <div className={classes.scroller} data-testid="job-log-scroller" role="log" aria-label="Job log">
      <div className={classes.empty}>{overlay}</div>
    </div>
  );
}
