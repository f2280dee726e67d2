import type { AppInfo, HostKind } from '../../../shared/contract';

/** What each host offers the renderer (decisions.md: the host declares it, the renderer never guesses). */
export function hostCapabilities(host: HostKind): AppInfo['capabilities'] {
  const desktop = host === 'electron';
  return {
    nativeDialogs: desktop,
    openFolder: desktop,
    droppedFilePaths: desktop,
    typedPaths: true,
    uploads: !desktop,
    downloads: !desktop,
  };
}

export function createAppHandlers(info: AppInfo): { 'app.info': () => AppInfo } {
  return { 'app.info': () => info };
}
