/**
 * Every registered dataset: its image count, captions, problems and scan state, with Open, Rescan and
 * Remove (forget: the files are never touched; confirmed first), and "Add a folder" above.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconRefresh, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Dataset } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { AddFolder } from './AddFolder';
import { plural, problemCount } from './dataset-stats';
import { useDatasetList, useRefreshDatasets, useScanProgress, type ScanProgress } from './use-datasets';

export function ScanState({ dataset, progress }: { dataset: Dataset; progress: ScanProgress | undefined }) {
  if (progress) {
    const share = progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
    return (
      <Stack gap={2} data-testid="scan-progress">
        <Text size="xs">
          {progress.phase === 'listing'
            ? `Listing files… ${progress.done.toLocaleString('en')} found`
            : `Reading ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`}
        </Text>
        <Progress
          value={share}
          size="sm"
          animated={progress.phase === 'listing'}
          aria-label="Scan progress"
        />
      </Stack>
    );
  }
  if (!dataset.scan)
    return (
      <Group gap={6}>
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Not scanned yet
        </Text>
      </Group>
    );
  return (
    <Text size="xs" c="dimmed">
      Scanned {new Date(dataset.scan.scannedAt).toLocaleString()}
    </Text>
  );
}

export function confirmRemove(dataset: Dataset, remove: () => Promise<void>): void {
  modals.openConfirmModal({
    title: `Forget the dataset “${dataset.name}”?`,
    children: (
      <Text size="sm">
        DPGui forgets the folder and its cached scan. The folder {dataset.path} and its images and captions
        stay exactly as they are; add it again any time.
      </Text>
    ),
    labels: { confirm: 'Forget it', cancel: 'Keep it' },
    confirmProps: { color: 'red', 'data-testid': 'confirm-remove' } as Record<string, string>,
    onConfirm: () => void remove(),
  });
}

function DatasetRow({
  dataset,
  progress,
  onOpen,
}: {
  dataset: Dataset;
  progress: ScanProgress | undefined;
  onOpen: () => void;
}) {
  const client = useClient();
  const refresh = useRefreshDatasets();
  const scan = dataset.scan;
  const problems = scan ? problemCount(scan) : 0;
  const act = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: `Could not ${what} “${dataset.name}”`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  return (
    <Table.Tr data-testid="dataset-row" data-dataset-id={dataset.id}>
      <Table.Td>
        <Anchor
          component="button"
          fw={600}
          onClick={onOpen}
          data-testid="dataset-open"
          style={{ textAlign: 'left' }}
        >
          {dataset.name}
        </Anchor>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {dataset.path}
        </Text>
      </Table.Td>
      <Table.Td data-testid="dataset-images">
        {scan ? plural(scan.counts.images, 'image') : '—'}
        {scan && scan.counts.videos > 0 && <Text size="xs">{plural(scan.counts.videos, 'video')}</Text>}
      </Table.Td>
      <Table.Td>
        {scan ? (
          <Text size="sm">
            {scan.counts.captioned.toLocaleString('en')} captioned
            {scan.counts.missingCaptions > 0 && (
              <Text span size="sm" fw={700}>
                , {scan.counts.missingCaptions.toLocaleString('en')} missing
              </Text>
            )}
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td data-testid="dataset-problems">
        {scan &&
          (problems > 0 ? (
            <Badge color="yellow" variant="filled" autoContrast>
              {plural(problems, 'problem')}
            </Badge>
          ) : (
            <Badge color="green" variant="light">
              No problems
            </Badge>
          ))}
      </Table.Td>
      <Table.Td>
        <ScanState dataset={dataset} progress={progress} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Tooltip label="Scan again">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Scan ${dataset.name} again`}
              onClick={() => void act('scan', () => client.request('datasets.scan', { id: dataset.id }))}
            >
              <IconRefresh size="1.1rem" stroke={1.6} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Forget (files stay)">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Forget ${dataset.name}`}
              data-testid="dataset-remove"
              onClick={() =>
                confirmRemove(dataset, () =>
                  act('forget', async () => {
                    await client.request('datasets.remove', { id: dataset.id });
                    await refresh('list');
                  }),
                )
              }
            >
              <IconTrash size="1.1rem" stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function DatasetList({ onOpen }: { onOpen: (id: string) => void }): ReactNode {
  const list = useDatasetList();
  const progress = useScanProgress();
  const datasets = list.data?.datasets ?? [];
  return (
    <Stack gap="md">
      <Title order={2}>Datasets</Title>
      <Card withBorder padding="md">
        <AddFolder onAdded={(dataset) => onOpen(dataset.id)} />
      </Card>
      {list.error && (
        <Alert color="red" title="The datasets could not be read">
          {list.error}
        </Alert>
      )}
      {list.data && datasets.length === 0 && (
        <Text c="dimmed" data-testid="datasets-empty">
          No datasets yet. Add a folder of images (with their .txt captions beside them) above; DPGui reads it
          where it is and never copies or moves it.
        </Text>
      )}
      {datasets.length > 0 && (
        <Table.ScrollContainer minWidth="48rem">
          <Table verticalSpacing="sm" aria-label="Registered datasets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Dataset</Table.Th>
                <Table.Th>Images</Table.Th>
                <Table.Th>Captions</Table.Th>
                <Table.Th>Problems</Table.Th>
                <Table.Th>Scan</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {datasets.map((dataset) => (
                <DatasetRow
                  key={dataset.id}
                  dataset={dataset}
                  progress={progress[dataset.id]}
                  onOpen={() => onOpen(dataset.id)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
