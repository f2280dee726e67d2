/**
 * diffusion-pipe's folders: each job gets an output folder of its own (a resumed retry continues in
 * its source's), in which diffusion-pipe makes one timestamped run folder holding DeepSpeed
 * checkpoints (`global_stepN`), which a resumed retry continues from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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

/** The checkpoint DeepSpeed loads from a run folder: the one its `latest` file names, else the newest. */
function loadedCheckpoint(runFolder: string): string | null {
  try {
    const named = readFileSync(join(runFolder, 'latest'), 'utf8').trim();
    if (/^global_step\d+$/.test(named)) return named;
  } catch {
    // No `latest` file: DeepSpeed would find nothing, but the newest folder is the best guess.
  }
  return latestCheckpoint(runFolder)?.name ?? null;
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * A checkpoint chosen by path: a run folder in the job's own output folder, or a `global_stepN` in one.
 * diffusion-pipe resumes a run folder (`--resume_from_checkpoint <run>`) and DeepSpeed loads the
 * checkpoint its `latest` file names, so an older one of the same run cannot be resumed.
 */
function chosenCheckpoint(from: string, own: string | null): ResumePoint {
  const path = resolve(from);
  const name = basename(path);
  const isRun = (folder: string): boolean =>
    own !== null && dirname(folder) === resolve(own) && runFolderName.test(basename(folder));
  const runFolder = isRun(path)
    ? path
    : /^global_step\d+$/.test(name) && isRun(dirname(path))
      ? dirname(path)
      : null;
  if (!runFolder) {
    return {
      ok: false,
      reason: `${from} is not a checkpoint of this job: diffusion-pipe resumes from a global_step… folder of a run folder in ${own ?? 'its output folder'}. Choose one of those (its checkpoints of kind "state").`,
    };
  }
  const loaded = isFolder(runFolder) ? loadedCheckpoint(runFolder) : null;
  if (!loaded || !isFolder(join(runFolder, loaded))) {
    return {
      ok: false,
      reason: `No diffusion-pipe checkpoint (global_step…) is left in ${runFolder}. Choose another of the job's checkpoints, or retry without resume.`,
    };
  }
  if (runFolder !== path && name !== loaded) {
    return {
      ok: false,
      reason: `diffusion-pipe resumes a run from the checkpoint DeepSpeed's "latest" file names (${loaded}), so it cannot go back to ${name}. Choose ${loaded}, or start a new job from the weights saved at that step.`,
    };
  }
  return { ok: true, from: join(runFolder, loaded) };
}

/**
 * What a resumed retry of a diffusion-pipe job would continue from: the checkpoint it chose (checked),
 * else its newest checkpoint.
 */
export function diffusionPipeResumePoint(job: ResumeJob, lookup?: JobLookup): ResumePoint {
  const own = diffusionPipeOutputOf(job, lookup);
  if (job.resumeFrom) return chosenCheckpoint(job.resumeFrom, own);
  const runFolder = own ? latestRunFolder(own) : null;
  const checkpoint = runFolder ? latestCheckpoint(runFolder) : null;
  if (runFolder && checkpoint) return { ok: true, from: join(runFolder, checkpoint.name) };
  return {
    ok: false,
    reason: `No diffusion-pipe checkpoint (global_step…) is in ${runFolder ?? own ?? 'its output folder'}: it writes one on its checkpoint schedule, on "save now" or on "stop and save". Retry without resume.`,
  };
}
