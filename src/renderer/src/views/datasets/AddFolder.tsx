/**
 * "Add a folder": a typed or pasted path (always: on a remote box it is the box's path), or one chosen
 * with Browse… (the desktop's folder dialog where the host has one, else the host's folder picker).
 */
import { Button, Group, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Dataset } from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { FolderPicker } from '../../settings/FolderPicker';
import { useHostCapabilities } from '../../shell/app-info-context';
import { registerDatasetFolder } from './register-folder';

export function AddFolder({ onAdded }: { onAdded: (dataset: Dataset) => void }): ReactNode {
  const client = useClient();
  const queryClient = useQueryClient();
  const capabilities = useHostCapabilities();
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);

  const add = async (folder: string) => {
    const typed = folder.trim();
    if (typed === '') {
      setProblem('Type or paste the folder’s full path first, e.g. /home/you/datasets/cats.');
      return;
    }
    setBusy(true);
    try {
      const dataset = await registerDatasetFolder(client, queryClient, typed);
      setPath('');
      setProblem(null);
      onAdded(dataset);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const browse = async () => {
    if (!capabilities?.nativeDialogs) {
      setPicking(true);
      return;
    }
    const answer = await client.request('host.openFolderDialog', { title: 'Add a dataset folder' });
    if (!answer.canceled && answer.paths[0]) await add(answer.paths[0]);
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void add(path);
      }}
    >
      <TextInput
        label="Add a folder"
        description={
          capabilities?.droppedFilePaths
            ? 'Its full path, or drop the folder anywhere on the window. It is used where it is, never copied.'
            : 'Its full path on the machine running DPGui (a browser cannot tell DPGui where a dropped folder is). It is used where it is, never copied.'
        }
        placeholder="/home/you/datasets/cats"
        value={path}
        error={problem}
        onChange={(event) => setPath(event.currentTarget.value)}
        spellCheck={false}
        data-testid="add-folder-path"
        inputContainer={(input) => (
          <Group gap="xs" wrap="nowrap" align="center">
            <div style={{ flex: 1 }}>{input}</div>
            <Button type="submit" variant="light" loading={busy} data-testid="add-folder">
              Add
            </Button>
            <Button variant="default" onClick={() => void browse()} disabled={!capabilities}>
              Browse…
            </Button>
          </Group>
        )}
      />
      <FolderPicker
        opened={picking}
        title="Add a dataset folder"
        start={path.trim()}
        onClose={() => setPicking(false)}
        onChoose={(folder) => {
          setPicking(false);
          void add(folder);
        }}
      />
    </form>
  );
}
