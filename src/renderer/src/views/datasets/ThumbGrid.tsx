/**
 * A dataset's images as a grid of thumbnails that scrolls through tens of thousands: only the rows on
 * screen exist (TanStack Virtual, fixed row heights from the grid's width, so nothing is measured
 * while scrolling), and a tile reads its thumbnail (the guarded file route, as a blob: URL) only once
 * it has stayed on screen for a moment, so a fast scroll reads nothing it flies past; a tile that
 * leaves the screen revokes its URL.
 */
import { Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DatasetFileEntry } from '../../../../shared/contract';
import { defaultThumbnailSize } from '../../../../shared/contract/file-route';
import { useFileRouteUrl } from '../job/samples/use-file-url';
import classes from './datasets.module.css';

/** The smallest a tile gets before a column goes (rem, so it follows the zoom). */
const minTileRem = 8.5;
const gapPx = 6;
/** How long a tile stays on screen before its thumbnail is read. */
const settleMs = 60;

export interface GridLayout {
  columns: number;
  tile: number;
  rowHeight: number;
  rows: number;
}

/** Columns, tile side and rows for `count` files in `width` pixels. Pure. */
export function gridLayout(width: number, count: number, minTile: number, gap = gapPx): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minTile + gap)));
  const tile = Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
  return { columns, tile, rowHeight: tile + gap, rows: Math.ceil(count / columns) };
}

function rootFontPx(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

const Thumb = memo(function Thumb({
  datasetId,
  file,
  selected,
  onSelect,
}: {
  datasetId: string;
  file: DatasetFileEntry;
  selected: boolean;
  onSelect: (path: string) => void;
}): ReactNode {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), settleMs);
    return () => clearTimeout(timer);
  }, []);
  const { url, error } = useFileRouteUrl(
    settled ? { route: 'thumbnail', datasetId, path: file.path, size: defaultThumbnailSize } : null,
  );
  const captionNote =
    file.caption === 'missing'
      ? 'no caption'
      : file.caption === 'ok'
        ? null
        : file.caption === 'empty'
          ? 'empty caption'
          : 'caption unreadable';
  // Nothing animated while a thumbnail loads: dozens of spinners would cost every frame of a scroll.
  return (
    <button
      type="button"
      className={classes.thumb}
      data-selected={selected || undefined}
      aria-pressed={selected}
      aria-label={`${file.path}${captionNote ? `, ${captionNote}` : ''}`}
      title={file.path}
      onClick={() => onSelect(file.path)}
      data-testid="thumb-tile"
      data-path={file.path}
    >
      {url ? (
        <img src={url} alt="" draggable={false} decoding="async" className={classes.thumbImage} />
      ) : error || file.problem ? (
        <Text size="xs" className={classes.danger} p={4}>
          {file.problem ?? 'No preview'}
        </Text>
      ) : null}
      {captionNote && (
        <span className={classes.thumbBadge} aria-hidden>
          {captionNote}
        </span>
      )}
    </button>
  );
});

export interface ThumbGridProps {
  datasetId: string;
  files: readonly DatasetFileEntry[];
  selected: string | undefined;
  onSelect: (path: string) => void;
  label: string;
}

export function ThumbGrid({ datasetId, files, selected, onSelect, label }: ThumbGridProps): ReactNode {
  const scroller = useRef<HTMLDivElement | null>(null);
  // The content box: the tiles fill the width inside the padding and the scrollbar.
  const { ref: sizeRef, width } = useElementSize({ box: 'content-box' });
  const ref = useMergedRef(scroller, sizeRef);
  const layout = gridLayout(width, files.length, minTileRem * rootFontPx());
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are read each render, never memoised
  const virtualizer = useVirtualizer({
    count: width > 0 ? layout.rows : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => layout.rowHeight,
    overscan: 2,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, layout.rowHeight]);

  // The selected image in view (keyboard next/previous), without moving the grid when it already is.
  const selectedIndex = selected === undefined ? -1 : files.findIndex((f) => f.path === selected);
  const selectedRow = selectedIndex < 0 ? -1 : Math.floor(selectedIndex / layout.columns);
  useEffect(() => {
    if (selectedRow >= 0 && width > 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [virtualizer, selectedRow, width]);

  return (
    <div
      ref={ref}
      className={classes.gridScroller}
      role="region"
      aria-label={label}
      // Focusable, so the keyboard can scroll it.
      tabIndex={0}
      data-testid="thumb-grid"
      data-count={files.length}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const first = row.index * layout.columns;
          return (
            <div
              key={row.key}
              className={classes.gridRow}
              style={{
                transform: `translateY(${row.start}px)`,
                gridTemplateColumns: `repeat(${layout.columns}, ${layout.tile}px)`,
                height: layout.tile,
                gap: gapPx,
              }}
            >
              {files.slice(first, first + layout.columns).map((file) => (
                <Thumb
                  key={file.path}
                  datasetId={datasetId}
                  file={file}
                  selected={file.path === selected}
                  onSelect={onSelect}
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
