import { describe, expect, it } from 'vitest';
import { planDispatch, type DispatchInput, type PoolGpu, type WaitingJob } from './plan-dispatch';

const gpu = (index: number, over: Partial<PoolGpu> = {}): PoolGpu => ({
  uuid: `GPU-${index}`,
  index,
  freeMemoryMiB: 24000,
  excluded: false,
  busy: false,
  strangers: 0,
  ...over,
});
const job = (id: string, count: number, over: Partial<WaitingJob> = {}): WaitingJob => ({
  id,
  name: id,
  gpus: { count },
  ...over,
});
const plan = (over: Partial<DispatchInput>) =>
  planDispatch({
    gpus: [gpu(0), gpu(1)],
    waiting: [],
    running: [],
    letSmallerJobsPass: false,
    minFreeGpuMemoryMiB: 2048,
    ...over,
  });

describe('which jobs start on which GPUs', () => {
  it('starts 2 of 3 one-GPU jobs on 2 GPUs, in queue order, on different GPUs; the third waits', () => {
    const result = plan({ waiting: [job('a', 1), job('b', 1), job('c', 1)] });
    expect(result.start).toEqual([
      { jobId: 'a', gpuUuids: ['GPU-0'] },
      { jobId: 'b', gpuUuids: ['GPU-1'] },
    ]);
    expect(result.waiting).toEqual([{ jobId: 'c', reason: 'It waits for 1 free GPU; 0 are free now.' }]);
  });

  it('keeps queue order for a waiting 2-GPU job unless smaller jobs may pass', () => {
    const gpus = [gpu(0, { busy: true }), gpu(1)];
    const strict = plan({ gpus, waiting: [job('big', 2), job('small', 1)] });
    expect(strict.start).toEqual([]);
    expect(strict.waiting[1]?.reason).toMatch(/behind "big"/);
    const passing = plan({ gpus, waiting: [job('big', 2), job('small', 1)], letSmallerJobsPass: true });
    expect(passing.start).toEqual([{ jobId: 'small', gpuUuids: ['GPU-1'] }]);
  });

  it('uses only named GPUs, never excluded ones, and does not let an impossible job block the queue', () => {
    const result = plan({
      gpus: [gpu(0), gpu(1, { excluded: true }), gpu(2)],
      waiting: [job('three', 3), job('named', 1, { gpus: { count: 1, include: ['GPU-2'] } }), job('any', 1)],
    });
    expect(result.start).toEqual([
      { jobId: 'named', gpuUuids: ['GPU-2'] },
      { jobId: 'any', gpuUuids: ['GPU-0'] },
    ]);
    expect(result.waiting[0]?.reason).toBe('It asks for 3 GPUs; this machine has 2 that can be used.');
  });

  it("keeps jobs off a GPU where a stranger's process leaves too little memory, and says so", () => {
    const result = plan({
      gpus: [gpu(0, { strangers: 1, freeMemoryMiB: 900 }), gpu(1, { strangers: 1, freeMemoryMiB: 20000 })],
      waiting: [job('a', 1), job('b', 1)],
    });
    expect(result.start).toEqual([{ jobId: 'a', gpuUuids: ['GPU-1'] }]);
    expect(result.waiting[0]?.reason).toMatch(/GPU 0: another program holds memory, less than 2048 MiB free/);
  });

  it('never runs two diffusion-pipe jobs sharing a dataset cache at once; the later one says why', () => {
    const key = '/data/cats\u0000flux';
    const running = plan({
      running: [{ id: 'r', name: 'cats v1', sharedCacheKeys: [key] }],
      waiting: [job('d', 1, { sharedCacheKeys: [key] }), job('e', 1)],
    });
    expect(running.start).toEqual([{ jobId: 'e', gpuUuids: ['GPU-0'] }]);
    expect(running.waiting[0]?.reason).toMatch(
      /shares the dataset cache of \/data\/cats \(model type flux\) with "cats v1"/,
    );
    const both = plan({
      waiting: [job('d1', 1, { sharedCacheKeys: [key] }), job('d2', 1, { sharedCacheKeys: [key] })],
    });
    expect(both.start.map((s) => s.jobId)).toEqual(['d1']);
    // Another model type on the same dataset has its own cache folder.
    const other = plan({
      waiting: [
        job('d1', 1, { sharedCacheKeys: [key] }),
        job('d2', 1, { sharedCacheKeys: ['/data/cats\u0000wan'] }),
      ],
    });
    expect(other.start.map((s) => s.jobId)).toEqual(['d1', 'd2']);
  });

  it('starts CPU-only jobs without a GPU', () => {
    expect(plan({ gpus: [], waiting: [job('cpu', 0)] }).start).toEqual([{ jobId: 'cpu', gpuUuids: [] }]);
  });
});
