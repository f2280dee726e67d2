/**
 * diffusion-pipe: launched by DeepSpeed's runner on one GPU or more, each job in an output folder of
 * its own, saving on request through control files, resumed from its DeepSpeed checkpoints.
 */
import { basename, dirname, join } from 'node:path';
import { outputOwnerOf } from '../common/output-owner';
import { positive } from '../common/config-values';
import { askedTotal, raiseTotalKey } from '../common/raised-total';
import type { TrainerRuntime } from '../runtime';
import { buildDiffusionPipeArgv } from './argv';
import { previewDiffusionPipe } from './bucket-preview';
import { diffusionPipeConfigBuckets } from './config-buckets';
import { diffusionPipeCacheKeys } from './cache-keys';
import { diffusionPipeResumePoint } from './checkpoints';
import { readDiffusionPipeLine } from './lines';
import { requestDiffusionPipeSave, saveQuitNote } from './save-control';

export const diffusionPipeRuntime: TrainerRuntime<'diffusion-pipe'> = {
  kind: 'diffusion-pipe',
  install: { key: 'diffusionPipe', label: 'diffusion-pipe' },
  needsInstallFolder: true,

  // An empty output folder of its own, so its one timestamped run folder is found at once; a resumed
  // job continues in its source's folder.
  launchValues(values, job, facts) {
    if (typeof values.output_dir !== 'string' || values.output_dir === '') return values;
    return { ...values, output_dir: join(values.output_dir, facts.outputOwner ?? outputOwnerOf(job)) };
  },
  argv(request) {
    if (request.gpuIndices.length === 0) {
      return {
        ok: false,
        reason: 'diffusion-pipe needs at least one GPU, and this job asked for none.',
        hint: 'Clone the job with one GPU or more.',
      };
    }
    return {
      ok: true,
      argv: buildDiffusionPipeArgv({
        python: request.python,
        config: join(request.runDir, request.launch.mainConfigFile),
        gpuIndices: request.gpuIndices,
        port: request.port,
        // A chosen checkpoint: its run folder by name (diffusion-pipe looks for it in output_dir).
        ...(request.resume
          ? { resumeFrom: request.resumeFrom ? basename(dirname(request.resumeFrom)) : (true as const) }
          : {}),
      }),
    };
  },
  schedule(values) {
    return {
      saveEveryNEpochs: positive(values.save_every_n_epochs),
      saveEveryNSteps: positive(values.save_every_n_steps),
      epochs: positive(values.epochs),
    };
  },
  sharesCaches: true,
  sharedCacheKeys: diffusionPipeCacheKeys,

  readLine: readDiffusionPipeLine,
  // It never prints its steps per epoch: the step at which epoch 2 starts tells it.
  stepsPerEpochFrom: 'epoch-two-start',

  resumePoint: diffusionPipeResumePoint,
  // Its length is in epochs; in steps only where the config caps it with max_steps.
  raiseTotal(values, total) {
    const asked = askedTotal(total);
    if (!asked) return { ok: true, values };
    if (asked.field === 'totalSteps' && positive(values.max_steps) === null) {
      return {
        ok: false,
        field: 'totalSteps',
        reason: `diffusion-pipe's length is set in epochs (epochs${typeof values.epochs === 'number' ? ` = ${values.epochs}` : ''}) and this config sets no max_steps: give totalEpochs instead of totalSteps.`,
      };
    }
    return raiseTotalKey(
      values,
      asked.field === 'totalSteps'
        ? { field: 'totalSteps', key: 'max_steps', unit: 'steps' }
        : { field: 'totalEpochs', key: 'epochs', unit: 'epochs' },
      asked.value,
    );
  },
  // Checked, then found by diffusion-pipe itself (--resume_from_checkpoint: the newest run folder, or
  // the chosen checkpoint's run folder by name).
  resumeAtLaunch(job, lookup) {
    const point = diffusionPipeResumePoint(job, lookup);
    if (!point.ok) return point;
    return job.resumeFrom ? { ok: true, from: point.from } : { ok: true };
  },
  abilities: { saveNow: true, stopAndSave: true, resume: true },
  requestSave: requestDiffusionPipeSave,
  stopAndSaveNote: saveQuitNote,

  outOfMemoryHint:
    "Swap blocks to the CPU (blocks_to_swap), set activation_checkpointing = 'unsloth', use the " +
    'AdamW8bitKahan optimizer, lower the resolutions or batch size, and set ' +
    "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True in the install's environment.",

  previewBuckets: previewDiffusionPipe,
  configBuckets: diffusionPipeConfigBuckets,
};
