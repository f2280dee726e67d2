/**
 * A job's own page (`#/jobs/<id>?tab=…`): a link back to the queue, the header (state, progress,
 * actions, a failure's reason first), then the tabs Log | Loss | Samples | Checkpoints | Config, the
 * tab in the address (back/forward move between tabs), each tab's panel loaded when first shown.
 */
import { Anchor, Center, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, type ReactNode } from 'react';
import { activeJobStatuses, type Job } from '../../../../shared/contract';
import { useJob } from '../../api/live-state';
import { JobHeader } from './header/JobHeader';
import { jobTabLabels, jobTabs, type JobSearch, type JobTab } from './job-tabs';
import { jobTabKeys, useJobTabShortcuts } from './use-job-tab-shortcuts';

const JobLogPanel = lazy(() => import('./log/JobLogPanel').then((m) => ({ default: m.JobLogPanel })));
const LossChartPanel = lazy(() =>
  import('./chart/LossChartPanel').then((m) => ({ default: m.LossChartPanel })),
);
const SamplesPanel = lazy(() => import('./samples/SamplesPanel').then((m) => ({ default: m.SamplesPanel })));
const CheckpointsPanel = lazy(() =>
  import('./checkpoints/CheckpointsPanel').then((m) => ({ default: m.CheckpointsPanel })),
);
const JobConfigPanel = lazy(() =>
  import('./config/JobConfigPanel').then((m) => ({ default: m.JobConfigPanel })),
);

const jobRoute = getRouteApi('/jobs/$jobId');

const live: readonly Job['status'][] = activeJobStatuses;

function Panel({ tab, job }: { tab: JobTab; job: Job }): ReactNode {
  switch (tab) {
    case 'log':
      return <JobLogPanel jobId={job.id} running={live.includes(job.status)} />;
    case 'loss':
      return <LossChartPanel job={job} />;
    case 'samples':
      return <SamplesPanel job={job} />;
    case 'checkpoints':
      return <CheckpointsPanel job={job} />;
    case 'config':
      return <JobConfigPanel job={job} />;
  }
}

function Missing({ jobId, message }: { jobId: string; message: string }): ReactNode {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="job-missing">
      <Stack gap="xs">
        <Title order={2}>Job {jobId} was not found</Title>
        <Text>{message}</Text>
        <Text size="sm" c="dimmed">
          It may have been deleted. Its link is kept in this address; open the{' '}
          <Anchor component={Link} to="/queue" underline="always">
            Queue
          </Anchor>{' '}
          to find the jobs there are.
        </Text>
      </Stack>
    </Paper>
  );
}

export function JobView({ jobId }: { jobId: string }): ReactNode {
  const { job, stalled, error } = useJob(jobId);
  const search = jobRoute.useSearch({ select: (s: JobSearch): JobSearch => s });
  const tab: JobTab = search.tab ?? 'log';
  const navigate = useNavigate();
  const show = useCallback(
    (next: JobTab) =>
      void navigate({
        to: '/jobs/$jobId',
        params: { jobId },
        search: next === 'log' ? {} : { tab: next },
      }),
    [navigate, jobId],
  );
  useJobTabShortcuts(tab, show);

  return (
    <Stack gap="md" data-testid="job-page" data-job-id={jobId} data-tab={tab}>
      <Anchor component={Link} to="/queue" size="sm" w="fit-content">
        ← All jobs in the queue
      </Anchor>
      {job === undefined && error !== null && <Missing jobId={jobId} message={error} />}
      {job === undefined && error === null && (
        <Title order={2} data-testid="job-loading">
          Job {jobId}
        </Title>
      )}
      {job !== undefined && (
        <>
          <JobHeader job={job} stalled={stalled} />
          <Tabs
            value={tab}
            onChange={(value) => {
              if (value && value !== tab) show(value as JobTab);
            }}
            keepMounted={false}
          >
            <Tabs.List aria-label="Parts of the job">
              {jobTabs.map((name) => (
                <Tabs.Tab
                  key={name}
                  value={name}
                  data-testid={`job-tab-${name}`}
                  aria-keyshortcuts={jobTabKeys[name].toUpperCase()}
                >
                  {jobTabLabels[name]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {jobTabs.map((name) => (
              <Tabs.Panel key={name} value={name} pt="md" data-testid={`job-panel-${name}`}>
                <Suspense
                  fallback={
                    <Center p="xl">
                      <Loader size="sm" role="status" aria-label={`Loading the ${jobTabLabels[name]} tab`} />
                    </Center>
                  }
                >
                  <Panel tab={name} job={job} />
                </Suspense>
              </Tabs.Panel>
            ))}
          </Tabs>
        </>
      )}
    </Stack>
  );
}
