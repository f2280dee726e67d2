/**
 * A job's config as queue.db or a job.json holds it, read into the contract's TrainerConfig. Jobs
 * queued since the config was typed in the contract hold one already. Older ones may lack `trainer`
 * (the job's own is taken) or carry keys the contract does not know (dropped: nothing ever read them).
 * One that is not a training config at all (no family, no values: only a test seam or a hand-edited
 * job.json could store it) still loads — listed, shown, cloned and deleted like any other — with
 * `problem` saying what is wrong; it cannot start. The stored text itself is never rewritten.
 */
import type { TrainerConfig, TrainerKind } from '../../../shared/contract';

export interface StoredConfig {
  config: TrainerConfig;
  /** Set when the stored value is not a training config this version can use. */
  problem?: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readStoredConfig(trainer: TrainerKind, stored: unknown): StoredConfig {
  const raw = isPlainObject(stored) ? stored : {};
  const { family, values, passThrough } = raw;
  const config: TrainerConfig = {
    trainer,
    family: typeof family === 'string' ? family : '',
    values: isPlainObject(values) ? values : {},
    ...(isPlainObject(passThrough) ? { passThrough } : {}),
  };
  if (typeof family === 'string' && family !== '' && isPlainObject(values)) return { config };
  const missing = [
    ...(typeof family === 'string' && family !== '' ? [] : ['a family']),
    ...(isPlainObject(values) ? [] : ['values']),
  ].join(' or ');
  return {
    config,
    problem: `Its stored config is not a training config DPGui can write files from (it lacks ${missing}).`,
  };
}

/** The stored config's text (a queue.db column); text that is not JSON reads as no config at all. */
export function parseStoredConfig(trainer: TrainerKind, text: string | undefined): StoredConfig {
  let stored: unknown = null;
  try {
    stored = JSON.parse(text ?? 'null');
  } catch {
    // flagged below, like any other config that is not a training config
  }
  return readStoredConfig(trainer, stored);
}
