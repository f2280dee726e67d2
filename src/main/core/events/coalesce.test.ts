import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import { coalesceKey, mergeHeld, mergeMetrics } from './coalesce';

describe('what a client that is behind keeps', () => {
  it('the newest snapshot per job, dataset, queue change reason and sample', () => {
    expect(coalesceKey('job.updated', { id: 'a', status: 'queued' })).toBe(
      coalesceKey('job.updated', { id: 'a', status: 'running' }),
    );
    expect(coalesceKey('job.updated', { id: 'a' })).not.toBe(coalesceKey('job.updated', { id: 'b' }));
    expect(coalesceKey('job.progress', { jobId: 'a', step: 1 })).toBe(
      coalesceKey('job.progress', { jobId: 'a', step: 2 }),
    );
    expect(coalesceKey('queue.changed', { reason: 'order' })).not.toBe(
      coalesceKey('queue.changed', { reason: 'pause' }),
    );
    expect(coalesceKey('gpu.stats', { gpus: [1] })).toBe(coalesceKey('gpu.stats', { gpus: [2] }));
    expect(coalesceKey('dataset.scanProgress', { id: 'd', done: 1 })).not.toBe(
      coalesceKey('dataset.scanProgress', { id: 'e', done: 1 }),
    );
  });

  it('every artifact, since each one is news', () => {
    const artifact = (path: string) => ({ jobId: 'a', artifact: { path } });
    const event = 'job.artifact' as EventName;
    expect(coalesceKey(event, artifact('/o/a-000010.safetensors'))).not.toBe(
      coalesceKey(event, artifact('/o/a-000020.safetensors')),
    );
  });

  it('every metric point: a step sent again keeps its later values, and past the bound the oldest become a gap', () => {
    const point = (step: number, smoothedLoss: number) => ({
      step,
      loss: null,
      smoothedLoss,
      lr: null,
      epoch: 1,
      time: step,
    });
    const batch = (...points: ReturnType<typeof point>[]) => ({ jobId: 'a', points });
    expect(mergeMetrics(batch(point(1, 1), point(2, 0.9)), batch(point(2, 0.8), point(3, 0.7)))).toEqual(
      batch(point(1, 1), point(2, 0.8), point(3, 0.7)),
    );
    const merged = mergeMetrics(batch(point(1, 1), point(2, 1)), batch(point(3, 1), point(4, 1)), 3);
    expect(merged).toEqual({
      ...batch(point(2, 1), point(3, 1), point(4, 1)),
      gap: { fromStep: 1, toStep: 1 },
    });
    expect(mergeMetrics(merged, batch(point(5, 1)), 3)).toEqual({
      ...batch(point(3, 1), point(4, 1), point(5, 1)),
      gap: { fromStep: 1, toStep: 2 },
    });
  });

  it('a snapshot is replaced, not merged', () => {
    expect(mergeHeld('job.progress', { jobId: 'a', step: 1 }, { jobId: 'a', step: 2 })).toEqual({
      jobId: 'a',
      step: 2,
    });
  });
});
