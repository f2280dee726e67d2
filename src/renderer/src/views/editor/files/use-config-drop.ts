/**
 * Config files dropped on the window while the editor is open are imported (a folder is left to the
 * window, which registers it as a dataset). Desktop drops carry paths, so the host reads the files and
 * the prompt files they name; a browser's drop carries only the files' text.
 */
import { useCallback } from 'react';
import { useDropHandler } from '../../../shell/window-drop';
import { isImportableName } from './import-request';
import type { ImportActions } from './use-import';

/** Which dropped files the editor takes: config files only; none when a folder or other file is among them. */
export function configDrop(
  files: readonly Pick<File, 'name'>[],
  paths: readonly (string | null)[],
): { take: false } | { take: true; paths: string[] | null } {
  if (files.length === 0 || !files.every((file) => isImportableName(file.name))) return { take: false };
  const known = paths.filter((path): path is string => path !== null);
  return { take: true, paths: known.length === files.length ? known : null };
}

export function useConfigDrop({ importSource, importConfigFiles }: ImportActions): void {
  useDropHandler(
    useCallback(
      (files: File[], paths: (string | null)[]) => {
        const plan = configDrop(files, paths);
        if (!plan.take) return false;
        void (plan.paths ? importSource({ paths: plan.paths }) : importConfigFiles(files));
        return true;
      },
      [importSource, importConfigFiles],
    ),
  );
}
