/**
 * What a launch needs from a job, and how preparing it fails: shared by the launcher (which uses a
 * prepared run) and prepare-run.ts (which makes one), so that neither imports the other.
 */
import type { Job } from '../../../../shared/contract';
import type { Schedule } from '../../trainers/runtime';

/** What the configs' writers make of a job for one launch (they write its files into the run folder). */
export interface PreparedRun {
  python: string;
  cwd: string;
  argv: string[];
  installEnv: Record<string, string>;
  /** The trainer's output folders (watched for checkpoints and samples). */
  watch: string[];
  schedule?: Schedule;
  sharedCacheKeys?: string[];
}

export type PrepareRun = (
  job: Job,
  launch: { runDir: string; gpuIndices: number[]; port: number },
) => PreparedRun | Promise<PreparedRun>;

/** A launch that cannot be made, in words a person can act on (the job fails with them). */
export class PrepareRunError extends Error {
  constructor(
    readonly reason: string,
    readonly hint: string,
  ) {
    super(reason);
    this.name = 'PrepareRunError';
  }
}
