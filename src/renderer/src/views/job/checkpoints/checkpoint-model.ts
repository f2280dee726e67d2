/**
 * The Checkpoints tab's rows and words: the job's checkpoints (weights) and saved states (what a run
 * resumes from), newest first, each with its step or epoch, time and size; and whether "continue
 * from here" can resume the run from it. Pure.
 */
import type { Artifact, Job } from '../../../../../shared/contract';
import { pointLabel } from '../samples/sample-grid';

export interface CheckpointRow {
  artifact: Artifact;
  kindLabel: string;
  point: string;
  size: string;
}

const kindLabels: Record<'checkpoint' | 'state', string> = {
  checkpoint: 'Weights',
  state: 'Saved state',
};

const units = ['KiB', 'MiB', 'GiB', 'TiB'];

/** Binary units, as the GPUs page gives memory: "512 B", "143.2 MiB", "1.87 GiB"; "—" when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

const pointRank = (item: Artifact): number => item.step ?? item.epoch ?? Number.MAX_SAFE_INTEGER;

export function checkpointRows(items: readonly Artifact[]): CheckpointRow[] {
  return (
    items
      .filter((item) => item.kind === 'checkpoint' || item.kind === 'state')
      // Saved together (a checkpoint and its state): the later point first, a final save above all.
      .sort((a, b) => b.savedAt - a.savedAt || pointRank(b) - pointRank(a))
      .map((artifact) => ({
        artifact,
        kindLabel: kindLabels[artifact.kind as 'checkpoint' | 'state'],
        point: artifact.step === null && artifact.epoch === null ? 'Final' : pointLabel(artifact),
        size: formatBytes(artifact.bytes),
      }))
  );
}

export interface Ability {
  allowed: boolean;
  reason: string | null;
}

/** Resuming the run from this save: only a saved state, and only where the job can be resumed at all. */
export function resumeFromHere(job: Pick<Job, 'abilities'>, artifact: Artifact): Ability {
  if (artifact.kind !== 'state')
    return {
      allowed: false,
      reason:
        'These are the weights only: a run resumes from a saved state (sd-scripts saves one beside each checkpoint with save_state; diffusion-pipe keeps its global_step folders). Pick a "Saved state" row.',
    };
  if (artifact.bytes === null)
    return {
      allowed: false,
      reason: 'This saved state is no longer on disk, so the run cannot resume from it.',
    };
  const { resume } = job.abilities;
  return resume.allowed ? { allowed: true, reason: null } : { allowed: false, reason: resume.reason };
}

export type TotalUnit = 'steps' | 'epochs';

export interface TrainingLength {
  /** The unit the config sets its length in (the resumed run's total is given in it); null: not said. */
  unit: TotalUnit | null;
  /** The totals it trained to, to ask for more than. */
  current: Record<TotalUnit, number | null>;
}

const whole = (n: unknown): number | null => (typeof n === 'number' && n > 0 ? Math.round(n) : null);

/**
 * How long the job trains, from its config (sd-scripts: "Train for" in max_train_unit with
 * max_train_steps / max_train_epochs; diffusion-pipe: max_steps where set, else epochs) and what its
 * last progress said. The host refuses a total in the other unit, naming the right one.
 */
export function trainingLength(job: Pick<Job, 'config' | 'lastProgress'>): TrainingLength {
  const values = job.config.values;
  const progress = { steps: whole(job.lastProgress?.total), epochs: whole(job.lastProgress?.epochs) };
  if (values.max_train_unit === 'steps' || values.max_train_unit === 'epochs') {
    const unit: TotalUnit = values.max_train_unit;
    const set = whole(unit === 'steps' ? values.max_train_steps : values.max_train_epochs);
    return { unit, current: { ...progress, [unit]: set ?? progress[unit] } };
  }
  const maxSteps = whole(values.max_steps);
  if (maxSteps !== null) return { unit: 'steps', current: { ...progress, steps: maxSteps } };
  const epochs = whole(values.epochs);
  if (epochs !== null) return { unit: 'epochs', current: { ...progress, epochs } };
  return { unit: null, current: progress };
}

/** A total the resumed run may be given: a whole number above the job's, else why not. */
export function checkTotal(value: number | string, current: number | null, unit: TotalUnit): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    return `Give the total ${unit} as a whole number.`;
  if (current !== null && value <= current)
    return `The run already trained to ${current.toLocaleString('en-US')} ${unit}: give a higher total.`;
  return null;
}
