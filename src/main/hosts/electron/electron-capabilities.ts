import type { AppInfo } from '../../../shared/contract';

/**
 * What the desktop app offers the renderer (decisions.md: the host declares it): the window runs on
 * the machine that trains, so it has native dialogs, "open folder" and the paths of dropped files.
 */
export const electronCapabilities: AppInfo['capabilities'] = {
  nativeDialogs: true,
  openFolder: true,
  droppedFilePaths: true,
  typedPaths: true,
  uploads: false,
  downloads: false,
};
