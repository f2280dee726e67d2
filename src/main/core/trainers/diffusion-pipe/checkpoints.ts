/**
 * diffusion-pipe's folders: each job gets an output folder of its own (a resumed retry continues in
 * its source's), in which diffusion-pipe makes one timestamped run folder holding DeepSpeed
 * checkpoints (`global_stepN`), which a resumed retry continues from.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../../../shared/contract';
import { outputOwnerOf } from '../common/output-owner';
import type { JobLookup, ResumeJob, ResumePoint } from '../runtime';

/** A diffusion-pipe job's own output folder under the one its config names. */
export function diffusionPipeOutputDir(
  job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>,
  outputRoot: string,
  lookup?: JobLookup,
): string {
  return join(outputRoot, outputOwnerOf(job, lookup));
}

/** diffusion-pipe names its run folder by the UTC start time, '%Y%m%d_%H-%M-%S'. */
const runFolderName = /^\d{8}_\d{2}-\d{2}-\d{2}$/;

/** The newest timestamped run folder in a diffusion-pipe output folder (the names sort by time). */
export function latestRunFolder(outputDir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(outputDir).filter((name) => runFolderName.test(name));
  } catch {
    return null;
  }
  const newest = names.sort().pop();
  return newest ? join(outputDir, newest) : null;
}

/** A diffusion-pipe job's own output folder, from its config snapshot; null when it names none. */
export function diffusionPipeOutputOf(
  job: Pick<Job, 'id' | 'resume' | 'retriedFrom' | 'config'>,
  lookup?: JobLookup,
): string | null {
  const values = job.config.values;
  if (typeof values.output_dir !== 'string' || values.output_dir === '') return null;
  return diffusionPipeOutputDir(job, values.output_dir, lookup);
}

/** The newest DeepSpeed checkpoint (`global_stepN`) in a run folder, by step. */
export function latestCheckpoint(runFolder: string): { name: string; step: number } | null {
  let best: { name: string; step: number } | null = null;
  try {
    for (const name of readdirSync(runFolder)) {
      const match = /^global_step(\d+)$/.exec(name);
      if (match && (!best || Number(match[1]) > best.step)) best = { name, step: Number(match[1]) };
    }
  } catch {
    return null;
  }
  return best;
}

/** What a resumed retry of a diffusion-pipe job would continue from: its newest checkpoint. */
export function diffusionPipeResumePoint(job: ResumeJob, lookup?: JobLookup): ResumePoint {
  const own = diffusionPipeOutputOf(job, lookup);
  const runFolder = own ? latestRunFolder(own) : null;
  const checkpoint = runFolder ? latestCheckpoint(runFolder) : null;
  if (runFolder && checkpoint) return { ok: true, from: join(runFolder, checkpoint.name) };
  return {
    ok: false,
    reason: `No diffusion-pipe checkpoint (global_step…) is in ${runFolder ?? own ?? 'its output folder'}: it writes one on its checkpoint schedule, on "save now" or on "stop and save". Retry without resume.`,
  };
}
