/**
 * The bucket preview of the config in the editor: the step figures as the trainer prints them, each
 * folder with its images, repeats and problems, and the buckets with a bar each. Pure rendering of
 * datasets.configBuckets' answer (preview-model.ts decides the words).
 */
import { Alert, Group, Loader, Paper, Progress, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { memo, type ReactNode } from 'react';
import type { ConfigBucketFolder, ConfigBucketPreview } from '../../../../../shared/contract';
import type { FolderList } from './folder-list';
import { bucketRows, figuresOf, folderProblems, readableWarnings } from './preview-model';
import type { ConfigBucketsState } from './use-config-buckets';

const leftShown = 3;

const baseName = (path: string): string =>
  path
    .split(/[\\/]/)
    .filter((part) => part !== '')
    .at(-1) ?? path;

function Figures({ preview }: { preview: ConfigBucketPreview }): ReactNode {
  return (
    // Lines like the trainer's log, as many columns as the form's column holds (narrow at 1280 px).
    <Paper withBorder radius="sm" px="sm" py={6}>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(15rem, 1fr))',
          columnGap: '1.5rem',
          rowGap: '0.125rem',
        }}
      >
        {figuresOf(preview).map((figure) => (
          <Tooltip key={figure.testId} label={figure.hint} multiline w="18rem" withArrow>
            <Group
              justify="space-between"
              wrap="nowrap"
              gap="xs"
              tabIndex={0}
              aria-label={`${figure.label}: ${figure.value}`}
              data-testid={figure.testId}
            >
              <Text size="sm" c="dimmed" ff="monospace">
                {figure.label}
              </Text>
              <Text size="sm" fw={700} data-testid={`${figure.testId}-value`}>
                {figure.value}
              </Text>
            </Group>
          </Tooltip>
        ))}
      </div>
    </Paper>
  );
}

function FolderRow({
  folder,
  index,
  trainer,
  list,
}: {
  folder: ConfigBucketFolder;
  index: number;
  trainer: ConfigBucketPreview['trainer'];
  list: FolderList;
}): ReactNode {
  const problems = folderProblems(folder, trainer, list);
  const shownLeft = folder.problem === null ? folder.left.slice(0, leftShown) : [];
  const name = folder.path === '' ? `Folder ${index + 1}` : folder.path;
  return (
    <Table.Tr data-testid="bucket-folder" data-field={folder.field}>
      <Table.Td style={{ wordBreak: 'break-all' }}>
        <Text size="sm" fw={500}>
          {baseName(name)}
          {folder.isReg ? ' (regularisation)' : ''}
        </Text>
        {folder.path !== '' ? (
          <Text size="xs" c="dimmed" ff="monospace">
            {folder.path}
          </Text>
        ) : null}
        {problems.map((problem) => (
          <Text key={problem} size="sm" c="red" data-testid="folder-problem">
            {problem}
          </Text>
        ))}
        {shownLeft.map((left) => (
          <Text key={left.path} size="xs" c="orange" data-testid="folder-left">
            {left.path}: {left.reason}
          </Text>
        ))}
        {folder.left.length > shownLeft.length && folder.problem === null ? (
          <Text size="xs" c="dimmed">
            and {folder.left.length - shownLeft.length} more left out
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td data-testid="folder-images">{folder.images}</Table.Td>
      <Table.Td data-testid="folder-repeats">{folder.repeats}</Table.Td>
      <Table.Td data-testid="folder-with-repeats">{folder.imagesWithRepeats}</Table.Td>
    </Table.Tr>
  );
}

function Folders({ preview, list }: { preview: ConfigBucketPreview; list: FolderList }): ReactNode {
  if (preview.folders.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No folder yet: add a dataset above.
      </Text>
    );
  return (
    <Table striped={false} withRowBorders verticalSpacing={4} fz="sm" aria-label="Folders">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Folder</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>Images</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>Repeats</Table.Th>
          <Table.Th style={{ whiteSpace: 'nowrap' }}>× repeats</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {preview.folders.map((folder, index) => (
          <FolderRow key={folder.field} folder={folder} index={index} trainer={preview.trainer} list={list} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Buckets({ preview }: { preview: ConfigBucketPreview }): ReactNode {
  const pools = bucketRows(preview).filter((pool) => pool.rows.length > 0);
  if (pools.length === 0) return null;
  return (
    <Stack gap={4}>
      {pools.map((pool) => (
        <Table key={pool.group} verticalSpacing={2} fz="sm" aria-label="Buckets" data-testid="bucket-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                Bucket{pools.length > 1 ? ` (dataset ${pool.group + 1})` : ''}, batch {pool.batchSize}
              </Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Images</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>× repeats</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Batches</Table.Th>
              <Table.Th w="30%" aria-label="Share" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pool.rows.map((row) => (
              <Table.Tr key={row.key} data-testid="bucket-row">
                <Table.Td ff="monospace" data-testid="bucket-size">
                  {row.size}
                </Table.Td>
                <Table.Td>{row.images}</Table.Td>
                <Table.Td data-testid="bucket-with-repeats">{row.imagesWithRepeats}</Table.Td>
                <Table.Td data-testid="bucket-batches">{row.batches}</Table.Td>
                <Table.Td>
                  <Progress value={row.share} size="sm" aria-hidden />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ))}
    </Stack>
  );
}

function Shown({ preview, list }: { preview: ConfigBucketPreview; list: FolderList }): ReactNode {
  const warnings = readableWarnings(preview, list);
  return (
    <Stack gap="xs">
      <Figures preview={preview} />
      <Folders preview={preview} list={list} />
      <Buckets preview={preview} />
      {warnings.map((warning) => (
        <Text key={warning} size="sm" c="orange" data-testid="bucket-warning">
          {warning}
        </Text>
      ))}
    </Stack>
  );
}

export const BucketPreview = memo(function BucketPreview({
  state,
  list,
}: {
  state: ConfigBucketsState;
  list: FolderList;
}): ReactNode {
  const { preview, error, busy } = state;
  return (
    <Stack gap="xs" data-testid="bucket-preview" aria-busy={busy}>
      <Group gap="xs" justify="space-between">
        <Text fw={600} size="sm">
          Buckets and steps
          {preview ? (
            <Text span size="sm" c="dimmed" fw={400}>
              {' '}
              on {preview.gpus === 1 ? '1 GPU' : `${preview.gpus} GPUs`}
            </Text>
          ) : null}
        </Text>
        {busy ? (
          <Group gap={4} data-testid="bucket-busy">
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              Updating…
            </Text>
          </Group>
        ) : null}
      </Group>
      {error !== null ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size="1rem" aria-hidden />}
          data-testid="bucket-error"
        >
          {error}
          {preview ? ' The figures below are from the last config that could be read.' : ''}
        </Alert>
      ) : null}
      {preview ? (
        // Kept at full contrast while the host refuses the config: the alert above says it is the
        // last preview that could be made.
        <Shown preview={preview} list={list} />
      ) : error === null ? (
        <Stack gap={6} aria-label="Reading the folders">
          <Skeleton h="3rem" />
          <Skeleton h="1.5rem" />
          <Skeleton h="1.5rem" />
        </Stack>
      ) : null}
    </Stack>
  );
});
