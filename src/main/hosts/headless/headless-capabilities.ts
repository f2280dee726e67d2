import type { AppInfo } from '../../../shared/contract';

/**
 * What `dpgui serve` offers the renderer (decisions.md: the host declares it). The browser may run on
 * another machine: paths are typed, files come and go by upload and download.
 */
export const headlessCapabilities: AppInfo['capabilities'] = {
  nativeDialogs: false,
  openFolder: false,
  droppedFilePaths: false,
  typedPaths: true,
  uploads: true,
  downloads: true,
};
