/** What a job page's header says, worked out from the job and its last progress (pure; tested). */
import {
  activeJobStatuses,
  type Job,
  type JobProgress,
  type JobStatus,
} from '../../../../../shared/contract';
import { durationText, jobRowModel } from '../../queue/job-row-model';

export interface HeaderFacts {
  badge: { label: string; color: string };
  /** "Training", "Caching latents"…; null before the trainer said anything. */
  phase: string | null;
  /** "120 / 1,000"; null without a step. */
  step: string | null;
  /** 0–100 for the bar; null when there is nothing to measure. */
  percent: number | null;
  epoch: string | null;
  /** "2.35 it/s", or "4.2 s/it" for slow steps. */
  speed: string | null;
  /** "12 min left" while it runs. */
  eta: string | null;
  /** "Step 500, in about 3 min". */
  nextCheckpoint: string | null;
  nextSample: string | null;
  gpus: string;
  attempt: string | null;
  /** For a failed or interrupted job: why, and what to do. */
  failure: { reason: string; hint: string | null } | null;
}

const phaseLabels: Record<JobProgress['phase'], string> = {
  loading: 'Loading the model',
  caching: 'Caching latents',
  training: 'Training',
  sampling: 'Making samples',
  saving: 'Saving a checkpoint',
  finished: 'Finished',
};

const started: readonly JobStatus[] = activeJobStatuses;
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function phaseLabel(progress: JobProgress | null): string | null {
  return progress ? phaseLabels[progress.phase] : null;
}

/** it/s as trainers print it: steps per second, or seconds per step once a step takes longer. */
export function speedText(itPerSec: number | null): string | null {
  if (itPerSec === null || !Number.isFinite(itPerSec) || itPerSec <= 0) return null;
  if (itPerSec >= 1) return `${itPerSec.toFixed(2)} it/s`;
  return `${(1 / itPerSec).toFixed(1)} s/it`;
}

/** "Step 500, in about 3 min" from where the run is and how fast it goes; "Step 500" without a speed. */
export function nextAtText(at: number | null, step: number | null, itPerSec: number | null): string | null {
  if (at === null) return null;
  const label = `Step ${count.format(at)}`;
  if (step === null || itPerSec === null || itPerSec <= 0 || !Number.isFinite(itPerSec)) return label;
  const left = at - step;
  if (left <= 0) return `${label}, now`;
  return `${label}, in about ${durationText(left / itPerSec)}`;
}

export function stepText(progress: JobProgress | null): string | null {
  if (!progress || progress.step === null) return null;
  return progress.total === null
    ? count.format(progress.step)
    : `${count.format(progress.step)} / ${count.format(progress.total)}`;
}

function failureOf(job: Job): HeaderFacts['failure'] {
  if (job.status !== 'failed' && job.status !== 'interrupted') return null;
  const reason =
    job.errorReason ??
    (job.status === 'failed'
      ? 'The training failed without saying why. Its log below shows its last lines.'
      : 'The training was interrupted: DPGui was not running when its trainer ended.');
  return { reason, hint: job.errorHint };
}

/** The phase while it runs; a trainer done training whose process has not ended yet is finishing up. */
function livePhase(job: Job): string | null {
  const p = job.lastProgress;
  if (started.includes(job.status))
    return p?.phase === 'finished' ? 'Training done, finishing up' : phaseLabel(p);
  // Whatever its last progress line said (a trainer that printed no steps ends "Loading the model").
  return job.status === 'succeeded' ? phaseLabels.finished : null;
}

export function headerFacts(job: Job): HeaderFacts {
  const row = jobRowModel(job);
  const p = job.lastProgress;
  const running = started.includes(job.status);
  return {
    badge: row.badge,
    phase: livePhase(job),
    step: stepText(p),
    percent: row.progress,
    epoch: row.epochText,
    speed: running ? speedText(p?.itPerSec ?? null) : null,
    eta: row.etaText,
    nextCheckpoint: running ? nextAtText(p?.nextSave ?? null, p?.step ?? null, p?.itPerSec ?? null) : null,
    nextSample: running ? nextAtText(p?.nextSample ?? null, p?.step ?? null, p?.itPerSec ?? null) : null,
    gpus: row.gpusText,
    attempt: job.attempt > 1 ? `Attempt ${job.attempt}` : null,
    failure: failureOf(job),
  };
}
