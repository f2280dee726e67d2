import { describe, expect, it } from 'vitest';
import type { GpuInventory, GpusListResponse, JobMetrics } from '../../../../shared/contract';
import { applyGpuStats, gpuHistoryMs } from './apply-gpus';
import { applyJobMetrics } from './apply-job-metrics';
import { applyQueueChanged, applyJobUpdatedToQueueState } from './apply-queue-state';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const sample = (ms: number, used: number): GpuInventory => ({
  state: 'ok',
  message: '',
  sampledAt: at(ms),
  gpus: [
    {
      index: 0,
      uuid: 'GPU-0',
      name: 'RTX',
      memoryTotalMiB: 24000,
      memoryUsedMiB: used,
      memoryFreeMiB: 24000 - used,
      utilizationPercent: 50,
      temperatureC: 60,
      excluded: false,
      processes: [],
    },
  ],
});

describe('GPUs kept current by gpu.stats', () => {
  it('takes a newer sample and adds it to the history, once', () => {
    const held: GpusListResponse = { ...sample(0, 100), history: [] };
    const next = applyGpuStats(held, sample(2000, 900));
    expect(next.gpus[0]?.memoryUsedMiB).toBe(900);
    expect(next.history.map((p) => p.gpus[0]?.memoryUsedMiB)).toEqual([900]);
    expect(applyGpuStats(next, sample(2000, 900))).toBe(next);
    expect(applyGpuStats(next, sample(1000, 5))).toBe(next);
  });

  it('keeps only the last minutes of history', () => {
    let held: GpusListResponse = { ...sample(0, 1), history: [] };
    for (let ms = 2000; ms <= gpuHistoryMs + 10_000; ms += 2000) held = applyGpuStats(held, sample(ms, ms));
    expect(Date.parse(held.history[0]?.sampledAt ?? '')).toBeGreaterThanOrEqual(Date.parse(at(10_000)));
  });
});

describe('a loss curve kept current by job.metrics', () => {
  const held: JobMetrics = {
    jobId: 'j',
    stored: 2,
    downsampled: false,
    points: [
      { step: 1, loss: 1, smoothedLoss: 1, lr: 1e-4, epoch: 1 },
      { step: 2, loss: 0.9, smoothedLoss: 0.95, lr: 1e-4, epoch: 1 },
    ],
  };
  const point = (step: number, loss: number) => ({
    step,
    loss,
    smoothedLoss: loss,
    lr: 1e-4,
    epoch: 1,
    time: step,
  });

  it('appends new steps and replaces a step sent again', () => {
    const next = applyJobMetrics(held, { jobId: 'j', points: [point(2, 0.8), point(3, 0.7)] });
    expect(next).not.toBe('refetch');
    if (next === 'refetch') return;
    expect(next.points.map((p) => [p.step, p.loss])).toEqual([
      [1, 1],
      [2, 0.8],
      [3, 0.7],
    ]);
    expect(applyJobMetrics(next, { jobId: 'j', points: [point(3, 0.7)] })).toEqual(next);
  });

  it('reads the curve again after a gap', () => {
    expect(
      applyJobMetrics(held, { jobId: 'j', points: [point(900, 0.1)], gap: { fromStep: 3, toStep: 899 } }),
    ).toBe('refetch');
  });
});

describe('queue state', () => {
  it('takes the state queue.changed carries, and reads the counts again after job.updated', () => {
    const counts = {
      queued: 1,
      held: 0,
      starting: 0,
      running: 0,
      stopping: 0,
      succeeded: 0,
      failed: 0,
      canceled: 0,
      interrupted: 0,
    };
    const held = { paused: false, pausedAt: null, counts };
    expect(applyQueueChanged(held, { paused: true, pausedAt: at(0), counts, reason: 'pause' }).paused).toBe(
      true,
    );
    expect(applyJobUpdatedToQueueState()).toBe('refetch');
  });
});
