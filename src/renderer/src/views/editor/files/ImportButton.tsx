/**
 * "Import…": the desktop's open dialog where the host has one (the host reads the paths), else a file
 * input whose files' text is uploaded (a config TOML with its dataset TOML may be chosen together).
 * It also takes config files dropped on the window and shows the import summary.
 */
import { Button, FileButton } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useClient } from '../../../api/client-context';
import { useHostCapabilities } from '../../../shell/app-info-context';
import { useFilesState } from './files-session';
import { ImportSummary } from './ImportSummary';
import { importExtensions } from './import-request';
import type { OpenInOtherTrainer } from './load-config';
import { showFilesError } from './show-error';
import { useConfigDrop } from './use-config-drop';
import { useImport } from './use-import';

const accept = importExtensions.map((ext) => `.${ext}`).join(',');

export interface ImportButtonProps {
  /** The page's trainer switch, for files of another trainer than the editor's. */
  onOtherTrainer?: OpenInOtherTrainer;
}

export function ImportButton({ onOtherTrainer }: ImportButtonProps) {
  const client = useClient();
  const capabilities = useHostCapabilities();
  const actions = useImport(onOtherTrainer);
  const importing = useFilesState((state) => state.importing);
  useConfigDrop(actions);

  const icon = <IconFileImport size="1rem" />;
  const browse = async (): Promise<void> => {
    try {
      const answer = await client.request('host.openFileDialog', {
        title: 'Import a training config',
        multiple: true,
        filters: [{ name: 'Training configs', extensions: [...importExtensions] }],
      });
      if (!answer.canceled && answer.paths.length > 0) await actions.importSource({ paths: answer.paths });
    } catch (error) {
      showFilesError('Could not open the file dialog', error);
    }
  };

  return (
    <>
      {capabilities?.nativeDialogs === true ? (
        <Button variant="default" leftSection={icon} loading={importing} onClick={() => void browse()}>
          Import…
        </Button>
      ) : (
        <FileButton multiple accept={accept} onChange={(files) => void actions.importConfigFiles(files)}>
          {(props) => (
            <Button {...props} variant="default" leftSection={icon} loading={importing}>
              Import…
            </Button>
          )}
        </FileButton>
      )}
      <ImportSummary
        onChooseFamily={(last, family) => void actions.importSource(last.source, family, last.trainer)}
      />
    </>
  );
}
