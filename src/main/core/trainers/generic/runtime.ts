/**
 * The generic trainer: its command template, filled at launch; its lines read as sd-scripts' or
 * diffusion-pipe's; no save on request, no resume, no bucket rules DPGui knows of.
 */
import { fillPlaceholders } from '../../../../shared/trainers/generic/command-template';
import { readDiffusionPipeLine } from '../diffusion-pipe/lines';
import { readSdScriptsLine } from '../sd-scripts/lines';
import type { TrainerRuntime } from '../runtime';

const genericCannotSave =
  'A generic trainer has no save-on-request DPGui knows of; stopping it keeps what it already saved.';
const genericCannotResume =
  'DPGui does not know where the generic trainer saves its state: retry without resume.';

export const genericRuntime: TrainerRuntime<'generic'> = {
  kind: 'generic',
  install: { key: 'generic', label: 'the generic trainer' },
  needsInstallFolder: false,

  launchValues: (values) => values,
  argv(request) {
    // The writer filled {config} and {run_dir}; the rest is known now. {gpu_ids} as the child sees them.
    const argv = fillPlaceholders(request.launch.args, {
      python: request.python,
      port: String(request.port),
      num_gpus: String(request.gpuIndices.length),
      gpu_ids: request.gpuIndices.map((_, index) => index).join(','),
    });
    const left = argv.join(' ').match(/\{(python|port|num_gpus|gpu_ids|config|run_dir)\}/);
    if (argv.length === 0 || left) {
      return {
        ok: false,
        reason:
          argv.length === 0
            ? 'Its command template is empty.'
            : `Its command template left ${left?.[0]} unfilled.`,
        hint: 'Clone the job and fix its command template.',
      };
    }
    return { ok: true, argv };
  },
  schedule: () => ({}),
  sharesCaches: false,
  sharedCacheKeys: () => [],

  readLine: (text) => readSdScriptsLine(text) ?? readDiffusionPipeLine(text),
  stepsPerEpochFrom: 'total-over-epochs',

  resumePoint: () => ({ ok: false, reason: genericCannotResume }),
  raiseTotal(values, total) {
    const field = total.totalSteps !== undefined ? 'totalSteps' : 'totalEpochs';
    if (total.totalSteps === undefined && total.totalEpochs === undefined) return { ok: true, values };
    return {
      ok: false,
      field,
      reason: `DPGui does not know which key of a generic trainer's config sets its length, so it cannot set ${field}: clone the job and change its length in the config instead.`,
    };
  },
  // Not checked at launch: a generic job that resumes is launched as it is.
  resumeAtLaunch: () => ({ ok: true }),
  abilities: { saveNow: genericCannotSave, stopAndSave: genericCannotSave, resume: genericCannotResume },
  requestSave: (job) => ({ jobId: job.id, requested: false, file: null, message: genericCannotSave }),
  stopAndSaveNote: () => null,

  outOfMemoryHint:
    'Lower the batch size or resolution, turn on gradient checkpointing and mixed precision, and try ' +
    "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True in the install's environment.",

  previewBuckets: null,
  configBuckets: null,
};
