/**
 * The queue's rows, virtualised (TanStack Virtual: only the rows on screen exist, so ten thousand jobs
 * scroll as smoothly as ten) and sortable by dragging (dnd-kit). Scrolling near the end reads the next page.
 */
import {
  closestCenter,
  DndContext,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import { restrictToVerticalAxis } from '@dnd-kit/modifiers';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { JobSummary } from '../../../../shared/contract';
import { JobRow } from './JobRow';
import classes from './queue.module.css';
import type { RunJobAction } from './use-job-actions';

export interface QueueListProps {
  jobs: readonly JobSummary[];
  waitReasons: ReadonlyMap<string, string>;
  selectedId: string | null;
  hasMore: boolean;
  loadMore: () => void;
  onOpen: (id: string) => void;
  onReorder: (activeId: string, overId: string) => void;
  run: RunJobAction;
}

/** Rows before the end of the loaded ones at which the next page is asked for. */
const prefetchRows = 40;

export function QueueList(props: QueueListProps): ReactNode {
  const { jobs, waitReasons, selectedId, hasMore, loadMore, onOpen, onReorder, run } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are read each render, never memoised
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scroller.current,
    // Measured after the first paint (the height follows the zoom); this only guesses the scrollbar.
    estimateSize: () => 60,
    overscan: 8,
    getItemKey: (index) => jobs[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastShown >= jobs.length - prefetchRows) loadMore();
  }, [hasMore, lastShown, jobs.length, loadMore]);

  const selectedIndex = selectedId === null ? -1 : jobs.findIndex((job) => job.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // A small distance first: a click on the handle is not a drag.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const ids = useMemo(() => jobs.map((job) => job.id), [jobs]);
  const dragEnd = (event: DragEndEvent): void => {
    if (event.over && event.active.id !== event.over.id)
      onReorder(String(event.active.id), String(event.over.id));
  };

  return (
    <div ref={scroller} className={classes.scroller} data-testid="queue-scroller">
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[restrictToVerticalAxis]}
        onDragEnd={dragEnd}
        accessibility={{
          screenReaderInstructions: { draggable: 'Drag with the mouse, or use the row menu to move it.' },
        }}
      >
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <div
            role="list"
            aria-label="Jobs in queue order"
            style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}
          >
            {items.map((item) => {
              const job = jobs[item.index];
              if (!job) return null;
              return (
                <JobRow
                  key={job.id}
                  job={job}
                  waitReason={waitReasons.get(job.id)}
                  index={item.index}
                  start={item.start}
                  selected={job.id === selectedId}
                  measure={virtualizer.measureElement}
                  onOpen={onOpen}
                  run={run}
                />
              );
            })}
          </div>
        </SortableContext>
      </DndContext>
    </div>
  );
}
