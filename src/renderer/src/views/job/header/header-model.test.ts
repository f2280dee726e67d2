import { describe, expect, it } from 'vitest';
import type { Job, JobAbilities, JobProgress } from '../../../../../shared/contract';
import { headerFacts, nextAtText, speedText } from './header-model';
import { stopChoice } from './stop-choice';

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

const allowed = { allowed: true, reason: null };
const refused = (reason: string) => ({ allowed: false, reason });

const job = (extra: Partial<Job>): Job =>
  ({
    id: 'j',
    name: 'flux lora',
    status: 'running',
    gpus: { count: 2 },
    assignedGpus: ['GPU-0', 'GPU-1'],
    lastProgress: null,
    errorReason: null,
    errorHint: null,
    attempt: 1,
    ...extra,
  }) as Job;

describe('the job header', () => {
  it('says where a running job is: phase, step of total, epoch, speed, time left, next save and sample', () => {
    const facts = headerFacts(
      job({
        lastProgress: progress({
          step: 120,
          total: 1000,
          epoch: 2,
          epochs: 10,
          itPerSec: 2,
          etaSeconds: 440,
          nextSave: 500,
          nextSample: 200,
        }),
      }),
    );
    expect(facts).toMatchObject({
      badge: { label: 'Running' },
      phase: 'Training',
      step: '120 / 1,000',
      percent: 12,
      epoch: 'Epoch 2 / 10',
      speed: '2.00 it/s',
      eta: '7 min left',
      nextCheckpoint: 'Step 500, in about 3 min',
      nextSample: 'Step 200, in about 40 s',
      gpus: '2 GPUs',
      attempt: null,
      failure: null,
    });
  });

  it('shows slow steps as seconds per step, and no time for a next save without a speed', () => {
    expect(speedText(0.25)).toBe('4.0 s/it');
    expect(speedText(null)).toBeNull();
    expect(speedText(0)).toBeNull();
    expect(nextAtText(500, 100, null)).toBe('Step 500');
    expect(nextAtText(500, 500, 1)).toBe('Step 500, now');
    expect(nextAtText(null, 100, 1)).toBeNull();
  });

  it('says a running job done training is finishing up, and a succeeded one finished', () => {
    const done = progress({ phase: 'finished', step: 10, total: 10 });
    expect(headerFacts(job({ lastProgress: done })).phase).toBe('Training done, finishing up');
    expect(headerFacts(job({ status: 'succeeded', lastProgress: done })).phase).toBe('Finished');
    const loading = progress({ phase: 'loading', step: null });
    expect(headerFacts(job({ status: 'succeeded', lastProgress: loading })).phase).toBe('Finished');
  });

  it('names the caching phase and a relaunch', () => {
    const facts = headerFacts(job({ attempt: 2, lastProgress: progress({ phase: 'caching' }) }));
    expect(facts.phase).toBe('Caching latents');
    expect(facts.step).toBeNull();
    expect(facts.attempt).toBe('Attempt 2');
  });

  it('puts a failed job’s reason and hint first, and no live facts', () => {
    const facts = headerFacts(
      job({
        status: 'failed',
        errorReason: 'The GPU ran out of memory.',
        errorHint: 'Lower the batch size.',
        lastProgress: progress({ step: 40, total: 100, itPerSec: 3, nextSave: 50 }),
      }),
    );
    expect(facts.failure).toEqual({ reason: 'The GPU ran out of memory.', hint: 'Lower the batch size.' });
    expect(facts.phase).toBeNull();
    expect(facts.speed).toBeNull();
    expect(facts.nextCheckpoint).toBeNull();
    expect(facts.step).toBe('40 / 100');
  });

  it('explains an interrupted job even when the host recorded no reason', () => {
    expect(headerFacts(job({ status: 'interrupted' })).failure?.reason).toMatch(/interrupted/);
    expect(headerFacts(job({ status: 'succeeded' })).failure).toBeNull();
  });
});

describe('the stop button', () => {
  const abilities = (extra: Partial<JobAbilities>) => ({ stopAndSave: allowed, cancel: allowed, ...extra });
  it('stops and saves where the trainer can', () => {
    expect(stopChoice({ status: 'running', abilities: abilities({}) as JobAbilities })).toMatchObject({
      kind: 'stopAndSave',
      allowed: true,
    });
  });

  it('offers a plain stop where it cannot (sd-scripts), saying why and that it can be resumed', () => {
    const choice = stopChoice({
      status: 'running',
      abilities: abilities({ stopAndSave: refused('sd-scripts cannot save on request.') }) as JobAbilities,
    });
    expect(choice.kind).toBe('stop');
    expect(choice.tooltip).toContain('sd-scripts cannot save on request.');
    expect(choice.tooltip).toContain('resume');
  });

  it('is greyed with the reason for a job that is not running', () => {
    const choice = stopChoice({
      status: 'succeeded',
      abilities: abilities({
        stopAndSave: refused('It is not running.'),
        cancel: refused('It has ended.'),
      }) as JobAbilities,
    });
    expect(choice).toEqual({
      kind: 'stopAndSave',
      allowed: false,
      tooltip: 'Stop and save: It is not running.',
    });
  });
});
