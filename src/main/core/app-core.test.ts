import { writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp-dir';
import { eventNames, requestNames, type EventName, type Requests } from '../../shared/contract';
import { createAppCore } from './app-core';
import { DataDirBusyError } from './data-dir/data-dir-lock';

const tempDir = useTempDirs();

/** One valid payload per channel; the type makes every new channel add its own. */
const samplePayloads: Requests = {
  'app.info': {},
  'settings.get': {},
  'settings.set': { colorScheme: 'dark' },
};

describe('the core behind both hosts', () => {
  it('answers every channel with what its response schema promises, and emits valid events', async () => {
    const core = createAppCore({ dataDir: tempDir(), host: 'headless' });
    const seen = new Map<EventName, unknown[]>();
    core.events.subscribeAll((event, payload) => seen.set(event, [...(seen.get(event) ?? []), payload]));

    for (const channel of requestNames) {
      const result = await core.dispatch(channel, samplePayloads[channel]);
      expect(result, channel).toMatchObject({ ok: true });
      if (result.ok) expect(core.validators.response(channel, result.value), channel).toEqual({ ok: true });
    }
    for (const event of eventNames) {
      expect(seen.get(event), `no sample request emitted ${event}`).toBeDefined();
      for (const payload of seen.get(event) ?? [])
        expect(core.validators.event(event, payload)).toEqual({ ok: true });
    }
    core.close();
  });

  it('keeps settings across a restart and tells every listener when they change', async () => {
    const dataDir = tempDir();
    const first = createAppCore({ dataDir, host: 'headless' });
    const changes: unknown[] = [];
    first.events.subscribe('settings.changed', (s) => changes.push(s));
    await first.dispatch('settings.set', { colorScheme: 'light' });
    expect(changes).toEqual([{ colorScheme: 'light' }]);
    first.close();

    const second = createAppCore({ dataDir, host: 'electron' });
    expect(await second.dispatch('settings.get', {})).toEqual({ ok: true, value: { colorScheme: 'light' } });
    second.close();
  });

  it('keeps an unreadable settings file aside, starts with defaults and says so', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '{"colorScheme": "dark",');
    const core = createAppCore({ dataDir, host: 'headless' });
    expect(await core.dispatch('settings.get', {})).toEqual({ ok: true, value: { colorScheme: 'auto' } });
    const aside = readdirSync(dataDir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dataDir, aside ?? ''), 'utf8')).toBe('{"colorScheme": "dark",');
    expect(core.info.notices).toHaveLength(1);
    expect(core.info.notices[0]).toContain(aside);
    expect(await core.dispatch('app.info', {})).toMatchObject({
      ok: true,
      value: { notices: core.info.notices },
    });
    core.close();
  });

  it('refuses a second core on the same data folder until the first closes', () => {
    const dataDir = tempDir();
    const first = createAppCore({ dataDir, host: 'electron' });
    expect(() => createAppCore({ dataDir, host: 'headless' })).toThrow(DataDirBusyError);
    expect(() => createAppCore({ dataDir, host: 'headless' })).toThrow(
      /in use by the DPGui desktop app, pid \d+/,
    );
    first.close();
    createAppCore({ dataDir, host: 'headless' }).close();
  });

  it('covers every request channel in the sample table', () => {
    expect(Object.keys(samplePayloads).sort()).toEqual([...requestNames].sort());
  });
});
