/**
 * A job's Checkpoints tab: its saved weights and states, newest first, with step or epoch, time and
 * size; "Show in folder" where the host has a desktop (app.info's capabilities), else the path to copy;
 * "Continue from here…" on each. A sample's link lands here with its checkpoint highlighted
 * (`?tab=checkpoints&checkpoint=<path>`).
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  CopyButton,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconFolderOpen } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Artifact, Job } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { useJobArtifacts } from '../../../api/live-state';
import { useHostCapabilities } from '../../../shell/app-info-context';
import type { JobSearch } from '../job-tabs';
import { checkpointRows } from './checkpoint-model';
import { ContinueModal } from './ContinueModal';

const jobRoute = getRouteApi('/jobs/$jobId');

function PathAction({ path }: { path: string }): ReactNode {
  const client = useClient();
  const capabilities = useHostCapabilities();
  if (capabilities?.openFolder)
    return (
      <Tooltip label="Show in the file manager">
        <ActionIcon
          variant="subtle"
          aria-label={`Show ${path} in the file manager`}
          onClick={() =>
            void client.request('host.showInFolder', { path }).catch((error: unknown) =>
              notifications.show({
                color: 'red',
                title: 'Could not open the folder',
                message: error instanceof Error ? error.message : String(error),
              }),
            )
          }
        >
          <IconFolderOpen size="1.1rem" stroke={1.7} aria-hidden />
        </ActionIcon>
      </Tooltip>
    );
  return (
    <CopyButton value={path}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy the path'}>
          <ActionIcon
            variant="subtle"
            onClick={copy}
            aria-label={`Copy the path ${path}`}
            data-testid="checkpoint-copy"
          >
            {copied ? (
              <IconCheck size="1.1rem" aria-hidden />
            ) : (
              <IconCopy size="1.1rem" stroke={1.7} aria-hidden />
            )}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

const fileName = (path: string): string =>
  path
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() ?? path;

export function CheckpointsPanel({ job }: { job: Job }): ReactNode {
  const artifacts = useJobArtifacts(job.id);
  const highlighted = jobRoute.useSearch({ select: (s: JobSearch): string | null => s.checkpoint ?? null });
  const [continuing, setContinuing] = useState<Artifact | null>(null);
  const rows = useMemo(
    () => (artifacts.data ? checkpointRows(artifacts.data.items) : null),
    [artifacts.data],
  );
  const highlightedRow = useRef<HTMLTableRowElement | null>(null);
  const found = rows?.some((row) => row.artifact.path === highlighted) ?? false;
  useEffect(() => {
    if (found) highlightedRow.current?.scrollIntoView({ block: 'center' });
  }, [found]);

  if (artifacts.data === undefined && artifacts.error !== null)
    return (
      <Alert color="red" title="The checkpoints could not be read" data-testid="checkpoints-error">
        {artifacts.error} They are read again when the connection to the host comes back.
      </Alert>
    );
  if (!rows)
    return (
      <Center p="xl">
        <Loader size="sm" aria-label="Loading the checkpoints" />
      </Center>
    );
  if (rows.length === 0)
    return (
      <Stack gap="xs" data-testid="checkpoints-empty">
        <Text fw={600}>No checkpoints yet</Text>
        <Text size="sm" c="dimmed" maw="48rem">
          Checkpoints appear here when the trainer saves them: on its schedule (sd-scripts&apos;
          save_every_n_steps or save_every_n_epochs; turn on save_state to be able to resume from them), at
          the end of the training, or when you ask with &quot;Save now&quot; where the trainer supports it.
        </Text>
      </Stack>
    );

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth="48rem">
        <Table highlightOnHover verticalSpacing="xs" data-testid="checkpoints-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Saved</Table.Th>
              <Table.Th>At</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const isHighlighted = row.artifact.path === highlighted;
              return (
                <Table.Tr
                  key={row.artifact.path}
                  ref={isHighlighted ? highlightedRow : undefined}
                  data-testid="checkpoint-row"
                  data-step={row.artifact.step ?? ''}
                  data-epoch={row.artifact.epoch ?? ''}
                  data-kind={row.artifact.kind}
                  data-highlighted={isHighlighted || undefined}
                  aria-current={isHighlighted ? 'true' : undefined}
                  bg={isHighlighted ? 'var(--mantine-primary-color-light)' : undefined}
                >
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {new Date(row.artifact.savedAt).toLocaleString()}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.point}</Table.Td>
                  <Table.Td maw="28rem">
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" truncate="end" title={row.artifact.path}>
                        {fileName(row.artifact.path)}
                      </Text>
                      <PathAction path={row.artifact.path} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant={row.artifact.kind === 'state' ? 'filled' : 'light'}
                      color={row.artifact.kind === 'state' ? 'teal.9' : 'gray'}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {row.kindLabel}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {row.size}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setContinuing(row.artifact)}
                      data-testid="checkpoint-continue"
                    >
                      Continue from here…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ContinueModal job={job} artifact={continuing} onClose={() => setContinuing(null)} />
    </Stack>
  );
}
