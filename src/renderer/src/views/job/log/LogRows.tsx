/** One painted row of the log: a numbered line (ANSI colours drawn), an open line, or a gap row. */
import { Button, Group, Text } from '@mantine/core';
import { memo, type CSSProperties, type ReactNode } from 'react';
import type { OpenLogLine } from '../../../../../shared/contract';
import type { LogGapRow, LogLineRow } from '../../../api/live-state';
import { ansiSegments, type AnsiSegment } from './ansi-segments';
import classes from './log.module.css';
import { gapText } from './log-view-model';

function styleOf(segment: AnsiSegment): CSSProperties | undefined {
  if (Object.keys(segment).length === 1) return undefined;
  return {
    color: segment.fg,
    backgroundColor: segment.bg,
    fontWeight: segment.bold ? 700 : undefined,
    opacity: segment.dim ? 0.7 : undefined,
    fontStyle: segment.italic ? 'italic' : undefined,
    textDecoration:
      [segment.underline && 'underline', segment.strike && 'line-through'].filter(Boolean).join(' ') ||
      undefined,
  };
}

/** `text` with each occurrence of `mark` (any case) wrapped in <mark>. */
function marked(text: string, mark: string | null): ReactNode {
  if (!mark) return text;
  const lower = text.toLowerCase();
  const needle = mark.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    parts.push(
      text.slice(from, at),
      <mark key={at} className={classes.mark}>
        {text.slice(at, at + needle.length)}
      </mark>,
    );
    from = at + needle.length;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts;
}

function LineText({ text, mark }: { text: string; mark: string | null }) {
  const segments = ansiSegments(text);
  return (
    <span className={classes.text}>
      {segments.map((segment, i) => {
        const style = styleOf(segment);
        const content = marked(segment.text, mark);
        return style ? (
          <span key={i} style={style}>
            {content}
          </span>
        ) : (
          <span key={i}>{content}</span>
        );
      })}
    </span>
  );
}

const place = (start: number): CSSProperties => ({ transform: `translateY(${start}px)` });

interface LineProps {
  row: LogLineRow;
  start: number;
  /** The search hit shown: the line is highlighted and `mark` marked in it. */
  hit: boolean;
  mark: string | null;
}

export const LogLine = memo(function LogLine({ row, start, hit, mark }: LineProps) {
  const className = [classes.row, row.stream === 'stderr' && classes.stderr, hit && classes.hit]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={className}
      style={place(start)}
      data-testid="log-line"
      data-line={row.line}
      data-stream={row.stream}
      aria-current={hit ? 'true' : undefined}
    >
      <span className={classes.gutter} aria-hidden>
        {row.line + 1}
      </span>
      <LineText text={row.text} mark={hit ? mark : null} />
    </div>
  );
});

export const OpenLine = memo(function OpenLine({ line, start }: { line: OpenLogLine; start: number }) {
  const className = [classes.row, classes.partial, line.stream === 'stderr' && classes.stderr]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} style={place(start)} data-testid="log-partial" data-stream={line.stream}>
      <span className={classes.gutter} aria-hidden />
      <LineText text={line.text} mark={null} />
    </div>
  );
});

interface GapProps {
  row: LogGapRow;
  start: number;
  busy: boolean;
  onExpand: (row: LogGapRow, end: 'start' | 'end') => void;
}

export const GapLine = memo(function GapLine({ row, start, busy, onExpand }: GapProps) {
  const { fromLine, toLine } = row.gap;
  const text = gapText(fromLine, toLine);
  return (
    <div
      className={`${classes.row} ${classes.gap}`}
      style={place(start)}
      data-testid="log-gap"
      data-from={fromLine}
      data-to={toLine}
    >
      <Text span size="xs" c="inherit">
        {text.label}
      </Text>
      <Group gap={6} wrap="nowrap">
        {text.oneRead ? (
          <Button size="compact-xs" variant="light" loading={busy} onClick={() => onExpand(row, 'start')}>
            Show them
          </Button>
        ) : (
          <>
            <Button size="compact-xs" variant="light" loading={busy} onClick={() => onExpand(row, 'start')}>
              Show the first {text.page}
            </Button>
            <Button size="compact-xs" variant="light" loading={busy} onClick={() => onExpand(row, 'end')}>
              Show the last {text.page}
            </Button>
          </>
        )}
      </Group>
    </div>
  );
});
