/** No navigation away from the app, no new windows, no permission prompts, no <webview>. */
import { shell, type BrowserWindow, type Session } from 'electron';
import { isWebUrl } from './window-guards-url';

export function guardWindow(window: BrowserWindow): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation and the like open in the user's browser; nothing opens inside the app.
    if (isWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
