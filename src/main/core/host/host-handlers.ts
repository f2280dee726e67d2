/**
 * host.* handlers. Folder listing and finding a venv's python run in the core on every host. The
 * desktop channels (native dialogs, "show in folder") come from the host that has a desktop (Electron
 * passes them in); without them each answers not_found saying this host does not offer it, and
 * `offeredCapabilities` makes app.info say exactly which ones are there.
 */
import { userInfo } from 'node:os';
import {
  contractError,
  desktopChannelsByCapability,
  type AppInfo,
  type HostKind,
} from '../../../shared/contract';
import { HandlerError, type Handlers } from '../contract/dispatcher';
import { findPython } from './find-python';
import { listFolder } from './list-folder';

export type DesktopChannelName = 'host.openFileDialog' | 'host.openFolderDialog' | 'host.showInFolder';
export type DesktopChannels = Partial<Pick<Handlers, DesktopChannelName>>;

export interface HostHandlersOptions {
  host: HostKind;
  home: string;
  desktop?: DesktopChannels;
}

type HostHandlers = Pick<Handlers, 'host.listFolder' | 'host.findPython' | DesktopChannelName>;

export function createHostHandlers({ host, home, desktop = {} }: HostHandlersOptions): HostHandlers {
  const user = currentUserName();
  return {
    'host.listFolder': (request) => listFolder(request, { home, ...(user ? { user } : {}) }),
    'host.findPython': (request) => findPython(request, home),
    'host.openFileDialog': desktop['host.openFileDialog'] ?? notOffered('host.openFileDialog', host),
    'host.openFolderDialog': desktop['host.openFolderDialog'] ?? notOffered('host.openFolderDialog', host),
    'host.showInFolder': desktop['host.showInFolder'] ?? notOffered('host.showInFolder', host),
  };
}

const hostNames: Record<HostKind, string> = { electron: 'the desktop app', headless: '`dpgui serve`' };

function notOffered(channel: DesktopChannelName, host: HostKind): () => never {
  const instead =
    channel === 'host.showInFolder'
      ? 'Open the folder on the host yourself'
      : 'Choose the path with host.listFolder, or type it';
  return () => {
    throw new HandlerError(
      contractError(
        'not_found',
        `${channel} is not offered by this host (${hostNames[host]} has no desktop to show it on; app.info's capabilities list what it offers). ${instead}.`,
      ),
    );
  };
}

/** The capabilities a host declared, with the desktop ones set from the channels it really provides. */
export function offeredCapabilities(
  declared: AppInfo['capabilities'],
  desktop: DesktopChannels,
): AppInfo['capabilities'] {
  const provides = (channels: readonly DesktopChannelName[]): boolean =>
    channels.every((channel) => desktop[channel] !== undefined);
  return {
    ...declared,
    nativeDialogs: provides(desktopChannelsByCapability.nativeDialogs),
    openFolder: provides(desktopChannelsByCapability.openFolder),
  };
}

function currentUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // A uid with no passwd entry (a container's): the sentence goes without the name.
    return undefined;
  }
}
