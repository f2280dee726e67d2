/**
 * diffusion-pipe's "save now" and "stop and save": it checks, every step, for an empty `save` or
 * `save_quit` file in its timestamped run folder (inside the job's own output folder) and deletes it
 * once read. A stop and save the user asked for is remembered in DPGui's run folder, so an exit 0
 * after it ends the job `canceled` with its checkpoint noted, even when another host sees the exit.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractError } from '../../../../shared/contract';
import type { Job, SaveAnswer } from '../../../../shared/contract';
import { isJsonObject } from '../../../../shared/trainers/common/json-object';
import { HandlerError } from '../../contract/dispatcher';
import type { SaveContext } from '../runtime';
import { diffusionPipeOutputOf, latestCheckpoint, latestRunFolder } from './checkpoints';

const saveQuitMarker = 'save-quit.json';

/** Asked only while it runs: the control file is written into its run folder. */
export function requestDiffusionPipeSave(job: Job, quit: boolean, context: SaveContext): SaveAnswer {
  const id = job.id;
  if (job.status !== 'running') {
    throw new HandlerError(
      contractError('conflict', `Job ${id} is ${job.status}: only a running job can be asked to save.`),
    );
  }
  const outputDir = diffusionPipeOutputOf(job, context.lookup);
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
      join(context.runDir(), saveQuitMarker),
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
