/**
 * The desktop app's menu. Its zoom items ask the page (which zooms by its root font size and remembers
 * it) rather than using Chromium's zoom roles, whose accelerators would take Ctrl+= / Ctrl+- / Ctrl+0
 * before the page sees them and scale a second, forgotten zoom on top of the page's own.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../../shared/contract/wire';

export function appMenuTemplate(
  platform: NodeJS.Platform,
  send: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  // The page handles these keys itself; the menu shows them without registering them, so a key press
  // reaches the page once and a click on the item asks the page the same.
  const zoomItem = (
    label: string,
    accelerator: string,
    command: MenuCommand,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => send(command),
  });
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      zoomItem('Actual Size', 'CmdOrCtrl+0', 'zoom-reset'),
      zoomItem('Zoom In', 'CmdOrCtrl+=', 'zoom-in'),
      zoomItem('Zoom Out', 'CmdOrCtrl+-', 'zoom-out'),
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  return platform === 'darwin'
    ? [{ role: 'appMenu' }, { role: 'fileMenu' }, edit, view, window]
    : [{ role: 'fileMenu' }, edit, view, window];
}
