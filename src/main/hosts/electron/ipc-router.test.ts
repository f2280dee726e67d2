import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { FakeIpcMain, FakeWebContents } from '../../../../tests/support/fake-electron';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { ipcWire } from '../../../shared/contract/wire';
import { createAppCore } from '../../core/app-core';
import { defaultMaxQueuedBytes } from '../../core/events/subscriptions';
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
    const subscribe = { subscription: 1, event: 'settings.changed' };
    ipc.emit(ipcWire.subscribe, senderEvent('app://dpgui/', subscriber), subscribe);
    ipc.emit(ipcWire.subscribe, senderEvent('https://evil.example/', other), subscribe);
    await invoke('app://dpgui/', { channel: 'settings.set', payload: { colorScheme: 'light' } });
    expect(messagesOf(subscriber)).toMatchObject([
      { type: 'event', subscription: 1, event: 'settings.changed', payload: { colorScheme: 'light' } },
    ]);
    expect(other.sent).toEqual([]);
    expect(core.subscriptions.watchers('settings.changed')).toBe(1);

    subscriber.emit('destroyed');
    expect(core.subscriptions.watchers('settings.changed')).toBe(0);
    await invoke('app://dpgui/', { channel: 'settings.set', payload: { colorScheme: 'dark' } });
    expect(subscriber.sent).toHaveLength(1);
    core.close();
  });

  it('filters by params and answers bad params with the contract error', () => {
    const { ipc, core } = setUp();
    const page = new FakeWebContents();
    const from = senderEvent('app://dpgui/', page);
    ipc.emit(ipcWire.subscribe, from, { subscription: 1, event: 'job.log', params: { jobId: 'a' } });
    ipc.emit(ipcWire.subscribe, from, {
      subscription: 2,
      event: 'job.log',
      params: { jobId: 'a', extra: 1 },
    });
    core.events.emit('job.log', logBatch('b', 0, 1));
    core.events.emit('job.log', logBatch('a', 0, 1));
    expect(messagesOf(page)).toMatchObject([
      { type: 'error', subscription: 2, error: { code: 'invalid_payload', details: [{ path: 'extra' }] } },
      { type: 'event', subscription: 1, payload: { jobId: 'a' } },
    ]);
    ipc.emit(ipcWire.unsubscribe, from, { subscription: 1 });
    core.events.emit('job.log', logBatch('a', 1, 1));
    expect(page.sent).toHaveLength(2);
    core.close();
  });

  it('holds back a window that does not take its events: one gap marker once it acknowledges them', () => {
    const { ipc, core } = setUp();
    const page = new FakeWebContents();
    const from = senderEvent('app://dpgui/', page);
    ipc.emit(ipcWire.subscribe, from, { subscription: 1, event: 'job.log', params: { jobId: 'a' } });
    // 2000 batches of ~4 KB with no acknowledgement: far past the per-window bound.
    for (let i = 0; i < 2000; i++) core.events.emit('job.log', logBatch('a', i * 10, 10));
    const sentBytes = page.sent.reduce((sum, m) => sum + String(m.message).length, 0);
    expect(sentBytes).toBeLessThan(defaultMaxQueuedBytes + 10_000);
    const delivered = messagesOf(page).length;
    expect(delivered).toBeLessThan(2000);

    ipc.emit(ipcWire.ack, from, sentBytes);
    return vi.waitFor(
      () => {
        const marker = messagesOf(page)[delivered];
        expect(marker).toMatchObject({
          type: 'event',
          payload: {
            jobId: 'a',
            fromLine: 20_000,
            lines: [],
            gap: { fromLine: delivered * 10, toLine: 20_000 },
          },
        });
        core.close();
      },
      { timeout: 2000 },
    );
  });
});

function messagesOf(contents: FakeWebContents): unknown[] {
  return contents.sent.map((m) => JSON.parse(String(m.message)) as unknown);
}

function logBatch(jobId: string, from: number, count: number) {
  const text = 'y'.repeat(400);
  return {
    jobId,
    fromLine: from,
    lines: Array.from({ length: count }, (_, i) => ({ stream: 'stdout' as const, time: from + i, text })),
    partial: [],
  };
}
