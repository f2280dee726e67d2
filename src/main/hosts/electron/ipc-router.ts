/**
 * The contract over Electron IPC. Every message's sender is checked first (a frame loaded from
 * anywhere but the app is refused), then the shared dispatcher validates and runs it. Events reach
 * only the windows that subscribed to them.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { contractError, isEventName, type EventName } from '../../../shared/contract';
import { ipcWire, type Result } from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';
import { isTrustedSenderUrl } from './renderer-origin';

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>;

export function registerIpcRouter(
  ipc: IpcMain,
  core: AppCore,
  allowedOrigins: readonly string[],
): () => void {
  const subscriptions = new Map<WebContents, Set<EventName>>();
  const trusted = (event: SenderEvent): boolean => isTrustedSenderUrl(event.senderFrame?.url, allowedOrigins);

  ipc.handle(ipcWire.request, async (event, message: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) {
      return { ok: false, error: contractError('forbidden', 'IPC from an untrusted frame is refused.') };
    }
    const { channel, payload } = (message ?? {}) as { channel?: unknown; payload?: unknown };
    return core.dispatch(typeof channel === 'string' ? channel : '', payload);
  });

  const changeSubscription = (event: IpcMainEvent, name: unknown, add: boolean): void => {
    if (!trusted(event) || !isEventName(name)) return;
    const contents = event.sender;
    let set = subscriptions.get(contents);
    if (!set) {
      set = new Set();
      subscriptions.set(contents, set);
      contents.once('destroyed', () => subscriptions.delete(contents));
    }
    if (add) set.add(name);
    else set.delete(name);
  };
  ipc.on(ipcWire.subscribe, (event, name: unknown) => changeSubscription(event, name, true));
  ipc.on(ipcWire.unsubscribe, (event, name: unknown) => changeSubscription(event, name, false));

  const stopForwarding = core.events.subscribeAll((event, payload) => {
    for (const [contents, names] of subscriptions) {
      if (names.has(event) && !contents.isDestroyed()) contents.send(ipcWire.event, { event, payload });
    }
  });

  return () => {
    stopForwarding();
    ipc.removeHandler(ipcWire.request);
    ipc.removeAllListeners(ipcWire.subscribe);
    ipc.removeAllListeners(ipcWire.unsubscribe);
  };
}
