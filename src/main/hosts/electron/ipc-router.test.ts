import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { FakeIpcMain, FakeWebContents } from '../../../../tests/support/fake-electron';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { ipcWire } from '../../../shared/contract/wire';
import { createAppCore } from '../../core/app-core';
import { registerIpcRouter } from './ipc-router';
import { allowedRendererOrigins } from './renderer-origin';

const tempDir = useTempDirs();

function senderEvent(url: string, sender = new FakeWebContents()) {
  return { senderFrame: { url }, sender } as unknown as IpcMainInvokeEvent;
}

function setUp() {
  const core = createAppCore({ dataDir: tempDir(), host: 'electron', checkResponses: true });
  const ipc = new FakeIpcMain();
  const stop = registerIpcRouter(ipc as unknown as IpcMain, core, allowedRendererOrigins(undefined));
  const invoke = (url: string, message: unknown) =>
    ipc.handlers.get(ipcWire.request)?.(senderEvent(url), message);
  return { core, ipc, stop, invoke };
}

describe('the IPC router', () => {
  it('serves the contract to the app’s own page', async () => {
    const { invoke, core } = setUp();
    expect(await invoke('app://dpgui/index.html', { channel: 'app.info', payload: {} })).toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
    core.close();
  });

  it('refuses a frame from anywhere else before dispatching', async () => {
    const { invoke, core } = setUp();
    const changes: unknown[] = [];
    core.events.subscribe('settings.changed', (s) => changes.push(s));
    const answer = await invoke('https://evil.example/', {
      channel: 'settings.set',
      payload: { colorScheme: 'dark' },
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(changes).toEqual([]);
    core.close();
  });

  it('validates payloads with the same structured error as the headless host', async () => {
    const { invoke, core } = setUp();
    expect(
      await invoke('app://dpgui/', { channel: 'settings.set', payload: { colorScheme: 1 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'colorScheme' }] },
    });
    expect(await invoke('app://dpgui/', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    core.close();
  });

  it('sends events only to windows that subscribed, and stops when they are gone', async () => {
    const { ipc, invoke, core } = setUp();
    const subscriber = new FakeWebContents();
    const other = new FakeWebContents();
    ipc.emit(ipcWire.subscribe, senderEvent('app://dpgui/', subscriber), 'settings.changed');
    ipc.emit(ipcWire.subscribe, senderEvent('https://evil.example/', other), 'settings.changed');
    await invoke('app://dpgui/', { channel: 'settings.set', payload: { colorScheme: 'light' } });
    expect(subscriber.sent).toEqual([
      { channel: ipcWire.event, message: { event: 'settings.changed', payload: { colorScheme: 'light' } } },
    ]);
    expect(other.sent).toEqual([]);

    subscriber.emit('destroyed');
    await invoke('app://dpgui/', { channel: 'settings.set', payload: { colorScheme: 'dark' } });
    expect(subscriber.sent).toHaveLength(1);
    core.close();
  });
});
