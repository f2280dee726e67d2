/**
 * The log's scrolling list (TanStack Virtual, fixed-height rows: only the rows on screen exist, so a
 * million lines scroll like a hundred). It follows the tail while `following`, keeps the line at the
 * top of the view in place when rows come in above it (older pages, a gap's lines), and brings a
 * target line into view once it is held.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { indexOfLine, isGapRow, rowAt, rowLine, type JobLog, type LogGapRow } from '../../../api/live-state';
import classes from './log.module.css';
import { followAfterScroll } from './log-view-model';
import { GapLine, LogLine, OpenLine } from './LogRows';
import { useFillHeight } from './use-fill-height';

/** Where to bring the view: a line (centred once it is held), the first held row or the end. */
export interface ScrollTarget {
  line: number | 'start' | 'end';
  /** A new number makes the same target jump again. */
  seq: number;
}

export interface LogScrollerProps {
  log: JobLog;
  running: boolean;
  following: boolean;
  onFollowChange: (following: boolean) => void;
  target: ScrollTarget | null;
  /** The search hit shown and the text to mark in it. */
  hitLine: number | null;
  mark: string | null;
  /** The view reached the first held row and older lines exist. */
  onNearTop: () => void;
  onExpandGap: (row: LogGapRow, end: 'start' | 'end') => void;
  expandingGap: boolean;
  /** Shown over the empty list (no output yet, an error, reading). */
  overlay: ReactNode;
}

/** Rows from the top at which older lines are asked for. */
const nearTopRows = 10;

export function LogScroller(props: LogScrollerProps): ReactNode {
  const { log, running, following, onFollowChange, target, hitLine, mark } = props;
  const { onNearTop, onExpandGap, expandingGap, overlay } = props;
  const scroller = useRef<HTMLDivElement>(null);
  useFillHeight(scroller, 16);
  // The row height follows the zoom (rem); measured from a painted row.
  const [rowHeight, setRowHeight] = useState(20);
  const count = log.rowCount + log.partial.length;
  const rowOf = useCallback((index: number) => (index < log.rowCount ? rowAt(log, index) : undefined), [log]);
  // Stable between changes of the rows: the list re-measures (every row) only when they change, not
  // on each render that scrolling causes.
  const estimateSize = useCallback(
    (index: number) => {
      const row = rowOf(index);
      return row && isGapRow(row) ? rowHeight * 2 : rowHeight;
    },
    [rowOf, rowHeight],
  );
  const getItemKey = useCallback(
    (index: number) => {
      const row = rowOf(index);
      if (!row) return `open-${index - log.rowCount}`;
      return isGapRow(row) ? `gap-${row.gap.fromLine}` : row.line;
    },
    [rowOf, log.rowCount],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are read each render, never memoised
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: 20,
    getItemKey,
    // Its scroll re-render may wait for the next frame: a synchronous one after each of our scrollTop
    // writes doubled the render work per batch while 5,000 lines a second stream in.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();

  /** The line at the top of the view and how far into its row the view starts, kept across changes. */
  const anchor = useRef<{ line: number; offset: number } | null>(null);
  const lastTop = useRef(0);
  const doneTarget = useRef<number | null>(null);

  const startOf = (index: number): number => virtualizer.measurementsCache[index]?.start ?? index * rowHeight;
  const saveAnchor = (top: number): void => {
    const item = virtualizer.getVirtualItemForOffset(top);
    const row = item ? rowOf(item.index) : undefined;
    anchor.current = item && row ? { line: rowLine(row), offset: top - item.start } : null;
  };
  const scrollTo = (element: HTMLElement, top: number): void => {
    element.scrollTop = top;
    lastTop.current = element.scrollTop;
    saveAnchor(element.scrollTop);
  };

  const onScroll = (): void => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    const atBottom = top + element.clientHeight >= element.scrollHeight - rowHeight / 2;
    const next = followAfterScroll({ following, running, previousTop: lastTop.current, top, atBottom });
    lastTop.current = top;
    saveAnchor(top);
    if (next !== following) onFollowChange(next);
    if (top < rowHeight * nearTopRows && log.firstLine > 0 && !following) onNearTop();
  };

  // After every change of the rows: stay at the end while following, else keep the top line in place.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const painted = element.querySelector<HTMLElement>('[data-testid="log-line"]');
    const height = painted?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
    if (following) {
      scrollTo(element, element.scrollHeight);
      return;
    }
    const kept = anchor.current;
    const index = kept ? indexOfLine(log, kept.line) : -1;
    if (kept && index >= 0) {
      const want = startOf(index) + kept.offset;
      if (Math.abs(element.scrollTop - want) > 1) scrollTo(element, want);
    }
    // Not after the renders scrolling causes: those must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [log, following, rowHeight]);

  // A target is reached once its line is held (a page read for it may still be on its way).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || !target || doneTarget.current === target.seq) return;
    if (target.line === 'end') scrollTo(element, element.scrollHeight);
    else if (target.line === 'start') {
      // The head page is read first; until it is in, the top is not the first line.
      if (log.firstLine > 0) return;
      scrollTo(element, 0);
    } else {
      const index = indexOfLine(log, target.line);
      const row = rowOf(index);
      if (!row || isGapRow(row)) return;
      scrollTo(element, Math.max(0, startOf(index) - element.clientHeight / 2 + rowHeight / 2));
    }
    doneTarget.current = target.seq;
  });

  useLayoutEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const element = event.currentTarget;
      if (event.target !== element) return;
      const page = Math.max(rowHeight, element.clientHeight - rowHeight);
      const moves: Record<string, number> = {
        PageUp: element.scrollTop - page,
        PageDown: element.scrollTop + page,
        Home: 0,
        End: element.scrollHeight,
        ArrowUp: element.scrollTop - rowHeight,
        ArrowDown: element.scrollTop + rowHeight,
      };
      const to = moves[event.key];
      if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      element.scrollTop = to;
    },
    [rowHeight],
  );

  return (
    <div
      ref={scroller}
      className={classes.scroller}
      data-testid="job-log-scroller"
      // A log region; not live for screen readers (thousands of lines a second would drown them).
      role="log"
      aria-live="off"
      aria-label="Job log"
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
        {items.map((item) => {
          const row = rowOf(item.index);
          if (!row) {
            const open = log.partial[item.index - log.rowCount];
            return open ? <OpenLine key={item.key} line={open} start={item.start} /> : null;
          }
          if (isGapRow(row))
            return (
              <GapLine
                key={item.key}
                row={row}
                start={item.start}
                busy={expandingGap}
                onExpand={onExpandGap}
              />
            );
          const hit = row.line === hitLine;
          return <LogLine key={item.key} row={row} start={item.start} hit={hit} mark={hit ? mark : null} />;
        })}
      </div>
      {overlay !== null && <div className={classes.empty}>{overlay}</div>}
    </div>
  );
}
