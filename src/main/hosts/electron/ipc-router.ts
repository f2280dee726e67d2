/**
 * The contract over Electron IPC. Every message's sender is checked first (a frame loaded from
 * anywhere but the app is refused), then the shared dispatcher validates and runs it. Subscriptions
 * go to the core's registry (one client per window), which checks their params and sends each window
 * only what it asked for — and no more than it keeps up with (the page acknowledges what it took).
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { contractError } from '../../../shared/contract';
import {
  ipcWire,
  type HostMessage,
  type IpcSubscribeMessage,
  type Result,
} from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';
import type { RegistryClient } from '../../core/events/subscriptions';
import { isTrustedSenderUrl } from './renderer-origin';

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>;

export function registerIpcRouter(
  ipc: IpcMain,
  core: AppCore,
  allowedOrigins: readonly string[],
): () => void {
  const trusted = (event: SenderEvent): boolean => isTrustedSenderUrl(event.senderFrame?.url, allowedOrigins);

  ipc.handle(ipcWire.request, async (event, message: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) {
      return { ok: false, error: contractError('forbidden', 'IPC from an untrusted frame is refused.') };
    }
    const { channel, payload } = (message ?? {}) as { channel?: unknown; payload?: unknown };
    return core.dispatch(typeof channel === 'string' ? channel : '', payload);
  });

  /** Each window is one client of the registry; its queue is what it has not acknowledged yet. */
  interface WindowLink {
    client: RegistryClient;
    send(message: HostMessage): void;
    unacknowledged: number;
  }
  const windows = new Map<WebContents, WindowLink>();
  const windowOf = (contents: WebContents): WindowLink => {
    const known = windows.get(contents);
    if (known) return known;
    const window: WindowLink = {
      unacknowledged: 0,
      send(message) {
        if (contents.isDestroyed()) return;
        const text = JSON.stringify(message);
        window.unacknowledged += text.length;
        contents.send(ipcWire.event, text);
      },
      client: core.subscriptions.connect({
        send: (subscription, event, payload) =>
          window.send({ type: 'event', event, payload, subscription: Number(subscription) }),
        queuedBytes: () => window.unacknowledged,
      }),
    };
    windows.set(contents, window);
    contents.once('destroyed', () => {
      windows.delete(contents);
      window.client.close();
    });
    return window;
  };

  ipc.on(ipcWire.subscribe, (event, message: unknown) => {
    if (!trusted(event)) return;
    const { subscription, event: name, params } = (message ?? {}) as Partial<IpcSubscribeMessage>;
    if (typeof subscription !== 'number') return;
    const window = windowOf(event.sender);
    const result = window.client.subscribe(subscription, name, params);
    if (!result.ok) window.send({ type: 'error', error: result.error, subscription });
  });
  ipc.on(ipcWire.unsubscribe, (event, message: unknown) => {
    if (!trusted(event)) return;
    const { subscription } = (message ?? {}) as Partial<IpcSubscribeMessage>;
    if (typeof subscription === 'number') windows.get(event.sender)?.client.unsubscribe(subscription);
  });
  ipc.on(ipcWire.ack, (event, bytes: unknown) => {
    const window = windows.get(event.sender);
    if (!window || typeof bytes !== 'number' || !Number.isFinite(bytes)) return;
    window.unacknowledged = Math.max(0, window.unacknowledged - bytes);
  });

  return () => {
    for (const window of windows.values()) window.client.close();
    windows.clear();
    ipc.removeHandler(ipcWire.request);
    ipc.removeAllListeners(ipcWire.subscribe);
    ipc.removeAllListeners(ipcWire.unsubscribe);
    ipc.removeAllListeners(ipcWire.ack);
  };
}
