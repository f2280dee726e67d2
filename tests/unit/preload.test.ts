// The built preload (out/preload/index.cjs) run as a sandboxed preload is: a plain script whose
// `require` knows only 'electron'. It must expose window.dpgui and nothing else, pass only contract
// channels, and hand listeners the payload alone.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { DpguiBridge } from '../../src/shared/contract/wire';

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
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'answered' });
      },
      send: (...args: unknown[]) => sent.push(args),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
        listeners.set(channel, listener),
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
  });
  return { exposed, invoked, sent, listeners };
}

describe('the preload (built)', () => {
  it('loads with nothing but electron and exposes only window.dpgui', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['dpgui']);
    expect(Object.keys(exposed.get('dpgui') as object).sort()).toEqual(['request', 'subscribe']);
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

  it('gives listeners the payload alone, subscribing once per event', () => {
    const { exposed, sent, listeners } = loadPreload();
    const bridge = exposed.get('dpgui') as DpguiBridge;
    const a: unknown[][] = [];
    const b: unknown[][] = [];
    const stopA = bridge.subscribe('settings.changed', (...args) => a.push(args));
    bridge.subscribe('settings.changed', (...args) => b.push(args));
    expect(sent).toEqual([['dpgui:subscribe', 'settings.changed']]);

    const ipcEvent = { sender: 'the ipcRenderer itself' };
    listeners.get('dpgui:event')?.(ipcEvent, { event: 'settings.changed', payload: { colorScheme: 'dark' } });
    expect(a).toEqual([[{ colorScheme: 'dark' }]]);
    expect(b).toEqual([[{ colorScheme: 'dark' }]]);

    stopA();
    expect(sent).toHaveLength(1);
    expect(() => bridge.subscribe('jobs.secret', () => {})).toThrow('There is no event named "jobs.secret".');
  });
});
