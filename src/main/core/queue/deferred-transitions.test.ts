// A training's end is recorded even when the disk refuses the write: the change is kept in memory, read
// back and announced as if stored, and written in order once the disk takes writes again. The refusal
// here is real: the job's run folder is replaced by a file, so its job.json cannot be written.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobStatus } from '../../../shared/contract';
import { withDeferredTransitions } from './deferred-transitions';
import { openJobQueue, type QueueChange } from './job-queue';

const tempDir = useTempDirs();

function setUp(readOnly = false) {
  const { queue: inner } = openJobQueue({ dataDir: tempDir(), isJob: () => true });
  const deferred = withDeferredTransitions(inner, { readOnly: () => readOnly, retryMs: 60_000 });
  const queue = deferred.queue;
  const job = (name: string) =>
    queue.enqueue({
      name,
      config: { trainer: 'generic', family: 'hydra', values: {} },
      gpus: { count: 0 },
    });
  const running = job('running');
  queue.transition(running.id, 'starting');
  queue.transition(running.id, 'running');
  const waiting = job('waiting');
  const heard: [string, JobStatus][] = [];
  queue.onChange((change: QueueChange) => {
    if (change.kind === 'job') heard.push([change.job.name, change.job.status]);
  });
  const breakDisk = (): void => {
    for (const { runDir } of [running, waiting]) {
      rmSync(runDir, { recursive: true, force: true });
      writeFileSync(runDir, 'in the way');
    }
  };
  const mendDisk = (): void => {
    for (const { runDir } of [running, waiting]) {
      rmSync(runDir, { force: true });
      mkdirSync(runDir);
    }
  };
  return { inner, deferred, queue, running, waiting, heard, breakDisk, mendDisk };
}

describe('state changes the disk refuses', () => {
  it('keeps a stop and its end in memory, shows them everywhere, and writes them once the disk takes them', () => {
    const { inner, deferred, queue, running, heard, breakDisk, mendDisk } = setUp();
    breakDisk();
    expect(queue.cancel(running.id).status).toBe('stopping');
    expect(heard).toEqual([['running', 'stopping']]);
    queue.transition(running.id, 'canceled', { exitSignal: 'SIGTERM' });
    expect(heard).toEqual([
      ['running', 'stopping'],
      ['running', 'canceled'],
    ]);
    // What a client reads says canceled; the database still says running.
    expect(queue.get(running.id)).toMatchObject({ status: 'canceled', exitSignal: 'SIGTERM' });
    expect(queue.list({}).items.map((job) => job.status)).toEqual(['canceled', 'queued']);
    expect(queue.list({ statuses: ['running'] })).toMatchObject({ items: [], total: 0 });
    expect(queue.list({ statuses: ['canceled'] })).toMatchObject({
      items: [{ id: running.id, status: 'canceled' }],
      total: 1,
    });
    expect(queue.jobsIn(['canceled']).map((job) => job.id)).toEqual([running.id]);
    expect(queue.hasJobsIn(['running'])).toBe(false);
    expect(queue.state().counts).toMatchObject({ running: 0, canceled: 1, queued: 1 });
    expect(inner.get(running.id).status).toBe('running');
    // An illegal move is refused as the queue refuses it, even from memory.
    expect(() => queue.transition(running.id, 'running')).toThrow(/canceled/);

    expect(deferred.flush()).toBe(false);
    expect(deferred.waiting()).toBe(1);
    mendDisk();
    expect(deferred.flush()).toBe(true);
    expect(deferred.waiting()).toBe(0);
    expect(inner.get(running.id)).toMatchObject({ status: 'canceled', exitSignal: 'SIGTERM' });
    inner.close();
  });

  it('refuses other changes with io_error, unless the host started read-only (then nothing dispatches)', () => {
    const normal = setUp();
    normal.breakDisk();
    expect(() => normal.queue.hold(normal.waiting.id)).toThrow(/Could not/);
    expect(normal.queue.dispatchOrder().map((job) => job.name)).toEqual(['waiting']);
    // A queued job's cancel is an end too: kept, and it is no longer dispatched.
    expect(normal.queue.cancel(normal.waiting.id).status).toBe('canceled');
    expect(normal.queue.dispatchOrder()).toEqual([]);
    normal.inner.close();

    const readOnly = setUp(true);
    expect(readOnly.queue.dispatchOrder()).toEqual([]);
    expect([...readOnly.queue.waitingToStart()]).toEqual([]);
    readOnly.breakDisk();
    // The supervisor's re-queue of an interrupted job, read-only: kept for later too.
    readOnly.queue.transition(readOnly.running.id, 'interrupted');
    expect(readOnly.queue.transition(readOnly.running.id, 'queued').status).toBe('queued');
    readOnly.mendDisk();
    expect(readOnly.deferred.flush()).toBe(true);
    expect(readOnly.inner.get(readOnly.running.id)).toMatchObject({ status: 'queued', attempt: 2 });
    readOnly.inner.close();
  });
});
