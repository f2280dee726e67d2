/**
 * Choosing the jobs to compare samples with: a searchable list of the jobs that have started (newest
 * first, jobs.list), and for those chosen, whether they made samples (jobs.artifacts) — a job without
 * any cannot be compared and says so.
 */
import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type ReactNode } from 'react';
import type { JobStatus } from '../../../../shared/contract';
import { useJobs, useJobsArtifacts } from '../../api/live-state';
import { maxComparedJobs } from './compare-search';

/** A job that never started has no samples. */
const startedStatuses: JobStatus[] = [
  'starting',
  'running',
  'stopping',
  'succeeded',
  'failed',
  'canceled',
  'interrupted',
];

export interface CompareJobsPickerProps {
  opened: boolean;
  onClose: () => void;
  /** Jobs already compared (not offered again). */
  fixed: readonly string[];
  onPick: (ids: string[]) => void;
}

function Picker({ fixed, onPick, onClose }: Omit<CompareJobsPickerProps, 'opened'>): ReactNode {
  const [chosen, setChosen] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const jobs = useJobs({ sort: 'newest', statuses: startedStatuses, ...(query ? { search: query } : {}) });
  // The names of the chosen jobs, kept while a search hides them from the list.
  const [labels, setLabels] = useState<Readonly<Record<string, string>>>({});
  const options = useMemo(() => {
    const list = (jobs.data?.items ?? []).filter((job) => !fixed.includes(job.id));
    const shown = new Set(list.map((job) => job.id));
    return [
      ...chosen.filter((id) => !shown.has(id)).map((id) => ({ value: id, label: labels[id] ?? id })),
      ...list.map((job) => ({ value: job.id, label: `${job.name} (${job.status})` })),
    ];
  }, [jobs.data, fixed, chosen, labels]);
  const choose = (ids: string[]): void => {
    setChosen(ids);
    setLabels((held) => {
      const next = { ...held };
      for (const option of options) if (ids.includes(option.value)) next[option.value] = option.label;
      return next;
    });
  };
  const artifacts = useJobsArtifacts(chosen);
  const withoutSamples = chosen.filter(
    (id) =>
      artifacts.data &&
      !artifacts.data.find((list) => list.jobId === id)?.items.some((i) => i.kind === 'sample'),
  );
  const room = maxComparedJobs - fixed.length;
  const checking = chosen.length > 0 && artifacts.data === undefined;
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Jobs to compare with"
        description={`Jobs that have started, newest first; up to ${room} more.`}
        placeholder={chosen.length === 0 ? 'Type a name to search' : undefined}
        data={options}
        value={chosen}
        onChange={choose}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        maxValues={room}
        nothingFoundMessage={jobs.data ? 'No started job has that name.' : 'Loading the jobs…'}
        data-autofocus
        data-testid="compare-picker"
        comboboxProps={{ withinPortal: true }}
      />
      {withoutSamples.length > 0 && (
        <Text size="sm" c="red" data-testid="compare-picker-no-samples">
          No samples yet in {withoutSamples.map((id) => `"${labels[id] ?? id}"`).join(', ')}: remove{' '}
          {withoutSamples.length === 1 ? 'it' : 'them'} to compare, or wait until the trainer makes some.
        </Text>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={() => onPick(chosen)}
          disabled={chosen.length === 0 || withoutSamples.length > 0 || checking}
          loading={checking}
          data-testid="compare-picker-go"
        >
          Compare
        </Button>
      </Group>
    </Stack>
  );
}

export function CompareJobsPicker({ opened, ...props }: CompareJobsPickerProps): ReactNode {
  return (
    <Modal opened={opened} onClose={props.onClose} title="Compare samples with other jobs" size="lg">
      {opened && <Picker {...props} />}
    </Modal>
  );
}
