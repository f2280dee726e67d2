/**
 * The top of the editor's dataset section: add folders (a registered dataset, a typed path, a folder
 * dropped here) and see the buckets, steps per epoch and total steps the trainer will compute for the
 * config as it stands. The folders' own settings (repeats, captions, …) are the form's item cards below.
 * Nothing here subscribes to the whole config: typing elsewhere does not render it.
 */
import { Paper, Stack } from '@mantine/core';
import { useCallback, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import type { Dataset } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { pathForDroppedFile } from '../../../api/desktop-host';
import { useHostCapabilities } from '../../../shell/app-info-context';
import { useDropHandler } from '../../../shell/window-drop';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { AddFolders } from './AddFolders';
import { BucketPreview } from './BucketPreview';
import {
  folderListOf,
  foldersOf,
  foldersOfDataset,
  listWithFolders,
  type FolderList,
  type FolderToAdd,
} from './folder-list';
import { useConfigBuckets } from './use-config-buckets';
import { useRegisteredDatasets } from './use-registered-datasets';

export interface DatasetPanelProps {
  /** GPUs the job will use (the Queue tab's choice): the steps are shared among them. */
  gpus?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Config files dropped here are the window's to import, not folders to add. */
const isConfigFile = (file: File): boolean => /\.(toml|json)$/i.test(file.name);

function Panel({ list, gpus }: { list: FolderList; gpus: number }): ReactNode {
  const store = useEditorStore();
  const client = useClient();
  const capabilities = useHostCapabilities();
  const registered = useRegisteredDatasets();
  const { remember } = registered;
  const folderText = useEditorSelector((state) => foldersOf(state.history.present, list).join('\n'));
  const folders = useMemo(() => (folderText === '' ? [] : folderText.split('\n')), [folderText]);
  const buckets = useConfigBuckets(list, gpus, registered.datasets);
  const [working, setWorking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  /** One undo step for the whole addition. */
  const add = useCallback(
    (toAdd: readonly FolderToAdd[]) => {
      const next = listWithFolders(store.schema, store.getState().history.present, list, toAdd);
      if (next)
        store.dispatch({ type: 'set', path: list.listPath, value: next, at: Date.now(), newStep: true });
    },
    [store, list],
  );

  const registerAndAdd = useCallback(
    async (path: string): Promise<void> => {
      setWorking(true);
      setMessage(null);
      try {
        let dataset: Dataset = await client.request('datasets.register', { path });
        remember(dataset);
        if (dataset.scan === null) {
          // Read it first: a kohya layout (images in "10_name" sub-folders) adds one folder per sub-folder.
          try {
            dataset = await client.request('datasets.scan', { id: dataset.id });
            remember(dataset);
          } catch {
            // The preview below names what is wrong with the folder.
          }
        }
        add(foldersOfDataset(dataset));
      } catch (error) {
        setMessage(`${path} was not added: ${messageOf(error)}`);
        throw error;
      } finally {
        setWorking(false);
      }
    },
    [client, remember, add],
  );

  /** Dropped folders one after the other; each one's failure is shown by registerAndAdd. */
  const addDropped = useCallback(
    async (paths: readonly string[]): Promise<void> => {
      for (const path of paths) await registerAndAdd(path).catch(() => undefined);
    },
    [registerAndAdd],
  );

  // A folder dropped anywhere on the window while the editor is open is added to this config (the
  // journey's "drag the dataset folder onto the window"), not only registered. Config files are the
  // import's; a browser gives no paths, so the window then says to type the path.
  useDropHandler(
    useCallback(
      (files: File[], paths: (string | null)[]) => {
        if (files.length === 0 || files.some(isConfigFile)) return false;
        const known = paths.filter((path): path is string => path !== null);
        if (known.length !== files.length) return false;
        void addDropped(known);
        return true;
      },
      [addDropped],
    ),
  );

  const dropped = (event: DragEvent<HTMLDivElement>): void => {
    const files = [...event.dataTransfer.files];
    if (files.length === 0 || files.every(isConfigFile)) return;
    // Taken here: the window's drop handler sees defaultPrevented and only clears its overlay.
    event.preventDefault();
    setDragging(false);
    const paths = files.map(pathForDroppedFile).filter((path): path is string => path !== null);
    if (paths.length === 0) {
      setMessage(
        'A folder dropped in a browser gives no path: type or paste the folder’s path in Folder path.',
      );
      return;
    }
    void addDropped(paths);
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="dataset-panel"
      data-dragging={dragging || undefined}
      style={dragging ? { outline: '2px dashed var(--mantine-primary-color-filled)' } : undefined}
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        if (!dragging) setDragging(true);
      }}
      onDragLeave={(event: DragEvent<HTMLDivElement>) => {
        const to = event.relatedTarget;
        if (!(to instanceof Node) || !event.currentTarget.contains(to)) setDragging(false);
      }}
      onDrop={dropped}
    >
      <Stack gap="md">
        <AddFolders
          datasets={registered.datasets}
          datasetsError={registered.error}
          folders={folders}
          onPick={(dataset) => add(foldersOfDataset(dataset))}
          onPath={registerAndAdd}
          working={working}
          message={message}
          dropGivesPaths={capabilities?.droppedFilePaths ?? false}
        />
        <BucketPreview state={buckets} list={list} />
      </Stack>
    </Paper>
  );
}

/** Drawn by the form at the top of the 'dataset' section; nothing for a trainer without image folders. */
export function DatasetPanel({ gpus = 1 }: DatasetPanelProps): ReactNode {
  const store = useEditorStore();
  const list = folderListOf(store.schema.trainer);
  if (!list) return null;
  return <Panel list={list} gpus={gpus} />;
}
