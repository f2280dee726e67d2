/**
 * `jobs.retry` with `resume: true`: where the source job's last saved state is. sd-scripts writes
 * `--save_state` folders into its output folder (`<name>-state`, `<name>-NNNNNN-state` per epoch,
 * `<name>-stepNNNNNNNN-state` per step); diffusion-pipe writes DeepSpeed checkpoints (`global_stepN`)
 * into its timestamped run folder. A retry with nothing to resume from is refused, saying why,
 * rather than queued to fail later.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../../../shared/contract';
import type { JobQueue } from '../../queue/job-queue';
import type { JobLookup } from '../launch/prepare-run';
import { diffusionPipeOutputOf, jobLookupOf, latestCheckpoint, latestRunFolder } from './save-control';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** sd-scripts' saved-state folders of one output name (sd-scripts calls an unnamed run "last"/"epoch"). */
export function isSdScriptsStateName(name: string, outputName: string | null): boolean {
  const prefix = outputName === null ? '.+' : escapeRegExp(outputName);
  return new RegExp(`^${prefix}(-\\d{6}|-step\\d{8})?-state$`).test(name);
}

/** The newest `--save_state` folder in an output folder (by the time it was written), or null. */
export function latestSdScriptsState(outputDir: string, outputName: string | null): string | null {
  let best: { path: string; mtimeMs: number } | null = null;
  let names: string[];
  try {
    names = readdirSync(outputDir);
  } catch {
    return null;
  }
  for (const name of names) {
    if (!isSdScriptsStateName(name, outputName)) continue;
    const path = join(outputDir, name);
    try {
      const stat = statSync(path);
      if (stat.isDirectory() && (!best || stat.mtimeMs > best.mtimeMs))
        best = { path, mtimeMs: stat.mtimeMs };
    } catch {
      // Removed while we looked.
    }
  }
  return best?.path ?? null;
}

export type ResumePoint = { ok: true; from: string } | { ok: false; reason: string };

/** What a job's resumed retry would continue from (from its config snapshot and what is on disk). */
export function resumePointOf(
  job: Pick<Job, 'id' | 'trainer' | 'config' | 'resume' | 'retriedFrom'>,
  lookup?: JobLookup,
): ResumePoint {
  const values = job.config.values;
  const outputDir = typeof values.output_dir === 'string' ? values.output_dir : '';
  if (job.trainer === 'sd-scripts') {
    const name =
      typeof values.output_name === 'string' && values.output_name !== '' ? values.output_name : null;
    const state = outputDir === '' ? null : latestSdScriptsState(outputDir, name);
    if (state) return { ok: true, from: state };
    return {
      ok: false,
      reason:
        `No saved training state of "${name ?? 'the job'}" is in ${outputDir || 'its output folder'}: ` +
        'sd-scripts writes one (a …-state folder) only with save_state on. Retry without resume, or turn save_state on next time.',
    };
  }
  if (job.trainer === 'diffusion-pipe') {
    const own = diffusionPipeOutputOf(job, lookup);
    const runFolder = own ? latestRunFolder(own) : null;
    const checkpoint = runFolder ? latestCheckpoint(runFolder) : null;
    if (runFolder && checkpoint) return { ok: true, from: join(runFolder, checkpoint.name) };
    return {
      ok: false,
      reason: `No diffusion-pipe checkpoint (global_step…) is in ${runFolder ?? own ?? 'its output folder'}: it writes one on its checkpoint schedule, on "save now" or on "stop and save". Retry without resume.`,
    };
  }
  return {
    ok: false,
    reason: 'DPGui does not know where the generic trainer saves its state: retry without resume.',
  };
}

/** What a resumed retry of job `id` would continue from (jobs.retry refuses the retry when nothing). */
export function resumePointForRetry(queue: JobQueue, id: string): ResumePoint {
  const source = queue.get(id);
  // The retry resumes in the source's output folder (diffusion-pipe: the source's own one).
  return resumePointOf({ ...source, resume: true, retriedFrom: source.id }, jobLookupOf(queue));
}
