import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll } from 'vitest';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp-dir';
import {
  defaultSettings,
  eventNames,
  requestNames,
  type EventName,
  type Job,
  type Requests,
} from '../../shared/contract';
import { createAppCore } from './app-core';
import { DataDirBusyError } from './data-dir/data-dir-lock';
import { datasetIdOf } from './datasets/registry/dataset-registry';

const tempDir = useTempDirs();

// A dataset folder with one captioned image for the datasets.* samples (its id follows from its path).
const datasetDir = realpathSync(mkdtempSync(join(tmpdir(), 'dpgui-core-dataset-')));
await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
  .png()
  .toFile(join(datasetDir, 'a.png'));
writeFileSync(join(datasetDir, 'a.txt'), 'cat, sofa');
const datasetId = datasetIdOf(datasetDir);
afterAll(() => rmSync(datasetDir, { recursive: true, force: true }));
// host.findPython finds the python of a venv by the venv's folder.
const venvDir = realpathSync(mkdtempSync(join(tmpdir(), 'dpgui-core-venv-')));
mkdirSync(join(venvDir, 'bin'));
writeFileSync(join(venvDir, 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
writeFileSync(join(venvDir, 'pyvenv.cfg'), 'home = /usr/bin\n');
afterAll(() => rmSync(venvDir, { recursive: true, force: true }));
// configs.export writes a folder that does not exist yet.
const exportDir = join(tmpdir(), `dpgui-core-export-${process.pid}`);
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));
const sampleConfig = { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 8 } } as const;

/** One valid payload per channel; the type makes every new channel add its own. */
/** A valid job config for the generic trainer (nothing on disk to check), differing by one override. */
function genericConfig(steps: string) {
  return {
    trainer: 'generic' as const,
    family: 'hydra',
    values: {
      command: '{python} train.py --config-path {run_dir}',
      config: {},
      overrides: [`+steps=${steps}`],
    },
  };
}

const samplePayloads: Requests = {
  'app.info': {},
  'configs.schema': { trainer: 'sd-scripts' },
  'configs.validate': { config: sampleConfig },
  'configs.preview': { config: sampleConfig },
  'configs.import': {
    trainer: 'sd-scripts',
    files: [{ name: 'config.toml', content: 'sdxl = true\nnetwork_dim = 8\n' }],
  },
  'configs.export': { config: sampleConfig, folder: exportDir },
  'presets.list': {},
  'presets.get': { id: 'builtin:sd-scripts-sdxl-lora' },
  'presets.save': { name: 'Sample', config: sampleConfig },
  'presets.rename': { id: 'sample', name: 'Renamed' },
  'presets.delete': { id: 'sample' },
  'presets.import': {
    content: JSON.stringify({ format: 'dpgui-preset', version: 1, name: 'Imported', config: sampleConfig }),
  },
  'presets.export': { id: 'builtin:sd-scripts-sd15-lora' },
  'drafts.list': {},
  'drafts.get': { slot: 'new' },
  'drafts.save': { slot: 'new', config: sampleConfig, origin: { kind: 'new' } },
  'drafts.discard': { slot: 'new' },
  'settings.get': {},
  // The generic trainer's install is set, so the jobs.* samples below are not refused as unset.
  'settings.set': {
    colorScheme: 'dark',
    trainers: {
      ...defaultSettings.trainers,
      generic: { python: '/nonexistent/venv/bin/python', folder: '' },
    },
  },
  'gpus.list': {},
  'logs.read': { jobId: 'none', fromLine: 0 },
  'logs.search': { jobId: 'none', query: 'x' },
  // Jobs get the ids job-1, job-2, … in this test (see newJobId below), in channel order.
  'jobs.enqueue': { name: 'sample', config: genericConfig('1'), gpus: { count: 0 } },
  'jobs.replace': {
    id: 'job-1',
    name: 'edited',
    config: genericConfig('2'),
    gpus: { count: 0 },
  },
  'jobs.list': { limit: 10 },
  'jobs.get': { id: 'job-2' },
  'jobs.metrics': { id: 'job-2', maxPoints: 10 },
  'jobs.artifacts': { id: 'job-2' },
  'jobs.save': { id: 'job-2' },
  'jobs.stopAndSave': { id: 'job-2' },
  'jobs.waitReasons': {},
  'env.doctor': {},
  'env.cancelDoctor': {},
  'trainers.list': {},
  'jobs.reorder': { id: 'job-2', to: 'top' },
  'jobs.cancel': { id: 'job-2' },
  'jobs.retry': { id: 'job-2' },
  'jobs.hold': { id: 'job-3' },
  'jobs.release': { id: 'job-3' },
  'jobs.delete': { id: 'job-1' },
  'queue.pause': {},
  'queue.resume': {},
  'queue.state': {},
  'datasets.register': { path: datasetDir },
  'datasets.list': {},
  'datasets.get': { id: datasetId },
  'datasets.scan': { id: datasetId },
  'datasets.cancelScan': { id: datasetId },
  'datasets.files': { id: datasetId },
  'datasets.watch': { id: datasetId, seconds: 0 },
  'datasets.buckets': {
    id: datasetId,
    settings: { trainer: 'sd-scripts', resolution: 512, enableBucket: true },
  },
  'datasets.configBuckets': {
    config: {
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: { resolution: 512, subsets: [{ image_dir: datasetDir, num_repeats: 2 }] },
    },
  },
  'datasets.captions.read': { id: datasetId, paths: ['a.png'] },
  'datasets.caption.get': { id: datasetId, path: 'a.png' },
  'datasets.caption.set': { id: datasetId, path: 'a.png', text: 'cat, sofa, window' },
  'datasets.bulk.preview': { id: datasetId, operation: { kind: 'prepend', text: 'ohwx' } },
  'datasets.bulk.apply': { id: datasetId, operation: { kind: 'prepend', text: 'ohwx' } },
  'datasets.undoBulk': { id: datasetId },
  'datasets.tags': { id: datasetId },
  'datasets.remove': { id: datasetId },
  'host.listFolder': { path: datasetDir, filter: { extensions: ['png'] } },
  'host.findPython': { path: venvDir },
  'host.openFileDialog': { title: 'Choose a model' },
  'host.openFolderDialog': {},
  'host.showInFolder': { path: datasetDir },
};

/** A desktop host's dialogs, answered at once (only Electron has real ones). */
const desktopChannels = {
  'host.openFileDialog': () => ({ canceled: true, paths: [] }),
  'host.openFolderDialog': () => ({ canceled: false, paths: [datasetDir] }),
  'host.showInFolder': () => ({}),
};

describe('the core behind both hosts', () => {
  it('answers every channel with what its response schema promises, and emits valid events', async () => {
    let jobs = 0;
    const core = createAppCore({
      dataDir: tempDir(),
      host: 'electron',
      desktopChannels,
      newJobId: () => `job-${++jobs}`,
    });
    const seen = new Map<EventName, unknown[]>();
    core.events.subscribeAll((event, payload) => seen.set(event, [...(seen.get(event) ?? []), payload]));

    for (const channel of requestNames) {
      const result = await core.dispatch(channel, samplePayloads[channel]);
      if (channel === 'jobs.save' || channel === 'jobs.stopAndSave') {
        // A generic job saves nothing on request: refused (409) as its abilities say.
        const job = await core.dispatch('jobs.get', { id: 'job-2' });
        const reason = job.ok ? (job.value as Job).abilities.saveNow.reason : null;
        expect(result, channel).toMatchObject({ ok: false, error: { code: 'conflict', message: reason } });
        continue;
      }
      expect(result, `${channel}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
      if (result.ok) expect(core.validators.response(channel, result.value), channel).toEqual({ ok: true });
    }
    // A running trainer pushes these; the supervisor's tests check their payloads against the schemas.
    // Trainings push these; queue.waitReasons is planned only for a subscriber of the event stream.
    const notFromRequests: EventName[] = [
      'job.log',
      'job.progress',
      'job.artifact',
      'job.metrics',
      'job.stalled',
      'queue.waitReasons',
    ];
    for (const event of eventNames) {
      if (!notFromRequests.includes(event))
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
    expect(changes).toEqual([{ ...defaultSettings, colorScheme: 'light' }]);
    first.close();

    const second = createAppCore({ dataDir, host: 'electron' });
    expect(await second.dispatch('settings.get', {})).toEqual({
      ok: true,
      value: { ...defaultSettings, colorScheme: 'light' },
    });
    second.close();
  });

  it('keeps an unreadable settings file aside, starts with defaults and says so', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), '{"colorScheme": "dark",');
    const core = createAppCore({ dataDir, host: 'headless' });
    expect(await core.dispatch('settings.get', {})).toEqual({ ok: true, value: defaultSettings });
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
