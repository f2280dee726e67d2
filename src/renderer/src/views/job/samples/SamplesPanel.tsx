/**
 * A job's Samples tab: its sample images as a grid of steps (rows, newest first unless the user turns
 * it) × prompts (columns), filled as job.artifact events bring them. Each row links to the checkpoint
 * saved at its step (the Checkpoints tab, that row highlighted); a click enlarges; "Compare with other
 * jobs…" opens the compare view for one prompt.
 */
import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Job } from '../../../../../shared/contract';
import { useJobArtifacts } from '../../../api/live-state';
import { CompareJobsPicker } from '../../compare/CompareJobsPicker';
import { buildSampleGrid, checkpointsByPoint, type RowOrder } from './sample-grid';
import { promptHeading, samplePrompts } from './sample-prompts';
import { SampleViewer, type ViewerAt } from './SampleViewer';
import { TileGrid, type TileRow } from './TileGrid';

export function CheckpointLink({ jobId, path }: { jobId: string; path: string }): ReactNode {
  return (
    <Anchor
      renderRoot={(props) => (
        <Link
          to="/jobs/$jobId"
          params={{ jobId }}
          search={{ tab: 'checkpoints', checkpoint: path }}
          {...props}
        />
      )}
      size="xs"
      title={path}
      data-testid="sample-checkpoint-link"
    >
      Its checkpoint
    </Anchor>
  );
}

function PromptHeading({ index, text }: { index: number; text: string | undefined }): ReactNode {
  if (!text) return promptHeading(index);
  return (
    <Tooltip label={text} multiline maw="30rem" openDelay={300}>
      <Stack gap={0} tabIndex={0} style={{ cursor: 'help' }}>
        <span>{promptHeading(index)}</span>
        <Text size="xs" c="dimmed" truncate="end" fw={400}>
          {text}
        </Text>
      </Stack>
    </Tooltip>
  );
}

/** Focus the tile the enlarged view ended on, once it closed (if that row is on screen). */
function focusTile(container: HTMLElement | null, at: ViewerAt): void {
  requestAnimationFrame(() => {
    const tile = container?.querySelector<HTMLElement>(
      `[data-testid="sample-tile"][data-point="${CSS.escape(at.rowKey)}"][data-column="${at.column}"]`,
    );
    tile?.focus();
  });
}

export function SamplesPanel({ job }: { job: Job }): ReactNode {
  const artifacts = useJobArtifacts(job.id);
  const [order, setOrder] = useState<RowOrder>('newest');
  const [viewing, setViewing] = useState<ViewerAt | null>(null);
  const [picking, setPicking] = useState(false);
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement | null>(null);
  const prompts = useMemo(() => samplePrompts(job.config), [job.config]);
  const items = artifacts.data?.items;
  const grid = useMemo(
    () => (items ? buildSampleGrid(items, order, prompts.length) : null),
    [items, order, prompts.length],
  );
  const rows: TileRow[] = useMemo(() => {
    if (!grid || !items) return [];
    const saved = checkpointsByPoint(items);
    return grid.rows.map((row) => {
      const checkpoint = row.checkpoint ?? saved.get(row.key) ?? null;
      return {
        key: row.key,
        label: row.label,
        cells: row.cells,
        extra: checkpoint ? <CheckpointLink jobId={job.id} path={checkpoint} /> : undefined,
      };
    });
  }, [grid, items, job.id]);
  const columns = useMemo(
    () =>
      Array.from({ length: grid?.promptCount ?? 0 }, (_, i) => ({
        name: promptHeading(i),
        heading: <PromptHeading index={i} text={prompts[i]} />,
      })),
    [grid?.promptCount, prompts],
  );
  const close = useCallback(() => {
    if (viewing) focusTile(container.current, viewing);
    setViewing(null);
  }, [viewing]);

  if (artifacts.data === undefined && artifacts.error !== null)
    return (
      <Alert color="red" title="The samples could not be read" data-testid="samples-error">
        {artifacts.error} They are read again when the connection to the host comes back.
      </Alert>
    );
  if (!grid)
    return (
      <Center p="xl">
        <Loader size="sm" aria-label="Loading the samples" />
      </Center>
    );
  if (grid.rows.length === 0)
    return (
      <Stack gap="xs" data-testid="samples-empty">
        <Text fw={600}>No samples yet</Text>
        <Text size="sm" c="dimmed" maw="48rem">
          Samples appear here when the trainer makes them. For sd-scripts, give the config sample prompts and
          a schedule (sample_every_n_steps or sample_every_n_epochs); each image shows up as soon as it is
          written.
        </Text>
      </Stack>
    );

  return (
    <Stack gap="sm" ref={container}>
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {grid.rows.length.toLocaleString('en-US')} {grid.rows.length === 1 ? 'step' : 'steps'} ×{' '}
          {grid.promptCount} {grid.promptCount === 1 ? 'prompt' : 'prompts'}
        </Text>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            value={order}
            onChange={(value) => setOrder(value)}
            data={[
              { value: 'newest', label: 'Newest first' },
              { value: 'oldest', label: 'Oldest first' },
            ]}
            aria-label="Order of the steps"
          />
          <Button size="xs" variant="default" onClick={() => setPicking(true)} data-testid="samples-compare">
            Compare with other jobs…
          </Button>
        </Group>
      </Group>
      <TileGrid
        rows={rows}
        columns={columns}
        label={`Samples of ${job.name}: steps by prompts`}
        testId="samples-grid"
        onOpen={(rowKey, column) => setViewing({ rowKey, column })}
      />
      <SampleViewer
        rows={rows}
        columnNames={columns.map((column) => column.name)}
        columnWord="prompt"
        order={order}
        at={viewing}
        onMove={setViewing}
        onClose={close}
        details={(row, column) => (
          <Stack gap={4}>
            {prompts[column] && (
              <Text size="sm" maw="60rem" data-testid="sample-viewer-prompt">
                {prompts[column]}
              </Text>
            )}
            {row.extra}
          </Stack>
        )}
      />
      <CompareJobsPicker
        opened={picking}
        onClose={() => setPicking(false)}
        fixed={[job.id]}
        onPick={(others) => {
          setPicking(false);
          void navigate({
            to: '/compare',
            search: { jobs: [job.id, ...others].join(','), prompt: viewing?.column ?? 0 },
          });
        }}
      />
    </Stack>
  );
}
