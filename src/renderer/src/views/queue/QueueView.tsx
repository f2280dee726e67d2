/**
 * The queue: every job in queue order with its state, progress and why it waits; filter and search in
 * the address; drag, keyboard and menu moves; each action enabled or greyed by the job's abilities.
 */
import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { JobSummary, QueueState } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { useConnection, useJobs, useQueueState, useWaitReasons } from '../../api/live-state';
import { holdOrRelease } from './job-actions';
import { jobsFilterOf, type QueueSearch, type StateGroup } from './queue-search';
import classes from './queue.module.css';
import { QueueList } from './QueueList';
import { QueueToolbar } from './QueueToolbar';
import { reorderTarget } from './reorder-target';
import { showActionError, useJobActions } from './use-job-actions';
import { useQueueShortcuts } from './use-queue-shortcuts';

const queueRoute = getRouteApi('/queue');

function summary(queue: QueueState | undefined): string {
  if (!queue) return ' ';
  const c = queue.counts;
  const running = c.starting + c.running + c.stopping;
  // Counted as the status bar counts them: held jobs apart from the ones waiting to start.
  const waiting = c.queued;
  const parts = [`${running} running`, `${waiting} waiting`];
  if (c.held > 0) parts.push(`${c.held} held`);
  if (queue.paused) parts.push('queue paused');
  return parts.join(' · ');
}

function EmptyQueue({ filtered, onClear }: { filtered: boolean; onClear: () => void }): ReactNode {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="queue-empty">
      <Stack align="center" gap="xs">
        <IconListDetails size="2rem" stroke={1.5} aria-hidden />
        {filtered ? (
          <>
            <Text fw={600}>No job matches this filter</Text>
            <Text c="dimmed" ta="center" maw="32rem">
              Try another state or a shorter name, or show every job.
            </Text>
            <Button variant="default" onClick={onClear} data-testid="queue-clear-filter">
              Show all jobs
            </Button>
          </>
        ) : (
          <>
            <Text fw={600}>No trainings queued yet</Text>
            <Text c="dimmed" ta="center" maw="34rem">
              Queue a training from the Editor once it arrives, or through the API today (POST
              /api/jobs.enqueue, described in /api/openapi.json). Queued jobs appear here in the order they
              run.
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function QueueView(): ReactNode {
  const search = queueRoute.useSearch({ select: (s: QueueSearch): QueueSearch => s });
  const navigate = useNavigate();
  const filter = useMemo(() => jobsFilterOf(search), [search]);
  const jobs = useJobs(filter);
  const queue = useQueueState();
  const waitReasons = useWaitReasons();
  const run = useJobActions();
  const client = useClient();
  const connection = useConnection();
  const searchRef = useRef<HTMLInputElement>(null);
  const [pausing, setPausing] = useState(false);

  const items = useMemo((): readonly JobSummary[] => jobs.data?.items ?? [], [jobs.data]);
  const allLoaded = jobs.data ? jobs.data.nextCursor === null : false;
  const selectedId =
    search.job !== undefined && items.some((job) => job.id === search.job) ? search.job : null;

  const setSearch = useCallback(
    (change: Partial<QueueSearch>, replace = false) =>
      void navigate({ to: '/queue', search: (prev: QueueSearch) => ({ ...prev, ...change }), replace }),
    [navigate],
  );
  const open = useCallback(
    (id: string) => void navigate({ to: '/jobs/$jobId', params: { jobId: id } }),
    [navigate],
  );

  const select = useCallback(
    (step: 1 | -1) => {
      if (items.length === 0) return;
      const at = selectedId === null ? -1 : items.findIndex((job) => job.id === selectedId);
      const next =
        at < 0 ? (step === 1 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
      const job = items[next];
      if (job) setSearch({ job: job.id }, true);
    },
    [items, selectedId, setSearch],
  );

  const selectedJob = items.find((job) => job.id === selectedId);
  const togglePause = useCallback(() => {
    if (!queue.data || pausing) return;
    const paused = queue.data.paused;
    setPausing(true);
    client
      .request(paused ? 'queue.resume' : 'queue.pause', {})
      .then((state) => queue.set(state))
      .catch((error: unknown) => showActionError(paused ? 'Resume' : 'Pause', 'the queue', error))
      .finally(() => setPausing(false));
  }, [client, queue, pausing]);

  useQueueShortcuts({
    select,
    open: () => selectedJob && open(selectedJob.id),
    act: (action) =>
      selectedJob && run(selectedJob, action === 'holdOrRelease' ? holdOrRelease(selectedJob) : action),
    togglePause,
    focusSearch: () => searchRef.current?.focus(),
  });

  const reorder = useCallback(
    (activeId: string, overId: string) => {
      const to = reorderTarget(
        items.map((job) => job.id),
        activeId,
        overId,
        allLoaded,
      );
      const job = items.find((j) => j.id === activeId);
      if (to === null || !job) return;
      client
        .request('jobs.reorder', { id: activeId, to })
        .catch((error: unknown) => showActionError('Move', job.name, error));
    },
    [items, allLoaded, client],
  );

  const { loadMore } = jobs;
  const more = useCallback(() => void loadMore(), [loadMore]);
  const filtered = search.state !== undefined || search.q !== undefined;
  const group: StateGroup = search.state ?? 'all';

  return (
    <Stack gap="md" data-testid="queue-view">
      <Group justify="space-between" align="baseline">
        <Title order={2}>Queue</Title>
        <Text size="sm" c="dimmed" data-testid="queue-summary">
          {summary(queue.data)}
        </Text>
      </Group>
      <QueueToolbar
        group={group}
        search={search.q ?? ''}
        queue={queue.data}
        searchRef={searchRef}
        onGroup={(next) => setSearch({ state: next === 'all' ? undefined : next, job: undefined })}
        onSearch={(text) => setSearch({ q: text.trim() === '' ? undefined : text, job: undefined }, true)}
        onTogglePause={togglePause}
        pausing={pausing}
      />
      {/* While the connection is down or its key refused, the frame says so; one message is enough. */}
      {jobs.error !== null && connection.state === 'open' && (
        <Alert color="red" title="The job list could not be read" data-testid="queue-error">
          {jobs.error} It is read again as soon as the host answers; check that DPGui is still running.
        </Alert>
      )}
      {jobs.data === undefined ? (
        jobs.error === null && (
          <Center p="xl">
            <Loader size="sm" aria-label="Loading the queue" />
          </Center>
        )
      ) : items.length === 0 ? (
        <EmptyQueue filtered={filtered} onClear={() => setSearch({ state: undefined, q: undefined })} />
      ) : (
        <Stack gap={0}>
          <div className={classes.columns} aria-hidden>
            <span />
            <span>State</span>
            <span>Name</span>
            <span>Progress</span>
            <span>Epoch</span>
            <span>Time left</span>
            <span>GPUs</span>
            <span>Actions</span>
          </div>
          <QueueList
            jobs={items}
            waitReasons={waitReasons}
            selectedId={selectedId}
            hasMore={!allLoaded}
            loadMore={more}
            onOpen={open}
            onReorder={reorder}
            run={run}
          />
          <Text size="xs" c="dimmed" mt={4} data-testid="queue-count">
            {jobs.data.total === items.length
              ? `${jobs.data.total} ${jobs.data.total === 1 ? 'job' : 'jobs'}`
              : `${items.length} of ${jobs.data.total} jobs loaded`}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
