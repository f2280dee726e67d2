/**
 * The preload: it exposes the contract client as window.dpgui, and nothing else. Only contract
 * channels pass; listeners get the payload alone (never Electron's event object, which would hand the
 * page ipcRenderer itself).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isEventName, isRequestName, unknownChannelError } from '../shared/contract';
import {
  ipcWire,
  isMenuCommand,
  subscriptionKey,
  type DesktopHostBridge,
  type DpguiBridge,
  type HostMessage,
  type IpcSubscribeMessage,
  type Result,
} from '../shared/contract/wire';

/** One subscription in the core's registry per event and params; this page's listeners share it. */
interface Subscription {
  number: number;
  key: string;
  listeners: Set<(payload: unknown) => void>;
}
const byKey = new Map<string, Subscription>();
const byNumber = new Map<number, Subscription>();
let lastNumber = 0;

ipcRenderer.on(ipcWire.event, (_event, text: unknown) => {
  if (typeof text !== 'string') return;
  const message = JSON.parse(text) as HostMessage;
  const subscription = 'subscription' in message ? byNumber.get(message.subscription ?? -1) : undefined;
  if (message.type === 'event') {
    for (const listener of [...(subscription?.listeners ?? [])]) listener(message.payload);
  } else if (message.type === 'error') {
    // A refused subscription (its params failed their schema): it never fires.
    console.error(`DPGui refused a subscription: ${message.error.message}`);
    if (subscription) forget(subscription);
  }
  // Taken: the host may send this much more before it holds back (its per-window bound).
  ipcRenderer.send(ipcWire.ack, text.length);
});

function forget(subscription: Subscription): void {
  byKey.delete(subscription.key);
  byNumber.delete(subscription.number);
}

const bridge: DpguiBridge = {
  request(channel, payload): Promise<Result<unknown>> {
    if (!isRequestName(channel)) {
      return Promise.resolve({
        ok: false,
        error: unknownChannelError(channel),
      });
    }
    return ipcRenderer.invoke(ipcWire.request, { channel, payload }) as Promise<Result<unknown>>;
  },
  subscribe(event, listener, params) {
    if (!isEventName(event)) throw new Error(`There is no event named "${event}".`);
    const key = subscriptionKey(event, params);
    let subscription = byKey.get(key);
    if (!subscription) {
      const created: Subscription = { number: ++lastNumber, key, listeners: new Set() };
      subscription = created;
      byKey.set(key, created);
      byNumber.set(created.number, created);
      const message: IpcSubscribeMessage =
        params === undefined
          ? { subscription: created.number, event }
          : { subscription: created.number, event, params };
      ipcRenderer.send(ipcWire.subscribe, message);
    }
    const mine = subscription;
    const wrapped = (payload: unknown): void => listener(payload);
    mine.listeners.add(wrapped);
    return () => {
      mine.listeners.delete(wrapped);
      if (mine.listeners.size === 0 && byNumber.get(mine.number) === mine) {
        forget(mine);
        ipcRenderer.send(ipcWire.unsubscribe, { subscription: mine.number, event });
      }
    };
  },
};

contextBridge.exposeInMainWorld('dpgui', bridge);

// Dropped files and folders as paths (app.info's capability `droppedFilePaths`): the sandboxed page
// cannot read File.path, and react-dropzone flattens folders, so the preload asks Electron directly.
const desktopHost: DesktopHostBridge & { pathForFile: (file: File) => string } = {
  pathForFile: (file) => webUtils.getPathForFile(file),
  onMenuCommand(listener) {
    const forward = (_event: unknown, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(ipcWire.menu, forward);
    return () => {
      ipcRenderer.off(ipcWire.menu, forward);
    };
  },
};
contextBridge.exposeInMainWorld('dpguiHost', desktopHost);
