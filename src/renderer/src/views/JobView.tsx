import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useRequest } from '../api/use-request';

/** A job's own page (`#/jobs/<id>`). The live view (log, progress, chart, samples) fills it next. */
export function JobView({ jobId }: { jobId: string }) {
  const job = useRequest('jobs.get', { id: jobId });
  return (
    <Stack gap="md" data-testid="job-page" data-job-id={jobId}>
      <Anchor component={Link} to="/queue" size="sm">
        ← All jobs in the queue
      </Anchor>
      {job.status === 'loading' && <Title order={2}>Job {jobId}</Title>}
      {job.status === 'error' && (
        <Paper withBorder p="xl" radius="md" data-testid="job-missing">
          <Stack gap="xs">
            <Title order={2}>Job {jobId} was not found</Title>
            <Text>{job.message}</Text>
            <Text size="sm" c="dimmed">
              It may have been deleted. Its link is kept in this address; open the{' '}
              <Anchor component={Link} to="/queue" underline="always">
                Queue
              </Anchor>{' '}
              to find the jobs there are.
            </Text>
          </Stack>
        </Paper>
      )}
      {job.status === 'ready' && (
        <>
          <Title order={2} data-testid="job-name">
            {job.value.name}
          </Title>
          <Text c="dimmed" data-testid="job-status">
            {job.value.status}
          </Text>
        </>
      )}
    </Stack>
  );
}
