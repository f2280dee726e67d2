// A host started on a full data disk (the free-space probe says so: decisions.md's seam for a full
// disk) starts read-only instead of refusing: app.info says the disk is full, the jobs are listed, a
// training that an earlier host started (the fake trainer under python-bridge) is re-adopted and
// stopped through jobs.cancel, every channel that would save something answers io_error with the
// sentence, and once space is back app.info says so.
import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type { AppInfo, Job, JobListPage, JobSummary } from '../../src/shared/contract';
import { fakePython, makeWorld, processes, sdJob, until } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const cores: AppCore[] = [];
const jobIds: string[] = [];
const nvidiaSmi = resolve('tests/fixtures/bin/nvidia-smi');

afterAll(() => {
  for (const core of cores) core.close();
  for (const id of jobIds) expect(findTaggedProcesses(id, processes), id).toEqual([]);
});

function start(dataDir: string, freeSpace?: () => number): AppCore {
  const core = createAppCore({
    dataDir,
    host: 'headless',
    checkResponses: true,
    nvidiaSmi,
    log: () => {},
    ...(freeSpace ? { freeSpace, fullDiskCheckMs: 20 } : {}),
  });
  cores.push(core);
  return core;
}

async function call<T>(core: AppCore, channel: string, payload: unknown): Promise<T> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('a host started on a full disk', () => {
  it('shows the jobs, stops a running training, refuses to save anything new, and says so', async () => {
    chmodSync(fakePython, 0o755);
    const root = tempDir();
    const dataDir = join(root, 'data');
    const world = makeWorld(root);

    // An earlier host starts a long training (it fills the disk, as far as this story goes).
    const first = start(dataDir);
    await call(first, 'settings.set', {
      trainers: {
        sdScripts: { python: fakePython, folder: world.sdScripts, env: { HF_HOME: join(root, 'hf') } },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
      stopGraceSeconds: 2,
    });
    const running = await call<Job>(
      first,
      'jobs.enqueue',
      sdJob(root, world, 'filler', ['--replay', 'plain_split_unbuf', '--speed', '0.02']),
    );
    jobIds.push(running.id);
    const waiting = await call<Job>(first, 'jobs.enqueue', sdJob(root, world, 'next', ['--seconds', '1']));
    await call(first, 'jobs.hold', { id: waiting.id });
    await until(
      'the training to run',
      async () => (await call<Job>(first, 'jobs.get', { id: running.id })).status === 'running',
      15_000,
    );
    first.close(); // the training goes on

    let free = 0;
    const core = start(dataDir, () => free);
    const info = await call<AppInfo>(core, 'app.info', {});
    expect(info.notices).toEqual([expect.stringMatching(/disk of the data folder .* is full.*read-only/)]);
    expect(info.notices[0]).toContain(dataDir);
    expect(info.notices[0]).toMatch(/Free some space/);

    const listed = await call<JobListPage>(core, 'jobs.list', {});
    expect(listed.items.map((job) => [job.name, job.status])).toEqual([
      ['filler', 'running'],
      ['next', 'held'],
    ]);

    // Whatever would save something new answers io_error, naming the full disk and what to do.
    for (const [channel, payload] of [
      ['jobs.enqueue', sdJob(root, world, 'more', ['--seconds', '1'])],
      ['jobs.release', { id: waiting.id }],
      ['queue.pause', {}],
      ['settings.set', { stopGraceSeconds: 3 }],
      ['presets.save', { name: 'mine', config: running.config }],
    ] as const) {
      const refused = await core.dispatch(channel, payload);
      expect(refused.ok, channel).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code, channel).toBe('io_error');
      expect(refused.error.message, channel).toMatch(/disk .* is full.*Free some space/);
    }

    // The training is stopped: stopping, then canceled, and nothing of its tree is left.
    const stopping = await call<JobSummary>(core, 'jobs.cancel', { id: running.id });
    expect(stopping.status).toBe('stopping');
    await until(
      'the training to be canceled',
      async () => (await call<Job>(core, 'jobs.get', { id: running.id })).status === 'canceled',
      20_000,
    );
    await until(
      'its processes to end',
      () => Promise.resolve(findTaggedProcesses(running.id, processes).length === 0),
      10_000,
    );
    // A waiting job can be canceled too, and nothing was started meanwhile.
    expect((await call<JobSummary>(core, 'jobs.cancel', { id: waiting.id })).status).toBe('canceled');
    expect(
      (await call<JobListPage>(core, 'jobs.list', {})).items.map((job) => [job.name, job.status]),
    ).toEqual([
      ['filler', 'canceled'],
      ['next', 'canceled'],
    ]);

    // Space is back: app.info says so (a restart ends the read-only start).
    free = 10 * 1024 ** 3;
    await until(
      'app.info to say space is back',
      async () => (await call<AppInfo>(core, 'app.info', {})).notices.some((n) => /free space again/.test(n)),
      10_000,
    );
    expect((await call<AppInfo>(core, 'app.info', {})).notices).toHaveLength(1);
    core.close();

    // What was done read-only is stored: a normal start sees both jobs canceled.
    const after = start(dataDir);
    expect(
      (await call<JobListPage>(after, 'jobs.list', {})).items.map((job) => [job.name, job.status]),
    ).toEqual([
      ['filler', 'canceled'],
      ['next', 'canceled'],
    ]);
    expect((await call<AppInfo>(after, 'app.info', {})).notices).toEqual([]);
  }, 60_000);
});
