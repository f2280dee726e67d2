/**
 * The desktop channels only this host provides: native open-file and open-folder dialogs (attached to
 * the app's window) and "show in folder". Thin: the answers are Electron's, the checks are the core's
 * path rules. Electron comes in as an argument, so the wiring is tested under Node.
 */
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { existsSync } from 'node:fs';
import { contractError } from '../../../shared/contract';
import type { DialogAnswer, OpenFileDialogRequest, OpenFolderDialogRequest } from '../../../shared/contract';
import { HandlerError } from '../../core/contract/dispatcher';
import { absolutePathError } from '../../core/fs/user-path-error';
import type { DesktopChannels } from '../../core/host/host-handlers';

/** What of Electron's `dialog` and `shell` the channels use; `W`: its BrowserWindow. */
export interface DesktopElectron<W = BrowserWindow> {
  dialog: {
    showOpenDialog(window: W, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  };
  shell: { showItemInFolder(fullPath: string): void };
}

type Property = NonNullable<OpenDialogOptions['properties']>[number];

export function openFileDialogOptions(request: OpenFileDialogRequest): OpenDialogOptions {
  const properties: Property[] = ['openFile', ...(request.multiple ? (['multiSelections'] as const) : [])];
  return {
    ...(request.title ? { title: request.title } : {}),
    ...(request.defaultPath ? { defaultPath: request.defaultPath } : {}),
    ...(request.filters
      ? { filters: request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) }
      : {}),
    properties,
  };
}

export function openFolderDialogOptions(request: OpenFolderDialogRequest): OpenDialogOptions {
  const properties: Property[] = [
    'openDirectory',
    'createDirectory',
    ...(request.multiple ? (['multiSelections'] as const) : []),
  ];
  return {
    ...(request.title ? { title: request.title } : {}),
    ...(request.defaultPath ? { defaultPath: request.defaultPath } : {}),
    properties,
  };
}

/** `window`: the app's window, which the dialog is attached to (none: a free dialog). */
export function createDesktopChannels<W>(
  electron: DesktopElectron<W>,
  window: () => W | null,
): Required<DesktopChannels> {
  const open = async (options: OpenDialogOptions): Promise<DialogAnswer> => {
    const parent = window();
    const answer = parent
      ? await electron.dialog.showOpenDialog(parent, options)
      : await electron.dialog.showOpenDialog(options);
    return answer.canceled ? { canceled: true, paths: [] } : { canceled: false, paths: answer.filePaths };
  };
  return {
    'host.openFileDialog': (request) => open(openFileDialogOptions(request)),
    'host.openFolderDialog': (request) => open(openFolderDialogOptions(request)),
    'host.showInFolder': ({ path }) => {
      const notAbsolute = absolutePathError(path, 'path');
      if (notAbsolute) throw new HandlerError(notAbsolute);
      // Electron shows nothing and says nothing for a path that is not there.
      if (!existsSync(path)) {
        throw new HandlerError(
          contractError('not_found', `"${path}" does not exist, so it cannot be shown in its folder.`, [
            { path: 'path', message: 'does not exist' },
          ]),
        );
      }
      electron.shell.showItemInFolder(path);
      return {};
    },
  };
}
