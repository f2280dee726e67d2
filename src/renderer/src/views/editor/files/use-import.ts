/**
 * Importing files into the editor, shared by the Import… button and the window-wide drop: ask
 * configs.import (the editor's trainer first, the others when it cannot read the files), load the
 * config in one undoable step, and open the summary (or its family question).
 */
import { useCallback } from 'react';
import { useClient } from '../../../api/client-context';
import { useEditorStore } from '../state/use-editor';
import { useFilesSession } from './files-session';
import {
  importAcrossTrainers,
  importSourceName,
  isImportableName,
  readImportFiles,
  type ImportSource,
} from './import-request';
import { loadConfig, type OpenInOtherTrainer } from './load-config';
import { showFilesError } from './show-error';
import { trainerLabels } from './trainer-labels';
import type { TrainerKind } from '../../../../../shared/contract/trainer-kinds';

export interface ImportActions {
  /** Import host paths or uploaded texts; `family` and `trainer` answer the summary's question. */
  importSource: (source: ImportSource, family?: string, trainer?: TrainerKind) => Promise<void>;
  /** Import files from the browser (the file input, a drop on the window); other files are ignored. */
  importConfigFiles: (files: readonly File[]) => Promise<void>;
}

export function useImport(openInOtherTrainer?: OpenInOtherTrainer): ImportActions {
  const client = useClient();
  const store = useEditorStore();
  const session = useFilesSession();

  const importSource = useCallback(
    async (source: ImportSource, family?: string, trainer?: TrainerKind): Promise<void> => {
      const name = importSourceName(source);
      session.update({ importing: true });
      try {
        const picked = await importAcrossTrainers(
          (request) => client.request('configs.import', request),
          trainer ?? store.schema.trainer,
          source,
          family,
        );
        const { answer } = picked;
        if (!answer.ok && answer.needsFamily !== true) {
          showFilesError(
            `Could not import ${name}`,
            answer.message ??
              'None of the trainers reads these files. Import a config TOML, a dataset TOML or a kohya_ss JSON.',
          );
          return;
        }
        if (answer.ok && answer.config) {
          const loaded = loadConfig(
            store,
            session,
            answer.config,
            { kind: 'import', fileName: name },
            openInOtherTrainer,
          );
          if (!loaded) {
            showFilesError(
              `Could not import ${name}`,
              `These are ${trainerLabels[picked.trainer]} files; choose ${trainerLabels[picked.trainer]} as the trainer and import them again.`,
            );
            return;
          }
        }
        session.update({ last: { trainer: picked.trainer, source, name, answer }, summaryOpen: true });
      } catch (error) {
        showFilesError(`Could not import ${name}`, error);
      } finally {
        session.update({ importing: false });
      }
    },
    [client, store, session, openInOtherTrainer],
  );

  const importConfigFiles = useCallback(
    async (files: readonly File[]): Promise<void> => {
      const usable = files.filter((file) => isImportableName(file.name));
      if (usable.length === 0) {
        showFilesError(
          'Nothing to import',
          'Import a config or dataset TOML, a kohya_ss JSON or a generic YAML file.',
        );
        return;
      }
      let texts: { name: string; content: string }[];
      try {
        texts = await readImportFiles(usable);
      } catch (error) {
        showFilesError('Could not read the files', error);
        return;
      }
      await importSource({ files: texts });
    },
    [importSource],
  );

  return { importSource, importConfigFiles };
}
