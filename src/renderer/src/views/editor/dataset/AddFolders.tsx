/**
 * Adding image folders to the config: pick a registered dataset (added at once), or type or paste a
 * folder's path (registered as a dataset, read, then added). Dropping a folder on the panel does the
 * same (DatasetPanel); in a browser a dropped folder has no path, so the hint says to type it.
 */
import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFolderPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Dataset } from '../../../../../shared/contract';

const imagesText = (dataset: Dataset): string => {
  const counts = dataset.scan?.counts;
  if (!counts) return 'not read yet';
  const parts = [`${counts.images} image${counts.images === 1 ? '' : 's'}`];
  if (counts.videos > 0) parts.push(`${counts.videos} video${counts.videos === 1 ? '' : 's'}`);
  return parts.join(', ');
};

export interface AddFoldersProps {
  datasets: Dataset[] | null;
  datasetsError: string | null;
  /** Folders the config names now: their datasets are marked as added. */
  folders: readonly string[];
  onPick: (dataset: Dataset) => void;
  onPath: (path: string) => Promise<void>;
  /** A path is being registered and read. */
  working: boolean;
  /** What went wrong with the last folder (a refused path, a drop without a path), or null. */
  message: string | null;
  /** Dropped folders give their path here (Electron); false in a browser. */
  dropGivesPaths: boolean;
}

export function AddFolders(props: AddFoldersProps): ReactNode {
  const { datasets, folders } = props;
  const [path, setPath] = useState('');
  const added = (dataset: Dataset): boolean =>
    folders.some((folder) => folder === dataset.path || folder.startsWith(`${dataset.path}/`));
  const options = (datasets ?? []).map((dataset) => ({
    value: dataset.id,
    label: `${dataset.name} — ${imagesText(dataset)}${added(dataset) ? ' (added)' : ''}`,
    disabled: added(dataset),
  }));
  const submit = (): void => {
    const trimmed = path.trim();
    if (trimmed === '' || props.working) return;
    // A refused path stays typed, to be corrected; the panel says why.
    props.onPath(trimmed).then(
      () => setPath(''),
      () => undefined,
    );
  };
  return (
    <Stack gap={6}>
      {/* Side by side where the column is wide, one above the other where it is not. */}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))',
          gap: '0.5rem',
          alignItems: 'end',
        }}
      >
        <Select
          label="Add a registered dataset"
          placeholder={
            datasets === null
              ? 'Loading datasets…'
              : datasets.length === 0
                ? 'No dataset registered yet'
                : 'Pick a dataset'
          }
          data={options}
          value={null}
          onChange={(id) => {
            const dataset = datasets?.find((d) => d.id === id);
            if (dataset) props.onPick(dataset);
          }}
          searchable
          nothingFoundMessage="No dataset by that name"
          disabled={datasets === null || datasets.length === 0}
          error={
            props.datasetsError === null
              ? undefined
              : `The datasets could not be listed: ${props.datasetsError}`
          }
        />
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Folder path"
            placeholder="/home/you/datasets/10_subject"
            value={path}
            onChange={(event) => setPath(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                submit();
              }
            }}
            style={{ flex: 1 }}
            spellCheck={false}
            autoComplete="off"
          />
          <Button
            leftSection={<IconFolderPlus size="1rem" aria-hidden />}
            onClick={submit}
            loading={props.working}
            disabled={path.trim() === ''}
            variant="light"
          >
            Add folder
          </Button>
        </Group>
      </div>
      <Text size="xs" c="dimmed">
        {props.dropGivesPaths
          ? 'Or drop a folder here. A folder is used where it is, never copied.'
          : 'A folder dropped in a browser gives no path: type or paste the folder’s path on the host. A folder is used where it is, never copied.'}
      </Text>
      {props.message !== null ? (
        <Text size="sm" c="red" data-testid="add-folder-error">
          {props.message}
        </Text>
      ) : null}
    </Stack>
  );
}
