/**
 * "Export…": the trainer's own files for the config in the editor. Where the host has a desktop it
 * asks for a folder and writes them there (asking before it replaces files); in a browser the files
 * are downloaded.
 */
import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { ContractCallError } from '../../../../../shared/contract';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { useClient } from '../../../api/client-context';
import { useHostCapabilities } from '../../../shell/app-info-context';
import { useEditorStore } from '../state/use-editor';
import { downloadFiles } from './download-files';
import { showFilesError } from './show-error';

export function ExportButton() {
  const client = useClient();
  const store = useEditorStore();
  const capabilities = useHostCapabilities();
  const [busy, setBusy] = useState(false);
  const toFolder = capabilities?.nativeDialogs === true;

  const writeTo = async (config: TrainerConfig, folder: string, overwrite: boolean): Promise<void> => {
    try {
      const { written } = await client.request('configs.export', { config, folder, overwrite });
      notifications.show({
        title: `Exported ${written.length} file${written.length === 1 ? '' : 's'}`,
        message: written.join(', '),
      });
    } catch (error) {
      if (!overwrite && error instanceof ContractCallError && error.code === 'conflict') {
        modals.openConfirmModal({
          title: 'Replace the files in that folder?',
          children: <Text size="sm">{error.message}</Text>,
          labels: { confirm: 'Replace them', cancel: 'Keep them' },
          confirmProps: { color: 'red' },
          onConfirm: () => void writeTo(config, folder, true),
        });
        return;
      }
      showFilesError('Could not export the config', error);
    }
  };

  const exportConfig = async (): Promise<void> => {
    const config = store.getState().history.present;
    setBusy(true);
    try {
      if (toFolder) {
        const answer = await client.request('host.openFolderDialog', {
          title: 'Export the config into a folder',
        });
        const folder = answer.paths[0];
        if (!answer.canceled && folder !== undefined) await writeTo(config, folder, false);
      } else {
        const { files } = await client.request('configs.preview', { config });
        downloadFiles(files);
      }
    } catch (error) {
      showFilesError('Could not export the config', error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      variant="default"
      leftSection={<IconFileExport size="1rem" />}
      loading={busy}
      disabled={capabilities === null}
      onClick={() => void exportConfig()}
      title={toFolder ? 'Write the trainer’s files into a folder' : 'Download the trainer’s files'}
    >
      Export…
    </Button>
  );
}
