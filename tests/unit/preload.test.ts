// The built preload (out/preload/index.cjs) run as a sandboxed preload is: a plain script whose
// `require` knows only 'electron'. It must expose window.dpgui and nothing else, pass only contract
// channels, and hand listeners the payload alone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { DesktopHostBridge, DpguiBridge } from '../../src/shared/contract/wire';

const builtPreload = join(import.meta.dirname, '..', '..', 'out', 'preload', 'index.cjs');

function loadPreload() {
  if (!existsSync(builtPreload))
    throw new Error('out/preload/index.cjs is missing: run `npm run build` first.');
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, message: unknown) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'answered' });
      },
      send: (...args: unknown[]) => sent.push(args),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
        listeners.set(channel, listener),
      off: (channel: string, listener: (event: unknown, message: unknown) => void) => {
        if (listeners.get(channel) === listener) listeners.delete(channel);
      },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(builtPreload, 'utf8'), {
    require: sandboxRequire,
    module,
    exports: module.exports,
    Promise,
    console: { error: () => {} },
  });
  return { exposed, invoked, sent, listeners };
}

describe('the preload (built)', () => {
  it('loads with nothing but electron and exposes only window.dpgui, the dropped-file paths and the menu', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['dpgui', 'dpguiHost']);
    expect(Object.keys(exposed.get('dpgui') as object).sort()).toEqual(['request', 'subscribe']);
    const host = exposed.get('dpguiHost') as { pathForFile: (file: { name: string }) => string };
    expect(Object.keys(host)).toEqual(['pathForFile', 'onMenuCommand']);
    expect(host.pathForFile({ name: 'photos' })).toBe('/dropped/photos');
  });

  it("hands the page the app menu's commands, and nothing else sent on that channel", () => {
    const { exposed, listeners } = loadPreload();
    const host = exposed.get('dpguiHost') as DesktopHostBridge;
    const commands: string[] = [];
    const stop = host.onMenuCommand((command) => commands.push(command));
    const forward = listeners.get('dpgui:menu');
    forward?.({ sender: 'ipc' }, 'zoom-in');
    forward?.({ sender: 'ipc' }, 'rm -rf');
    forward?.({ sender: 'ipc' }, 'zoom-reset');
    expect(commands).toEqual(['zoom-in', 'zoom-reset']);
    stop();
    expect(listeners.has('dpgui:menu')).toBe(false);
  });

  it('sends contract requests over IPC and refuses other channels without sending', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('dpgui') as DpguiBridge;
    expect(await bridge.request('app.info', {})).toEqual({ ok: true, value: 'answered' });
    expect(invoked).toEqual([['dpgui:request', { channel: 'app.info', payload: {} }]]);
    expect(await bridge.request('shell.openExternal', 'file:///')).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(invoked).toHaveLength(1);
  });

  it('gives listeners the payload alone, subscribing once per event and params, and acknowledges what it took', () => {
    const { exposed, sent, listeners } = loadPreload();
    const bridge = exposed.get('dpgui') as DpguiBridge;
    const a: unknown[][] = [];
    const b: unknown[][] = [];
    const logA: unknown[] = [];
    const stopA = bridge.subscribe('settings.changed', (...args) => a.push(args));
    bridge.subscribe('settings.changed', (...args) => b.push(args));
    bridge.subscribe('job.log', (payload) => logA.push(payload), { jobId: 'a', fromLine: 0 });
    // The same params in another order are the same subscription.
    const stopLogA2 = bridge.subscribe('job.log', () => {}, { fromLine: 0, jobId: 'a' });
    expect(sent).toEqual([
      ['dpgui:subscribe', { subscription: 1, event: 'settings.changed' }],
      ['dpgui:subscribe', { subscription: 2, event: 'job.log', params: { jobId: 'a', fromLine: 0 } }],
    ]);

    const ipcEvent = { sender: 'the ipcRenderer itself' };
    const settings = JSON.stringify({
      type: 'event',
      subscription: 1,
      event: 'settings.changed',
      payload: { colorScheme: 'dark' },
    });
    listeners.get('dpgui:event')?.(ipcEvent, settings);
    const log = JSON.stringify({ type: 'event', subscription: 2, event: 'job.log', payload: { jobId: 'a' } });
    listeners.get('dpgui:event')?.(ipcEvent, log);
    expect(a).toEqual([[{ colorScheme: 'dark' }]]);
    expect(b).toEqual([[{ colorScheme: 'dark' }]]);
    expect(logA).toEqual([{ jobId: 'a' }]);
    expect(sent.slice(2)).toEqual([
      ['dpgui:ack', settings.length],
      ['dpgui:ack', log.length],
    ]);

    stopA();
    stopLogA2();
    expect(sent).toHaveLength(4);
    expect(() => bridge.subscribe('jobs.secret', () => {})).toThrow('There is no event named "jobs.secret".');
  });

  it('drops a subscription the host refused', () => {
    const { exposed, sent, listeners } = loadPreload();
    const bridge = exposed.get('dpgui') as DpguiBridge;
    const got: unknown[] = [];
    bridge.subscribe('job.log', (payload) => got.push(payload), { jobId: 'a', bogus: 1 });
    const refusal = {
      type: 'error',
      subscription: 1,
      error: { code: 'invalid_payload', message: 'no', details: [] },
    };
    listeners.get('dpgui:event')?.({}, JSON.stringify(refusal));
    listeners.get('dpgui:event')?.(
      {},
      JSON.stringify({ type: 'event', subscription: 1, event: 'job.log', payload: 1 }),
    );
    expect(got).toEqual([]);
    // Subscribing again asks the host again.
    bridge.subscribe('job.log', () => {}, { jobId: 'a', bogus: 1 });
    expect(sent.filter(([channel]) => channel === 'dpgui:subscribe')).toHaveLength(2);
  });
});
