import type { AppInfo } from '../../../shared/contract';

/**
 * What a host offers the renderer unless it says more (decisions.md: the host declares it, in
 * AppCoreOptions): paths typed by hand, nothing else.
 */
export const typedPathsOnly: AppInfo['capabilities'] = {
  nativeDialogs: false,
  openFolder: false,
  droppedFilePaths: false,
  typedPaths: true,
  uploads: false,
  downloads: false,
};

export function createAppHandlers(info: AppInfo): { 'app.info': () => AppInfo } {
  return { 'app.info': () => info };
}
