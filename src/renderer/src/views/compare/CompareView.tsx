/**
 * Samples of one prompt across jobs (`#/compare?jobs=a,b&prompt=0`): the jobs side by side as columns,
 * the steps as rows, each job's images as they come. The prompt and the jobs are in the address, so a
 * link or a reload shows the same; a job can be removed or more added.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Center,
  Select,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import { useJobsArtifacts } from '../../api/live-state';
import type { RowOrder } from '../job/samples/sample-grid';
import { promptHeading, samplePrompts } from '../job/samples/sample-prompts';
import { SampleViewer, type ViewerAt } from '../job/samples/SampleViewer';
import { TileGrid, type TileRow } from '../job/samples/TileGrid';
import { buildCompareRows, promptCountOf } from './compare-layout';
import { jobIdsOf, type CompareSearch } from './compare-search';
import { CompareJobsPicker } from './CompareJobsPicker';
import { useComparedJobs, type ComparedJob } from './use-compare-jobs';

const compareRoute = getRouteApi('/compare');

function JobHeading({ entry, onRemove }: { entry: ComparedJob; onRemove: () => void }): ReactNode {
  return (
    <Group gap={4} wrap="nowrap" justify="space-between">
      <Stack gap={0} miw={0}>
        {entry.job ? (
          <Anchor
            renderRoot={(props) => (
              <Link to="/jobs/$jobId" params={{ jobId: entry.id }} search={{ tab: 'samples' }} {...props} />
            )}
            size="sm"
            fw={600}
            truncate="end"
          >
            {entry.job.name}
          </Anchor>
        ) : (
          <Text size="sm" c="red" truncate="end" title={entry.error}>
            {entry.id}: not found
          </Text>
        )}
        {entry.job && (
          <Badge size="xs" variant="light" w="fit-content">
            {entry.job.status}
          </Badge>
        )}
      </Stack>
      <CloseButton
        size="sm"
        onClick={onRemove}
        aria-label={`Stop comparing ${entry.job?.name ?? entry.id}`}
      />
    </Group>
  );
}

export function CompareView(): ReactNode {
  const search = compareRoute.useSearch({ select: (s: CompareSearch): CompareSearch => s });
  const ids = useMemo(() => jobIdsOf(search.jobs), [search.jobs]);
  const prompt = search.prompt ?? 0;
  const navigate = useNavigate();
  const [order, setOrder] = useState<RowOrder>('newest');
  const [viewing, setViewing] = useState<ViewerAt | null>(null);
  const [picking, setPicking] = useState(false);
  const jobs = useComparedJobs(ids);
  const artifacts = useJobsArtifacts(ids);

  const go = (next: { ids?: string[]; prompt?: number }): void =>
    void navigate({
      to: '/compare',
      search: { jobs: (next.ids ?? ids).join(','), prompt: next.prompt ?? prompt },
    });

  const lists = useMemo(() => artifacts.data ?? [], [artifacts.data]);
  const rows: TileRow[] = useMemo(
    () =>
      buildCompareRows(lists, prompt, order).map((row) => ({
        key: row.key,
        label: row.label,
        cells: row.cells,
      })),
    [lists, prompt, order],
  );
  const entries: ComparedJob[] = jobs.data ?? ids.map((id) => ({ id, job: null, error: 'Loading…' }));
  const prompts = useMemo(() => {
    const first = jobs.data?.find((entry) => entry.job)?.job;
    return first ? samplePrompts(first.config) : [];
  }, [jobs.data]);
  const promptCount = Math.max(promptCountOf(lists), prompts.length, prompt + 1);
  const columns = entries.map((entry) => ({
    name: entry.job?.name ?? entry.id,
    heading: <JobHeading entry={entry} onRemove={() => go({ ids: ids.filter((id) => id !== entry.id) })} />,
  }));

  return (
    <Stack gap="md" data-testid="compare-view">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Compare samples</Title>
        <Group gap="sm" align="flex-end">
          <Select
            label="Prompt"
            size="xs"
            w="24rem"
            data={Array.from({ length: promptCount }, (_, i) => ({
              value: String(i),
              label: prompts[i] ? `${promptHeading(i)}: ${prompts[i]}` : promptHeading(i),
            }))}
            value={String(prompt)}
            onChange={(value) => value !== null && go({ prompt: Number(value) })}
            allowDeselect={false}
            data-testid="compare-prompt"
          />
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
          <Button size="xs" variant="default" onClick={() => setPicking(true)} disabled={ids.length === 0}>
            Add jobs…
          </Button>
        </Group>
      </Group>
      {ids.length === 0 && (
        <Alert title="No jobs to compare" data-testid="compare-empty">
          Open a job's Samples tab and choose "Compare with other jobs…", or add{' '}
          <code>?jobs=&lt;id&gt;,&lt;id&gt;</code> to this address. Find the jobs in the{' '}
          <Anchor component={Link} to="/queue">
            Queue
          </Anchor>
          .
        </Alert>
      )}
      {ids.length > 0 && artifacts.data === undefined && (
        <Center p="xl">
          {artifacts.error ? (
            <Text c="red">{artifacts.error}</Text>
          ) : (
            <Loader size="sm" aria-label="Loading the samples" />
          )}
        </Center>
      )}
      {ids.length > 0 && artifacts.data !== undefined && rows.length === 0 && (
        <Text c="dimmed" data-testid="compare-no-samples">
          None of these jobs has a sample of {promptHeading(prompt).toLowerCase()} yet. Pick another prompt,
          or wait: images appear as the trainers make them.
        </Text>
      )}
      {rows.length > 0 && (
        <TileGrid
          rows={rows}
          columns={columns}
          label={`Samples of ${promptHeading(prompt).toLowerCase()}: steps by job`}
          testId="compare-grid"
          maxHeight="max(18rem, calc(100dvh - 12rem))"
          onOpen={(rowKey, column) => setViewing({ rowKey, column })}
        />
      )}
      <SampleViewer
        rows={rows}
        columnNames={columns.map((column) => column.name)}
        columnWord="job"
        order={order}
        at={viewing}
        onMove={setViewing}
        onClose={() => setViewing(null)}
        details={() =>
          prompts[prompt] ? (
            <Text size="sm" maw="60rem">
              {prompts[prompt]}
            </Text>
          ) : null
        }
      />
      <CompareJobsPicker
        opened={picking}
        onClose={() => setPicking(false)}
        fixed={ids}
        onPick={(more) => {
          setPicking(false);
          go({ ids: [...ids, ...more] });
        }}
      />
    </Stack>
  );
}
