/**
 * A grid of sample images: one row per step (or epoch), one column per prompt (a job's Samples tab)
 * or per job (the compare view). Only the rows on screen are rendered (TanStack Virtual), so only
 * their images are read and held; a row that scrolls away drops its blob URLs.
 */
import { Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type CSSProperties, type ReactNode } from 'react';
import type { Artifact } from '../../../../../shared/contract';
import classes from './samples.module.css';
import { SampleTile } from './SampleTile';

export interface TileRow {
  key: string;
  label: string;
  /** What the row's first cell shows under its label (a link to its checkpoint). */
  extra?: ReactNode;
  cells: readonly (Artifact | null)[];
}

export interface TileGridProps {
  rows: readonly TileRow[];
  /** The column headings' words (prompt or job names) and what they show (a prompt's text). */
  columns: readonly { name: string; heading: ReactNode }[];
  /** The grid's name for a screen reader. */
  label: string;
  testId?: string;
  /** How tall the grid may grow before it scrolls (CSS), where the page above it is short. */
  maxHeight?: string;
  onOpen: (rowKey: string, column: number) => void;
}

export function TileGrid({ rows, columns, label, testId, maxHeight, onOpen }: TileGridProps): ReactNode {
  const scroller = useRef<HTMLDivElement | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are read each render, never memoised
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    // Measured after the first paint (the tile size follows the zoom); this only guesses the scrollbar.
    estimateSize: () => 200,
    overscan: 2,
    getItemKey: (index) => rows[index]?.key ?? index,
  });
  const style = {
    '--columns': columns.length,
    '--tile': 'clamp(8rem, 12vw, 16rem)',
    ...(maxHeight ? { maxHeight } : {}),
  } as CSSProperties;
  return (
    <div
      ref={scroller}
      className={classes.scroller}
      style={style}
      data-testid={testId}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
    >
      <div className={`${classes.row} ${classes.heading}`} role="row" aria-rowindex={1}>
        <div role="columnheader">Step</div>
        {columns.map((column) => (
          <div key={column.name} role="columnheader">
            {column.heading}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={classes.row}
              role="row"
              aria-rowindex={item.index + 2}
              style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${item.start}px)` }}
            >
              <div className={classes.rowHead} role="rowheader">
                <Text size="sm" fw={600}>
                  {row.label}
                </Text>
                {row.extra}
              </div>
              {row.cells.map((cell, column) => (
                <div key={column} role="cell">
                  {cell ? (
                    <SampleTile
                      sample={cell}
                      label={`${row.label}, ${columns[column]?.name ?? ''}`}
                      pointKey={row.key}
                      column={column}
                      onOpen={() => onOpen(row.key, column)}
                    />
                  ) : (
                    <div className={classes.empty}>
                      <Text size="xs" c="dimmed">
                        No image
                      </Text>
                    </div>
                  )}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
