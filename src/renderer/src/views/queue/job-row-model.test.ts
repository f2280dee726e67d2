import { describe, expect, it } from 'vitest';
import type { JobProgress, JobSummary } from '../../../../shared/contract';
import { durationText, jobRowModel } from './job-row-model';

const progress = (extra: Partial<JobProgress>): JobProgress => ({
  jobId: 'j',
  phase: 'training',
  step: null,
  total: null,
  epoch: null,
  epochs: null,
  loss: null,
  smoothedLoss: null,
  lr: null,
  itPerSec: null,
  etaSeconds: null,
  nextSave: null,
  nextSample: null,
  ...extra,
});

const job = (extra: Partial<JobSummary>): JobSummary =>
  ({
    id: 'j',
    name: 'flux lora',
    status: 'queued',
    gpus: { count: 2 },
    assignedGpus: null,
    lastProgress: null,
    errorReason: null,
    ...extra,
  }) as JobSummary;

describe('a queue row', () => {
  it('shows a running job with its progress, steps, epoch, time left and the GPUs it was given', () => {
    const row = jobRowModel(
      job({
        status: 'running',
        assignedGpus: ['GPU-0'],
        lastProgress: progress({ step: 1200, total: 3000, epoch: 2, epochs: 10, etaSeconds: 754 }),
      }),
    );
    expect(row.badge).toEqual({ label: 'Running', color: 'blue' });
    expect(row.progress).toBe(40);
    expect(row.stepText).toBe('1,200 / 3,000 steps');
    expect(row.epochText).toBe('Epoch 2 / 10');
    expect(row.etaText).toBe('13 min left');
    expect(row.gpusText).toBe('1 GPU');
    expect(row.note).toBeNull();
  });

  it('shows why a queued job waits and the GPUs it asks for, without an ETA', () => {
    const row = jobRowModel(job({ lastProgress: progress({ etaSeconds: 60 }) }), 'needs 2 GPUs, 1 free');
    expect(row.note).toBe('needs 2 GPUs, 1 free');
    expect(row.gpusText).toBe('2 GPUs');
    expect(row.etaText).toBeNull();
    expect(row.progress).toBeNull();
  });

  it('says a held job is held even before the wait reasons arrive', () => {
    const row = jobRowModel(job({ status: 'held' }));
    expect(row.badge.label).toBe('Held');
    expect(row.note).toMatch(/held/i);
    expect(row.noteTone).toBe('warning');
  });

  it('shows a failed job with its reason, a succeeded one full, a CPU job as CPU', () => {
    expect(jobRowModel(job({ status: 'failed', errorReason: 'The GPU ran out of memory.' }))).toMatchObject({
      badge: { label: 'Failed', color: 'red' },
      note: 'The GPU ran out of memory.',
      noteTone: 'error',
    });
    expect(jobRowModel(job({ status: 'succeeded' })).progress).toBe(100);
    expect(jobRowModel(job({ gpus: { count: 0 } })).gpusText).toBe('CPU');
  });

  it('shows a step and epoch without totals', () => {
    const row = jobRowModel(job({ status: 'running', lastProgress: progress({ step: 5, epoch: 1 }) }));
    expect(row.stepText).toBe('Step 5');
    expect(row.epochText).toBe('Epoch 1');
    expect(row.progress).toBeNull();
  });
});

describe('a duration', () => {
  it('is coarse: seconds, minutes, hours and minutes, days and hours', () => {
    expect(durationText(45)).toBe('45 s');
    expect(durationText(90)).toBe('2 min');
    expect(durationText(3600)).toBe('1 h');
    expect(durationText(7500)).toBe('2 h 5 min');
    expect(durationText(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
  });
});
