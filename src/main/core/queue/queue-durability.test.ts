// The queue across restarts, damaged files and a full disk, through the core both hosts start.
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeNvidiaSmi, writeSetUpInstalls } from '../../../../tests/support/set-up-installs';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobSummary, NewJob, RequestName } from '../../../shared/contract';
import { createAppCore, type AppCore, type AppCoreOptions } from '../app-core';
import { acceptAnyObjectConfig } from './job-queue';
import { openSqlite } from './sqlite';

const tempDir = useTempDirs();

function startCore(
  dataDir: string,
  extra: Partial<AppCoreOptions> = {},
): { core: AppCore; logged: string[] } {
  const logged: string[] = [];
  // Installs named and GPUs present: enqueue refuses no job of these tests before the queue sees it.
  writeSetUpInstalls(dataDir);
  // The supervisor's start-up reconciliation and dispatch are its own tests' business: here the queue
  // must keep exactly what it was given.
  const core = createAppCore({
    dataDir,
    host: 'headless',
    checkResponses: true,
    supervise: false,
    // What a config holds is the configs' tests' business: here any object is a job to keep.
    validateConfig: acceptAnyObjectConfig,
    nvidiaSmi: fakeNvidiaSmi,
    log: (l) => logged.push(l),
    ...extra,
  });
  return { core, logged };
}

async function call<T>(core: AppCore, channel: RequestName, payload: unknown): Promise<T> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const newJob = (name: string): NewJob => ({
  name,
  config: { trainer: 'diffusion-pipe', family: 'flux', values: { epochs: 10 } },
  gpus: { count: 1 },
});
const names = async (core: AppCore): Promise<string[]> =>
  (await call<{ items: JobSummary[] }>(core, 'jobs.list', { limit: 500 })).items.map(
    (j) => `${j.name}:${j.status}`,
  );

/** A queue with some history: a running job, a moved one, a deleted one, a finished one with a curve. */
async function fillQueue(core: AppCore): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of ['a', 'b', 'c', 'd', 'gone'])
    ids[name] = (await call<{ id: string }>(core, 'jobs.enqueue', newJob(name))).id;
  core.queue.transition(ids.a ?? '', 'starting');
  core.queue.transition(ids.a ?? '', 'running');
  core.queue.appendMetrics(ids.a ?? '', [
    { step: 1, loss: 0.9, smoothedLoss: 0.9, lr: 1e-4, epoch: 1 },
    { step: 2, loss: 0.8, smoothedLoss: 0.85, lr: 1e-4, epoch: 1 },
  ]);
  await call(core, 'jobs.reorder', { id: ids.d, to: 'top' });
  await call(core, 'jobs.hold', { id: ids.c });
  await call(core, 'jobs.cancel', { id: ids.gone });
  await call(core, 'jobs.delete', { id: ids.gone });
  await call(core, 'queue.pause', {});
  return ids;
}

describe('the queue across a restart', () => {
  it('keeps jobs, their order, the pause and the curves', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    const ids = await fillQueue(first);
    const before = await names(first);
    first.close();

    const { core: second, logged } = startCore(dataDir);
    expect(await names(second)).toEqual(before);
    expect(before).toEqual(['a:running', 'd:queued', 'b:queued', 'c:held']);
    expect(await call(second, 'queue.state', {})).toMatchObject({ paused: true });
    expect(second.queue.dispatchOrder()).toEqual([]);
    expect(second.queue.needsReconciliation()).toBe(true);
    expect(await call(second, 'jobs.metrics', { id: ids.a })).toMatchObject({
      stored: 2,
      points: [{ step: 1 }, { step: 2 }],
    });
    expect(second.info.notices).toEqual([]);
    expect(logged).toEqual([]);
    await call(second, 'queue.resume', {});
    expect(second.queue.dispatchOrder().map((j) => j.name)).toEqual(['d', 'b']);
    second.close();
  });
});

describe('a damaged or missing job database', () => {
  it('is kept aside, the queue rebuilt from the run folders (paused, in order of creation) and the user told', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    await fillQueue(first);
    first.close();
    writeFileSync(join(dataDir, 'queue.db'), 'this is not a database, it was overwritten by something');

    const { core, logged } = startCore(dataDir);
    const aside = readdirSync(dataDir).find((f) => f.startsWith('queue.db.damaged-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dataDir, aside ?? ''), 'utf8')).toContain('not a database');
    expect(core.info.notices).toHaveLength(1);
    expect(core.info.notices[0]).toContain(aside);
    expect(core.info.notices[0]).toMatch(
      /rebuilt from the job.json of 4 run folder\(s\), in order of creation/,
    );
    expect(logged.join('\n')).toContain(aside);
    // The moved job is back in creation order; the deleted one stays deleted; the running one waits for
    // the supervisor; nothing starts until the user has checked the order.
    expect(await names(core)).toEqual(['a:running', 'b:queued', 'c:held', 'd:queued']);
    expect(core.queue.needsReconciliation()).toBe(true);
    expect(await call(core, 'queue.state', {})).toMatchObject({ paused: true });
    core.close();
  });

  it('is rebuilt when its inside is damaged though its header is intact', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    for (let i = 0; i < 200; i++)
      await call(first, 'jobs.enqueue', {
        ...newJob(`job ${i}`),
        config: { ...newJob('').config, values: { note: 'x'.repeat(500) } },
      });
    first.close();
    const file = join(dataDir, 'queue.db');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // Scribble over the pages after the first (which holds the header and the schema).
    for (let offset = 4096 * 2; offset < size; offset += 4096 * 3)
      writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, offset);
    closeSync(fd);

    const { core } = startCore(dataDir);
    expect(core.info.notices[0]).toMatch(
      /could not be read .*kept as .*queue\.db\.damaged-.*rebuilt from the job.json of 200 run folder/s,
    );
    expect((await call<{ total: number }>(core, 'jobs.list', {})).total).toBe(200);
    core.close();
  });

  it('is rebuilt, not recreated empty, when it is missing but run folders exist', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    await call(first, 'jobs.enqueue', newJob('survivor'));
    first.close();
    for (const f of ['queue.db', 'queue.db-wal', 'queue.db-shm']) rmSync(join(dataDir, f), { force: true });

    const { core } = startCore(dataDir);
    expect(core.info.notices[0]).toMatch(
      /was missing, so the queue was rebuilt from the job.json of 1 run folder/,
    );
    expect(await names(core)).toEqual(['survivor:queued']);
    core.close();
  });

  it('stops the start with a clear sentence when it was written by a newer DPGui', () => {
    const dataDir = tempDir();
    startCore(dataDir).core.close();
    const db = openSqlite(join(dataDir, 'queue.db'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => startCore(dataDir)).toThrow(/written by a newer version of DPGui \(format 99/);
    // The lock was released: a fixed DPGui may start.
    expect(existsSync(join(dataDir, 'dpgui.lock'))).toBe(false);
  });
});

describe('a damaged metrics database', () => {
  it('is kept aside and started anew, and the jobs are unaffected', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    const job = await call<{ id: string }>(first, 'jobs.enqueue', newJob('curve'));
    first.queue.appendMetrics(job.id, [{ step: 1, loss: 1, smoothedLoss: null, lr: null, epoch: null }]);
    first.close();
    writeFileSync(join(dataDir, 'metrics.db'), 'garbage garbage garbage');

    const { core } = startCore(dataDir);
    expect(core.info.notices).toHaveLength(1);
    expect(core.info.notices[0]).toMatch(
      /training curves database could not be read.*kept as .*metrics\.db\.damaged-/s,
    );
    expect(await names(core)).toEqual(['curve:queued']);
    expect(await call(core, 'jobs.metrics', { id: job.id })).toMatchObject({ stored: 0, points: [] });
    core.queue.appendMetrics(job.id, [{ step: 5, loss: 1, smoothedLoss: null, lr: null, epoch: null }]);
    expect(await call(core, 'jobs.metrics', { id: job.id })).toMatchObject({ stored: 1 });
    core.close();
  });
});

describe('a metrics database damaged while in use', () => {
  it('is replaced when a read finds the damage, and the user told then', async () => {
    const dataDir = tempDir();
    const first = startCore(dataDir).core;
    const job = await call<{ id: string }>(first, 'jobs.enqueue', newJob('curve'));
    first.queue.appendMetrics(
      job.id,
      Array.from({ length: 20_000 }, (_, i) => ({ step: i, loss: 1, smoothedLoss: 1, lr: 1e-4, epoch: 1 })),
    );
    first.close();
    // Pages 1-3 (header, schema, first tables) stay intact, so the file opens; the curve's pages do not.
    const file = join(dataDir, 'metrics.db');
    const fd = openSync(file, 'r+');
    for (let offset = 4096 * 4; offset < statSync(file).size; offset += 4096)
      writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, offset);
    closeSync(fd);

    const { core, logged } = startCore(dataDir);
    expect(core.info.notices).toEqual([]);
    expect(await call(core, 'jobs.metrics', { id: job.id })).toMatchObject({ stored: 0, points: [] });
    expect(core.info.notices).toHaveLength(1);
    expect(core.info.notices[0]).toMatch(
      /training curves database could not be read.*metrics\.db\.damaged-/s,
    );
    expect(logged.join('\n')).toContain('metrics.db.damaged-');
    core.queue.appendMetrics(job.id, [{ step: 1, loss: 0.5, smoothedLoss: null, lr: null, epoch: null }]);
    expect(await call(core, 'jobs.metrics', { id: job.id })).toMatchObject({ stored: 1 });
    expect(await names(core)).toEqual(['curve:queued']);
    core.close();
  });
});

describe('a full disk', () => {
  it('refuses the job with "disk is full" and loses nothing already stored', async () => {
    const dataDir = tempDir();
    const { core } = startCore(dataDir, { queueMaxPageCount: 40 });
    const acknowledged: string[] = [];
    let refusal: { code: string; message: string } | undefined;
    for (let i = 0; i < 500 && !refusal; i++) {
      const result = await core.dispatch('jobs.enqueue', {
        ...newJob(`job ${i}`),
        config: { ...newJob('').config, values: { prompt: 'p'.repeat(2000) } },
      });
      if (result.ok) acknowledged.push((result.value as { id: string }).id);
      else refusal = result.error;
    }
    expect(refusal?.code).toBe('io_error');
    expect(refusal?.message).toMatch(/the disk is full/);
    expect(refusal?.message).toMatch(/Nothing that was already stored was lost/);
    expect(acknowledged.length).toBeGreaterThan(3);
    // The refused job left no run folder behind, and the queue still answers.
    expect(readdirSync(join(dataDir, 'runs')).sort()).toEqual([...acknowledged].sort());
    expect((await call<{ total: number }>(core, 'jobs.list', {})).total).toBe(acknowledged.length);
    core.close();

    const { core: after } = startCore(dataDir);
    const listed = await call<{ items: { id: string }[] }>(after, 'jobs.list', { limit: 500 });
    expect(listed.items.map((j) => j.id)).toEqual(acknowledged);
    expect(after.info.notices).toEqual([]);
    after.close();
  });
});
