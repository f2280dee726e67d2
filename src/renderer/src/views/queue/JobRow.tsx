/** One job in the queue list: drag handle, state, name and why it waits, progress, epoch, ETA, GPUs, actions. */
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Badge, Box, Group, Progress, Text } from '@mantine/core';
import { IconAlertTriangle, IconGripVertical } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { memo, type MouseEvent, type ReactNode } from 'react';
import type { JobSummary } from '../../../../shared/contract';
import { jobRowModel } from './job-row-model';
import { RowActions } from './RowActions';
import classes from './queue.module.css';
import type { RunJobAction } from './use-job-actions';

export interface JobRowProps {
  job: JobSummary;
  waitReason: string | undefined;
  index: number;
  /** Where the virtual list places it. */
  start: number;
  selected: boolean;
  measure: (element: Element | null) => void;
  onOpen: (id: string) => void;
  run: RunJobAction;
}

// Coloured text on either scheme's background fails contrast; the tone is the icon's, the text stays plain.
const noteColours = { dimmed: 'dimmed', warning: 'dimmed', error: undefined } as const;

export const JobRow = memo(function JobRow(props: JobRowProps): ReactNode {
  const { job, waitReason, index, start, selected, measure, onOpen, run } = props;
  const row = jobRowModel(job, waitReason);
  const canMove = job.abilities.reorder.allowed;
  const sortable = useSortable({ id: job.id, disabled: !canMove });
  const drag = sortable.transform ? ` ${CSS.Translate.toString(sortable.transform)}` : '';
  return (
    <div
      ref={(element) => {
        sortable.setNodeRef(element);
        measure(element);
      }}
      data-index={index}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      data-testid="queue-row"
      data-job-id={job.id}
      data-status={job.status}
      className={classes.row}
      data-selected={selected || undefined}
      data-dragging={sortable.isDragging || undefined}
      style={{ transform: `translateY(${start}px)${drag}`, transition: sortable.transition }}
      onClick={() => onOpen(job.id)}
    >
      <Box
        className={classes.handle}
        data-disabled={canMove ? undefined : true}
        title={canMove ? 'Drag to reorder' : (job.abilities.reorder.reason ?? undefined)}
        data-testid="queue-drag"
        {...sortable.listeners}
        // Mouse and touch only: the keyboard moves jobs with the shortcuts and the row menu.
        tabIndex={-1}
        aria-hidden
        onClick={(event) => event.stopPropagation()}
      >
        <IconGripVertical size="1rem" stroke={1.6} />
      </Box>
      <Badge color={row.badge.color} variant="dot" data-testid="queue-status">
        {row.badge.label}
      </Badge>
      <Box miw={0}>
        <Link
          to="/jobs/$jobId"
          params={{ jobId: job.id }}
          className={classes.name}
          onClick={(event: MouseEvent) => event.stopPropagation()}
          data-testid="queue-name"
        >
          {row.name}
        </Link>
        {row.note !== null && (
          <Group gap={4} wrap="nowrap" align="flex-start">
            {row.noteTone === 'error' && (
              <IconAlertTriangle size="0.85rem" color="var(--mantine-color-red-6)" aria-hidden />
            )}
            <Text
              size="xs"
              miw={0}
              c={noteColours[row.noteTone]}
              // Two lines: a wait reason ("needs 2 GPUs, 1 free: …") is read whole at 1280 px; rows are measured.
              lineClamp={2}
              data-testid="queue-note"
              title={row.note}
            >
              {row.note}
            </Text>
          </Group>
        )}
      </Box>
      <Box>
        {row.progress !== null ? (
          <Progress
            value={row.progress}
            size="sm"
            aria-label={`Progress of ${row.name}`}
            color={row.badge.color}
            animated={job.status === 'running'}
          />
        ) : (
          <Progress value={0} size="sm" aria-label={`Progress of ${row.name}`} />
        )}
        <Text size="xs" c="dimmed" mt={2}>
          {row.stepText ?? (row.progress !== null ? `${Math.round(row.progress)}%` : ' ')}
        </Text>
      </Box>
      <Text size="sm" c={row.epochText ? undefined : 'dimmed'}>
        {row.epochText ?? '—'}
      </Text>
      <Text size="sm" c={row.etaText ? undefined : 'dimmed'}>
        {row.etaText ?? '—'}
      </Text>
      <Text size="sm">{row.gpusText}</Text>
      <RowActions job={job} run={run} />
    </div>
  );
});
