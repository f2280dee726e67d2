/** The desktop app's extras beside the client (window.dpguiHost from the preload); absent in a browser. */
import type { DesktopHostBridge, MenuCommand } from '../../../shared/contract/wire';

function desktopHost(): DesktopHostBridge | null {
  const host = (window as { dpguiHost?: Partial<DesktopHostBridge> }).dpguiHost;
  return typeof host?.onMenuCommand === 'function' ? (host as DesktopHostBridge) : null;
}

/** Listens to the app menu's commands where there is one; returns the unsubscribe (a no-op without). */
export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  return desktopHost()?.onMenuCommand(listener) ?? (() => {});
}

/**
 * A dropped file's or folder's path on the desktop (Electron's webUtils.getPathForFile through the
 * preload); null in a browser, where a dropped item has no path (app.info's `droppedFilePaths`).
 */
export function pathForDroppedFile(file: File): string | null {
  const host = (window as { dpguiHost?: { pathForFile?: (file: File) => string } }).dpguiHost;
  if (typeof host?.pathForFile !== 'function') return null;
  const path = host.pathForFile(file);
  return path === '' ? null : path;
}
