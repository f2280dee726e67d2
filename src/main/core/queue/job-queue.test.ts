import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobStatus, NewJob, ReorderTarget } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';
import { HandlerError } from '../contract/dispatcher';
import { openJobQueue, type JobQueue, type JobQueueOptions, type QueueChange } from './job-queue';
import { waitingStatuses } from './job-states';
import { openSqlite } from './sqlite';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const isJob = (value: unknown): boolean => validators.response('jobs.get', value).ok;
const opened: JobQueue[] = [];
afterEach(() => {
  for (const queue of opened.splice(0)) queue.close();
});

function open(options: Partial<JobQueueOptions> = {}): JobQueue {
  const { queue } = openJobQueue({ dataDir: options.dataDir ?? tempDir(), isJob, ...options });
  opened.push(queue);
  return queue;
}

const sdConfig = (values: Record<string, unknown>): NewJob['config'] => ({
  trainer: 'sd-scripts',
  family: 'sdxl',
  values,
});

const newJob = (name: string, extra: Partial<NewJob> = {}): NewJob => ({
  name,
  config: sdConfig({ network_dim: 16, output_name: name }),
  gpus: { count: 1 },
  ...extra,
});

function thrownBy(action: () => unknown): HandlerError {
  try {
    action();
  } catch (error) {
    if (error instanceof HandlerError) return error;
    throw error;
  }
  throw new Error('expected a HandlerError');
}

/** Names of all jobs in queue order. */
const order = (queue: JobQueue): string[] => queue.list({ limit: 500 }).items.map((j) => j.name);

describe('enqueue', () => {
  it('stores the job with its config snapshot, writes its job.json and tells listeners', () => {
    const queue = open();
    const changes: QueueChange[] = [];
    queue.onChange((c) => changes.push(c));
    const job = queue.enqueue(newJob('first', { gpus: { count: 2, include: ['GPU-a', 'GPU-b'] } }));

    expect(job).toMatchObject({
      name: 'first',
      trainer: 'sd-scripts',
      status: 'queued',
      attempt: 1,
      config: sdConfig({ network_dim: 16, output_name: 'first' }),
      gpus: { count: 2, include: ['GPU-a', 'GPU-b'] },
      retriedFrom: null,
      clonedFrom: null,
    });
    expect(validators.response('jobs.enqueue', job)).toEqual({ ok: true });
    expect(queue.get(job.id)).toEqual(job);
    expect(JSON.parse(readFileSync(join(job.runDir, 'job.json'), 'utf8'))).toEqual(job);
    expect(changes).toEqual([{ kind: 'job', job: queue.list({}).items[0] }]);
  });

  it('refuses a config the validator rejects, naming its fields, and stores nothing', () => {
    const queue = open({
      validateConfig: (trainer, config) =>
        typeof config.values.network_dim === 'number' && config.values.network_dim > 8
          ? [{ path: 'values.network_dim', message: `is too large for ${trainer}` }]
          : [],
    });
    const error = thrownBy(() => queue.enqueue(newJob('too big')));
    expect(error.error.code).toBe('invalid_payload');
    expect(error.error.details).toEqual([
      { path: 'values.network_dim', message: 'is too large for sd-scripts' },
    ]);
    expect(queue.list({}).total).toBe(0);
    expect(queue.enqueue(newJob('small', { config: sdConfig({ network_dim: 4 }) })).status).toBe('queued');
  });

  it('links a clone to its source and refuses a source that does not exist', () => {
    const queue = open();
    const source = queue.enqueue(newJob('source'));
    expect(queue.enqueue(newJob('clone', { clonedFrom: source.id })).clonedFrom).toBe(source.id);
    expect(thrownBy(() => queue.enqueue(newJob('orphan', { clonedFrom: 'nope' }))).error.code).toBe(
      'not_found',
    );
  });
});

describe('queue order', () => {
  it('keeps a held job in its place without blocking the jobs behind it', () => {
    const queue = open();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => queue.enqueue(newJob(n)));
    queue.hold(b?.id ?? '');
    expect(queue.dispatchOrder().map((j) => j.name)).toEqual(['a', 'c']);
    expect(order(queue)).toEqual(['a', 'b', 'c']);
    queue.release(b?.id ?? '');
    expect(queue.dispatchOrder().map((j) => j.name)).toEqual(['a', 'b', 'c']);
    queue.cancel(a?.id ?? '');
    expect(queue.dispatchOrder().map((j) => j.name)).toEqual(['b', 'c']);
    expect(queue.get(c?.id ?? '').status).toBe('queued');
  });

  it('moves jobs to the top, the bottom, up, down and before another', () => {
    const queue = open();
    const ids = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [n, queue.enqueue(newJob(n)).id]));
    const move = (name: string, to: ReorderTarget): string[] => {
      queue.reorder(ids[name] ?? '', to);
      return order(queue);
    };
    expect(move('d', 'top')).toEqual(['d', 'a', 'b', 'c']);
    expect(move('d', 'down')).toEqual(['a', 'd', 'b', 'c']);
    expect(move('a', 'bottom')).toEqual(['d', 'b', 'c', 'a']);
    expect(move('c', 'up')).toEqual(['d', 'c', 'b', 'a']);
    expect(move('a', { before: ids.c ?? '' })).toEqual(['d', 'a', 'c', 'b']);
    expect(move('d', 'up')).toEqual(['d', 'a', 'c', 'b']);
    expect(move('b', 'down')).toEqual(['d', 'a', 'c', 'b']);
  });

  it('announces a move as queue.changed and refuses to move a job that is not waiting', () => {
    const queue = open();
    const a = queue.enqueue(newJob('a'));
    const b = queue.enqueue(newJob('b'));
    const reasons: string[] = [];
    queue.onChange((c) => {
      if (c.kind === 'queue') reasons.push(c.state.reason);
    });
    queue.reorder(b.id, 'top');
    expect(reasons).toEqual(['order']);
    queue.transition(a.id, 'starting');
    const error = thrownBy(() => queue.reorder(a.id, 'top'));
    expect(error.error).toMatchObject({ code: 'conflict' });
    expect(error.message).toContain('"starting"');
  });

  it('spreads the keys out when moves have used up a gap, and keeps the order', () => {
    const queue = open();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => queue.enqueue(newJob(n)).id);
    // Alternately moving c and d just before b halves the gap in front of b each time.
    for (let i = 0; i < 40; i++) queue.reorder(i % 2 === 0 ? (c ?? '') : (d ?? ''), { before: b ?? '' });
    expect(order(queue)).toEqual(['a', 'c', 'd', 'b']);
    expect(queue.get(a ?? '').status).toBe('queued');
  });

  it('respreads only the keys near a crowded gap, however often jobs are moved into it', () => {
    const queue = open();
    const ids = Array.from({ length: 120 }, (_, i) => queue.enqueue(newJob(`j${i}`)).id);
    const keyOf = (id: string): number => queue.get(id).position;
    const [first, last, target] = [ids[0] ?? '', ids[119] ?? '', ids[60] ?? ''];
    const [firstKey, lastKey] = [keyOf(first), keyOf(last)];
    // Jobs from the back moved one after another just before the same job: always the same gap.
    const moved = ids.slice(90, 118);
    for (let round = 0; round < 20; round++) for (const id of moved) queue.reorder(id, { before: target });
    const expected = [...ids.slice(0, 60).filter((id) => !moved.includes(id))];
    expected.push(...moved, ...ids.slice(60).filter((id) => !moved.includes(id)));
    const listed = queue.list({ limit: 500 }).items.map((j) => j.id);
    expect(listed).toEqual(expected);
    // The keys are unique and increasing in the listed order, and the ends of the queue kept theirs.
    const keys = queue.list({ limit: 500 }).items.map((j) => j.position);
    expect(keys.every((k, i) => i === 0 || k > (keys[i - 1] ?? k))).toBe(true);
    expect([keyOf(first), keyOf(last)]).toEqual([firstKey, lastKey]);
  });

  it('puts a retry at the end, linked to the job it retries', () => {
    const queue = open();
    const a = queue.enqueue(newJob('a'));
    queue.enqueue(newJob('b'));
    queue.transition(a.id, 'starting');
    queue.transition(a.id, 'failed', { exitCode: 1, errorReason: 'CUDA out of memory' });
    const retry = queue.retry(a.id, true);
    expect(retry).toMatchObject({ name: 'a', status: 'queued', retriedFrom: a.id, resume: true, attempt: 1 });
    expect(retry.config).toEqual(a.config);
    expect(order(queue)).toEqual(['a', 'b', 'a']);
    expect(queue.dispatchOrder().map((j) => j.id)).toEqual([queue.list({}).items[1]?.id, retry.id]);
    expect(thrownBy(() => queue.retry(retry.id)).error.code).toBe('conflict');
  });

  it('puts an edited job in the place of the old one, keeping its hold, and cancels the old one', () => {
    const queue = open();
    queue.enqueue(newJob('a'));
    const b = queue.enqueue(newJob('b'));
    queue.enqueue(newJob('c'));
    queue.hold(b.id);
    const edited = queue.replace({ id: b.id, ...newJob('b2', { config: sdConfig({ network_dim: 32 }) }) });
    expect(edited).toMatchObject({ status: 'held', config: { values: { network_dim: 32 } } });
    expect(order(queue)).toEqual(['a', 'b2', 'b', 'c']);
    expect(queue.get(b.id)).toMatchObject({
      status: 'canceled',
      errorReason: `Replaced by the edited job ${edited.id}.`,
    });
    expect(thrownBy(() => queue.replace({ id: b.id, ...newJob('again') })).error.code).toBe('conflict');
  });

  it('matches a simple model under any sequence of moves, holds, cancels, retries and edits', () => {
    type Op =
      | { op: 'enqueue' }
      | { op: 'reorder'; pick: number; to: 'top' | 'bottom' | 'up' | 'down' | { before: number } }
      | { op: 'hold' | 'release' | 'cancel' | 'retry' | 'replace'; pick: number };
    const pick = fc.nat({ max: 50 });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ op: 'enqueue' as const }),
      fc.record({
        op: fc.constant('reorder' as const),
        pick,
        to: fc.oneof(
          fc.constantFrom('top' as const, 'bottom' as const, 'up' as const, 'down' as const),
          fc.record({ before: pick }),
        ),
      }),
      fc.record({
        op: fc.constantFrom(
          'hold' as const,
          'release' as const,
          'cancel' as const,
          'retry' as const,
          'replace' as const,
        ),
        pick,
      }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const queue = open();
        const model: { id: string; status: JobStatus }[] = [];
        const add = (id: string, status: JobStatus, at = model.length): void => {
          model.splice(at, 0, { id, status });
        };
        const index = (id: string): number => model.findIndex((m) => m.id === id);
        const moveTo = (from: number, to: number): void => {
          const [entry] = model.splice(from, 1);
          if (entry) model.splice(to > from ? to - 1 : to, 0, entry);
        };
        const waiting = (m: { status: JobStatus }): boolean => waitingStatuses.includes(m.status);
        const attempt = (action: () => void): void => {
          try {
            action();
          } catch (error) {
            if (!(error instanceof HandlerError) || error.error.code !== 'conflict') throw error;
          }
        };
        for (let i = 0; i < 3; i++) add(queue.enqueue(newJob(`j${i}`)).id, 'queued');
        for (const step of ops) {
          if (step.op === 'enqueue') {
            add(queue.enqueue(newJob('new')).id, 'queued');
            continue;
          }
          const target = model[step.pick % model.length];
          if (!target) continue;
          const at = index(target.id);
          switch (step.op) {
            case 'hold':
            case 'release': {
              const from = step.op === 'hold' ? 'queued' : 'held';
              attempt(() => (step.op === 'hold' ? queue.hold(target.id) : queue.release(target.id)));
              if (target.status === from) target.status = step.op === 'hold' ? 'held' : 'queued';
              break;
            }
            case 'cancel':
              attempt(() => queue.cancel(target.id));
              if (waiting(target)) target.status = 'canceled';
              break;
            case 'retry':
              attempt(() => queue.retry(target.id));
              if (target.status === 'canceled')
                add(queue.list({ limit: 500 }).items.at(-1)?.id ?? '', 'queued');
              break;
            case 'replace': {
              if (!waiting(target)) {
                attempt(() => queue.replace({ id: target.id, ...newJob('edit') }));
                break;
              }
              const edited = queue.replace({ id: target.id, ...newJob('edit') });
              add(edited.id, target.status, at);
              target.status = 'canceled';
              break;
            }
            case 'reorder': {
              const to = step.to;
              const before = typeof to === 'object' ? model[to.before % model.length] : undefined;
              attempt(() => queue.reorder(target.id, before ? { before: before.id } : (to as 'top')));
              if (!waiting(target)) break;
              if (before) {
                if (before.id !== target.id) moveTo(at, index(before.id));
              } else if (to === 'top') {
                const first = model.findIndex(waiting);
                if (first < at) moveTo(at, first);
              } else if (to === 'bottom') {
                moveTo(at, model.length);
              } else if (to === 'up') {
                const previous = model.slice(0, at).findLastIndex(waiting);
                if (previous >= 0) moveTo(at, previous);
              } else {
                const next = model.findIndex((m, i) => i > at && waiting(m));
                if (next >= 0) moveTo(at, next + 1);
              }
              break;
            }
          }
        }
        const listed = queue.list({ limit: 500 }).items;
        expect(listed.map((j) => [j.id, j.status])).toEqual(model.map((m) => [m.id, m.status]));
        expect(queue.dispatchOrder().map((j) => j.id)).toEqual(
          model.filter((m) => m.status === 'queued').map((m) => m.id),
        );
        queue.close();
        opened.splice(opened.indexOf(queue), 1);
      }),
      { numRuns: 40 },
    );
  });
});

describe('listing', () => {
  it('answers summaries without configs, and refuses a cursor it did not give out', () => {
    const queue = open();
    queue.enqueue(newJob('a'));
    const page = queue.list({});
    expect(page).toMatchObject({ total: 1, nextCursor: null });
    expect(page.items[0]).not.toHaveProperty('config');
    expect(validators.response('jobs.list', page)).toEqual({ ok: true });
    const error = thrownBy(() => queue.list({ cursor: 'page-two' }));
    expect(error.error).toMatchObject({ code: 'invalid_payload', details: [{ path: 'cursor' }] });
  });
});

describe('cancel, delete, pause', () => {
  it('cancels a waiting job at once and asks a started one to stop', () => {
    const queue = open();
    const waiting = queue.enqueue(newJob('waiting'));
    const started = queue.enqueue(newJob('started'));
    queue.transition(started.id, 'starting');
    queue.transition(started.id, 'running');
    expect(queue.cancel(waiting.id).status).toBe('canceled');
    expect(queue.cancel(started.id).status).toBe('stopping');
    expect(queue.cancel(started.id).status).toBe('stopping');
    const error = thrownBy(() => queue.cancel(waiting.id));
    expect(error.error.code).toBe('conflict');
    expect(error.message).toContain('from "canceled" to "canceled"');
  });

  it('deletes only finished jobs, their curve, and their run folder only when asked', () => {
    const queue = open();
    const kept = queue.enqueue(newJob('kept folder'));
    const removed = queue.enqueue(newJob('removed folder'));
    const waiting = queue.enqueue(newJob('waiting'));
    for (const job of [kept, removed]) queue.cancel(job.id);
    queue.appendMetrics(kept.id, [{ step: 1, loss: 0.5, smoothedLoss: null, lr: 1e-4, epoch: 1 }]);

    expect(thrownBy(() => queue.delete(waiting.id)).error.code).toBe('conflict');
    expect(queue.delete(kept.id)).toEqual({ id: kept.id, runFolderRemoved: false });
    expect(queue.delete(removed.id, true)).toEqual({ id: removed.id, runFolderRemoved: true });

    expect(order(queue)).toEqual(['waiting']);
    expect(thrownBy(() => queue.get(kept.id)).error.code).toBe('not_found');
    const marked = JSON.parse(readFileSync(join(kept.runDir, 'job.json'), 'utf8')) as Record<string, unknown>;
    expect(marked.id).toBe(kept.id);
    expect(typeof marked.deletedAt).toBe('string');
    expect(existsSync(removed.runDir)).toBe(false);
    expect(existsSync(waiting.runDir)).toBe(true);
  });

  it('starts nothing while paused, and says so in its state', () => {
    const queue = open();
    queue.enqueue(newJob('a'));
    const paused = queue.pause();
    expect(paused).toMatchObject({ paused: true, counts: { queued: 1 } });
    expect(typeof paused.pausedAt).toBe('string');
    expect(queue.dispatchOrder()).toEqual([]);
    expect(queue.resume()).toMatchObject({ paused: false, pausedAt: null });
    expect(queue.dispatchOrder().map((j) => j.name)).toEqual(['a']);
  });
});

describe('what the supervisor uses', () => {
  it('pages the queued jobs in order, after a position, and those asking for no GPU, also in a database from before the index', () => {
    const dataDir = tempDir();
    let queue = open({ dataDir });
    const names = Array.from({ length: 150 }, (_, i) => `j${i}`);
    for (const name of names) queue.enqueue(newJob(name, { gpus: { count: name.endsWith('7') ? 0 : 1 } }));
    queue.hold(queue.list({ search: 'j17' }).items[0]?.id ?? '');
    queue.close();
    opened.splice(opened.indexOf(queue), 1);
    // The previous version's database: no partial index, nor what migrations 3 and 5 add; user_version 1.
    // Opening it migrates it.
    const db = openSqlite(join(dataDir, 'queue.db'));
    db.exec('DROP INDEX jobs_queued_without_gpus');
    db.exec('DROP INDEX IF EXISTS jobs_by_status_newest');
    for (const column of ['reason_code', 'canceled_by', 'canceled_at', 'saved_state', 'resume_from'])
      db.exec(`ALTER TABLE jobs DROP COLUMN ${column}`);
    db.pragma('user_version = 1');
    db.close();
    queue = open({ dataDir });
    const queued = names.filter((n) => n !== 'j17');
    expect([...queue.waitingToStart()].map((j) => j.name)).toEqual(queued);
    const cpuOnly = [...queue.waitingToStart({ withoutGpus: true })].map((j) => j.name);
    expect(cpuOnly).toEqual(queued.filter((n) => n.endsWith('7')));
    const after = queue.list({ search: 'j100' }).items[0]?.position ?? 0;
    expect([...queue.waitingToStart({ withoutGpus: true, after })].map((j) => j.name)).toEqual([
      'j107',
      'j117',
      'j127',
      'j137',
      'j147',
    ]);
    expect(queue.hasJobsIn(['held'])).toBe(true);
    expect(queue.hasJobsIn(['running'])).toBe(false);
    queue.pause();
    expect([...queue.waitingToStart()]).toEqual([]);
  });

  it('records a launch, progress and ports, and knows which jobs need reconciling', () => {
    const queue = open();
    const job = queue.enqueue(newJob('run'));
    expect(queue.needsReconciliation()).toBe(false);
    queue.transition(job.id, 'starting', { assignedGpus: ['GPU-1'] });
    const launched = queue.recordLaunch(job.id, {
      wrapper: { pid: 100, startTime: '5000', bootId: 'boot-1' },
      trainer: { pid: 101, startTime: '5001', pgid: 101 },
      masterPort: 29_611,
      gpus: ['GPU-1'],
    });
    expect(launched.process).toEqual({
      wrapperPid: 100,
      wrapperStartTime: '5000',
      bootId: 'boot-1',
      trainerPid: 101,
      trainerStartTime: '5001',
      trainerPgid: 101,
    });
    expect(queue.unfinishedPorts()).toEqual([29_611]);
    expect(queue.needsReconciliation()).toBe(true);
    queue.transition(job.id, 'running');
    const progress = {
      jobId: job.id,
      phase: 'training' as const,
      step: 10,
      total: 100,
      epoch: 1,
      epochs: 10,
      loss: 0.12,
      smoothedLoss: 0.13,
      lr: 1e-4,
      itPerSec: 1.5,
      etaSeconds: 60,
      nextSave: 50,
      nextSample: null,
    };
    expect(queue.recordProgress(job.id, progress)).toBe(true);
    expect(queue.get(job.id).lastProgress).toEqual(progress);
    expect(queue.jobsIn(['running']).map((j) => j.id)).toEqual([job.id]);
    queue.transition(job.id, 'succeeded', { exitCode: 0 });
    expect(queue.recordProgress(job.id, progress)).toBe(false);
    expect(queue.unfinishedPorts()).toEqual([]);
    expect(queue.get(job.id).finishedAt).not.toBeNull();
  });

  it('downsamples a curve to at most the points asked for, over a step range', () => {
    const queue = open();
    const job = queue.enqueue(newJob('curve'));
    queue.appendMetrics(
      job.id,
      Array.from({ length: 10_000 }, (_, i) => ({
        step: i + 1,
        loss: i + 1,
        smoothedLoss: null,
        lr: 1e-4,
        epoch: 1,
      })),
    );
    const all = queue.metrics({ id: job.id, maxPoints: 100 });
    expect(all.stored).toBe(10_000);
    expect(all.downsampled).toBe(true);
    expect(all.points.length).toBeLessThanOrEqual(100);
    expect(all.points.length).toBeGreaterThan(90);
    // Buckets of 100 steps: the first averages steps 1..100.
    expect(all.points[0]).toEqual({ step: 100, loss: 50.5, smoothedLoss: null, lr: 1e-4, epoch: 1 });
    const steps = all.points.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));

    const range = queue.metrics({ id: job.id, fromStep: 501, toStep: 520, maxPoints: 100 });
    expect(range).toMatchObject({ stored: 20, downsampled: false });
    expect(range.points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => 501 + i));
  });
});
