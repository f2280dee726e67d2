/**
 * "Save now" and "stop and save". diffusion-pipe checks, every step, for an empty `save` or `save_quit`
 * file in its timestamped run folder (inside the job's own output folder) and deletes it once read;
 * sd-scripts reads no such file and saves nothing on a signal, so for it the answer says so. A stop
 * and save the user asked for is remembered in DPGui's run folder, so an exit 0 after it ends the job
 * `canceled` with its checkpoint noted, even when another host sees the exit.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractError } from '../../../../shared/contract';
import type { Job, SaveAnswer } from '../../../../shared/contract';
import { isJsonObject } from '../../../../shared/trainers/common/json-object';
import { HandlerError } from '../../contract/dispatcher';
import type { JobQueue } from '../../queue/job-queue';
import { diffusionPipeOutputDir, type JobLookup } from '../launch/prepare-run';

/** diffusion-pipe names its run folder by the UTC start time, '%Y%m%d_%H-%M-%S'. */
const runFolderName = /^\d{8}_\d{2}-\d{2}-\d{2}$/;
const saveQuitMarker = 'save-quit.json';

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

/** The queue as a JobLookup (a deleted job is null). */
export const jobLookupOf =
  (queue: JobQueue): JobLookup =>
  (id) => {
    try {
      return queue.get(id);
    } catch {
      return null;
    }
  };

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

export const sdScriptsCannotSave =
  'sd-scripts cannot save on request: it reads no control file and saves nothing when it is signalled. ' +
  'Stopping it (cancel) keeps only the saves it has already made (save_every_n_steps / save_every_n_epochs, and --save_state folders).';

/**
 * jobs.save (`quit` false) and jobs.stopAndSave (`quit` true). What a trainer cannot do is said whatever
 * the job's state; diffusion-pipe is asked only while it runs.
 */
export function requestSave(queue: JobQueue, id: string, quit: boolean): SaveAnswer {
  const job = queue.get(id);
  if (job.trainer === 'sd-scripts') {
    return { jobId: id, requested: false, file: null, message: sdScriptsCannotSave };
  }
  if (job.trainer === 'generic') {
    return {
      jobId: id,
      requested: false,
      file: null,
      message:
        'A generic trainer has no save-on-request DPGui knows of; stopping it keeps what it already saved.',
    };
  }
  if (job.status !== 'running') {
    throw new HandlerError(
      contractError('conflict', `Job ${id} is ${job.status}: only a running job can be asked to save.`),
    );
  }
  const outputDir = diffusionPipeOutputOf(job, jobLookupOf(queue));
  const runFolder = outputDir ? latestRunFolder(outputDir) : null;
  if (!runFolder) {
    throw new HandlerError(
      contractError(
        'conflict',
        `diffusion-pipe has not made its run folder in ${outputDir ?? 'its output folder'} yet (it does when training starts): ask again in a moment.`,
      ),
    );
  }
  const file = join(runFolder, quit ? 'save_quit' : 'save');
  writeFileSync(file, '');
  if (quit) {
    writeFileSync(
      join(queue.runDir(id), saveQuitMarker),
      JSON.stringify({ requestedAt: new Date().toISOString(), runFolder }),
    );
  }
  return {
    jobId: id,
    requested: true,
    file,
    message: quit
      ? 'diffusion-pipe will save a checkpoint at its next step and stop; the job then ends canceled, its checkpoint kept.'
      : 'diffusion-pipe will save a checkpoint at its next step and go on training.',
  };
}

/**
 * Where the user asked this job to stop and save: the trainer's run folder and the checkpoint it
 * holds now, in a sentence for the job's reason; null when nobody asked.
 */
export function saveQuitNote(runDir: string): string | null {
  const marker = join(runDir, saveQuitMarker);
  if (!existsSync(marker)) return null;
  let runFolder: string | null = null;
  try {
    const value: unknown = JSON.parse(readFileSync(marker, 'utf8'));
    if (isJsonObject(value) && typeof value.runFolder === 'string') runFolder = value.runFolder;
  } catch {
    // A marker cut short still says the user asked.
  }
  const checkpoint = runFolder ? latestCheckpoint(runFolder) : null;
  const saved =
    runFolder && checkpoint && statSync(join(runFolder, checkpoint.name)).isDirectory()
      ? ` Its checkpoint ${checkpoint.name} (step ${checkpoint.step}) is in ${runFolder}; retry with resume to continue from it.`
      : ' No checkpoint was found in its run folder.';
  return `Stopped and saved as asked.${saved}`;
}
