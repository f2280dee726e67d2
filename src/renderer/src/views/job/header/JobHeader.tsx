/**
 * The top of a job's page: for a failed or interrupted job its reason first; then its name, state,
 * phase, step / total with a bar, epoch, speed, time left, when the next checkpoint and sample come,
 * its GPUs and attempt, a stalled warning, and its actions.
 */
import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconHourglassHigh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Job, JobStalledEvent } from '../../../../../shared/contract';
import { FailureBanner } from './FailureBanner';
import { HeaderActions } from './HeaderActions';
import { headerFacts } from './header-model';

function Fact(props: { label: string; value: string | null; testId?: string }): ReactNode {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" fw={500} data-testid={props.testId}>
        {props.value ?? '—'}
      </Text>
    </div>
  );
}

export function JobHeader({ job, stalled }: { job: Job; stalled: JobStalledEvent | null }): ReactNode {
  const facts = headerFacts(job);
  return (
    <Stack gap="sm" data-testid="job-header">
      {facts.failure && (
        <FailureBanner jobId={job.id} reason={facts.failure.reason} hint={facts.failure.hint} />
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        {/* Name, state and phase on one line: the log below gets the height a second line would take. */}
        <Group gap="sm" wrap="nowrap" miw={0} align="baseline">
          <Title order={2} data-testid="job-name" lineClamp={1} title={job.name}>
            {job.name}
          </Title>
          <Badge color={facts.badge.color} variant="dot" data-testid="job-status" style={{ flex: 'none' }}>
            {facts.badge.label}
          </Badge>
          <Text size="sm" c="dimmed" data-testid="job-phase" lineClamp={1}>
            {facts.phase ?? (job.status === 'queued' || job.status === 'held' ? 'Waiting to start' : ' ')}
          </Text>
        </Group>
        <HeaderActions job={job} />
      </Group>
      {stalled && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconHourglassHigh size="1.2rem" aria-hidden />}
          title="It has printed nothing for a while"
          data-testid="job-stalled"
        >
          {stalled.message}
        </Alert>
      )}
      <Paper withBorder radius="md" p="sm">
        <Stack gap="xs">
          <Group gap="sm" wrap="nowrap">
            <Progress
              flex={1}
              value={facts.percent ?? 0}
              size="md"
              color={facts.badge.color}
              animated={job.status === 'running'}
              aria-label={`Progress of ${job.name}`}
            />
            <Text size="sm" fw={500} data-testid="job-step" miw="7rem" ta="right">
              {facts.step ?? '—'}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 4, lg: 8 }} spacing="sm" verticalSpacing="xs">
            <Fact label="Epoch" value={facts.epoch} testId="job-epoch" />
            <Fact label="Speed" value={facts.speed} testId="job-speed" />
            <Fact label="Time left" value={facts.eta} testId="job-eta" />
            <Fact label="Next checkpoint" value={facts.nextCheckpoint} testId="job-next-checkpoint" />
            <Fact label="Next sample" value={facts.nextSample} testId="job-next-sample" />
            <Fact label="GPUs" value={facts.gpus} />
            <Fact label="Trainer" value={job.trainer} />
            <Fact label="Attempt" value={facts.attempt ?? 'First'} />
          </SimpleGrid>
        </Stack>
      </Paper>
    </Stack>
  );
}
