/** What one row of the queue shows for a job, worked out from its summary and its wait reason. */
import { activeJobStatuses, type JobStatus, type JobSummary } from '../../../../shared/contract';

export interface JobRowModel {
  id: string;
  name: string;
  status: JobStatus;
  badge: { label: string; color: string };
  /** 0–100, or null when there is nothing to measure yet (a waiting job, a trainer that did not say). */
  progress: number | null;
  /** "1,200 / 3,000 steps"; null without a step count. */
  stepText: string | null;
  /** "Epoch 2 / 10"; null when the trainer did not say. */
  epochText: string | null;
  /** "12 min left" while it runs; null otherwise. */
  etaText: string | null;
  /** "2 GPUs" asked for, or those it was given. */
  gpusText: string;
  /** The line under the name: why it waits, or why it ended. */
  note: string | null;
  noteTone: 'dimmed' | 'warning' | 'error';
}

const badges: Record<JobStatus, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  held: { label: 'Held', color: 'yellow' },
  starting: { label: 'Starting', color: 'cyan' },
  running: { label: 'Running', color: 'blue' },
  stopping: { label: 'Stopping', color: 'orange' },
  succeeded: { label: 'Succeeded', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  canceled: { label: 'Canceled', color: 'gray' },
  interrupted: { label: 'Interrupted', color: 'orange' },
};

const started: readonly JobStatus[] = activeJobStatuses;

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "45 s", "12 min", "2 h 5 min", "3 d 4 h": coarse on purpose, an ETA is an estimate. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

function gpusText(job: JobSummary): string {
  const n = job.assignedGpus?.length ?? job.gpus.count;
  if (n === 0) return 'CPU';
  return n === 1 ? '1 GPU' : `${n} GPUs`;
}

function progressOf(job: JobSummary): number | null {
  if (job.status === 'succeeded') return 100;
  const p = job.lastProgress;
  if (!p || p.step === null || p.total === null || p.total <= 0) return null;
  return Math.min(100, Math.max(0, (p.step / p.total) * 100));
}

function noteOf(job: JobSummary, waitReason: string | undefined): Pick<JobRowModel, 'note' | 'noteTone'> {
  if (job.status === 'queued' || job.status === 'held') {
    const reason = waitReason ?? (job.status === 'held' ? 'Held: it starts once released.' : null);
    return { note: reason, noteTone: job.status === 'held' ? 'warning' : 'dimmed' };
  }
  if (job.status === 'failed' || job.status === 'interrupted') {
    return { note: job.errorReason, noteTone: 'error' };
  }
  return { note: null, noteTone: 'dimmed' };
}

export function jobRowModel(job: JobSummary, waitReason?: string): JobRowModel {
  const p = job.lastProgress;
  const running = started.includes(job.status);
  const step = p?.step ?? null;
  const total = p?.total ?? null;
  const epoch = p?.epoch ?? null;
  const epochs = p?.epochs ?? null;
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    badge: badges[job.status],
    progress: progressOf(job),
    stepText:
      step === null
        ? null
        : total === null
          ? `Step ${count.format(step)}`
          : `${count.format(step)} / ${count.format(total)} steps`,
    epochText:
      epoch === null
        ? null
        : epochs === null
          ? `Epoch ${count.format(epoch)}`
          : `Epoch ${count.format(epoch)} / ${count.format(epochs)}`,
    etaText: running && p?.etaSeconds != null ? `${durationText(p.etaSeconds)} left` : null,
    gpusText: gpusText(job),
    ...noteOf(job, waitReason),
  };
}
