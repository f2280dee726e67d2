import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import { coalesceKey } from './coalesce';

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
});
