/**
 * The preload: it exposes the contract client as window.dpgui, and nothing else. Only contract
 * channels pass; listeners get the payload alone (never Electron's event object, which would hand the
 * page ipcRenderer itself).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { isEventName, isRequestName, unknownChannelError } from '../shared/contract';
import { ipcWire, type DpguiBridge, type Result } from '../shared/contract/wire';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcWire.event, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

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
  subscribe(event, listener) {
    if (!isEventName(event)) throw new Error(`There is no event named "${event}".`);
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      ipcRenderer.send(ipcWire.subscribe, event);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(event);
        ipcRenderer.send(ipcWire.unsubscribe, event);
      }
    };
  },
};

contextBridge.exposeInMainWorld('dpgui', bridge);
