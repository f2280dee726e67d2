import { describe, expect, it } from 'vitest';
import { jobSchema, jobSummarySchema, type Job } from '../../../shared/contract';
import { abilitiesOf } from './job-abilities';
import { jobToRow, jobToSummary, rowToJob } from './job-rows';

const job: Job = {
  id: '20261125-150000-0123456789ab',
  name: 'portrait lora',
  trainer: 'diffusion-pipe',
  config: { trainer: 'diffusion-pipe', family: 'flux', values: { model: { type: 'flux' }, epochs: 10 } },
  configProblem: null,
  gpus: { count: 2, include: ['GPU-a', 'GPU-b'] },
  status: 'running',
  position: 131_072,
  assignedGpus: ['GPU-a', 'GPU-b'],
  masterPort: 29_600,
  process: {
    wrapperPid: 10,
    wrapperStartTime: '100',
    bootId: 'b',
    trainerPid: 11,
    trainerStartTime: '101',
    trainerPgid: 11,
  },
  runDir: '/data/runs/20261125-150000-0123456789ab',
  createdAt: '2026-11-25T15:00:00.000Z',
  updatedAt: '2026-11-25T15:01:00.000Z',
  startedAt: '2026-11-25T15:00:30.000Z',
  finishedAt: null,
  exitCode: null,
  exitSignal: null,
  errorReason: null,
  errorHint: null,
  lastProgress: {
    jobId: '20261125-150000-0123456789ab',
    phase: 'caching',
    step: null,
    total: null,
    epoch: null,
    epochs: 10,
    loss: null,
    smoothedLoss: null,
    lr: null,
    itPerSec: null,
    etaSeconds: null,
    nextSave: null,
    nextSample: null,
  },
  attempt: 2,
  retriedFrom: null,
  clonedFrom: '20261125-140000-0123456789ab',
  resume: true,
  resumeFrom: null,
  reasonCode: null,
  canceledBy: null,
  canceledAt: null,
  abilities: abilitiesOf({
    id: '20261125-150000-0123456789ab',
    trainer: 'diffusion-pipe',
    status: 'running',
    savedState: null,
  }),
};

describe('job rows', () => {
  it('store every field of a job and give it back unchanged', () => {
    expect(rowToJob(jobToRow(job))).toEqual(job);
  });

  it('make a summary of every field but the config', () => {
    const summary = jobToSummary(job);
    expect(Object.keys(summary).sort()).toEqual([...jobSummarySchema.required].sort());
    expect('config' in summary).toBe(false);
  });

  it('match the contract: every field of a job is required, none is left undeclared', () => {
    expect([...jobSummarySchema.required].sort()).toEqual(Object.keys(jobSummarySchema.properties).sort());
    expect([...jobSchema.required].sort()).toEqual(Object.keys(jobSchema.properties).sort());
  });
});
