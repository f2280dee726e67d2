/** kohya sd-scripts: launched by accelerate, resumed from its `--save_state` folders, saves on no request. */
import { isAbsolute, join } from 'node:path';
import { positive } from '../common/config-values';
import { askedTotal, raiseTotalKey } from '../common/raised-total';
import type { TrainerRuntime } from '../runtime';
import { buildSdScriptsArgv } from './argv';
import { previewSdScripts } from './bucket-preview';
import { sdScriptsConfigBuckets } from './config-buckets';
import { readSdScriptsLine } from './lines';
import { sdScriptsResumePoint } from './saved-state';

export const sdScriptsCannotSave =
  'sd-scripts cannot save on request: it reads no control file and saves nothing when it is signalled. ' +
  'Stopping it (cancel) keeps only the saves it has already made (save_every_n_steps / save_every_n_epochs, and --save_state folders).';

export const sdScriptsRuntime: TrainerRuntime<'sd-scripts'> = {
  kind: 'sd-scripts',
  install: { key: 'sdScripts', label: 'sd-scripts' },
  needsInstallFolder: true,

  launchValues(values, _job, facts) {
    return facts.resumeFrom ? { ...values, resume: facts.resumeFrom } : values;
  },
  argv(request) {
    const script = request.launch.script ?? 'train_network.py';
    return {
      ok: true,
      argv: buildSdScriptsArgv({
        python: request.python,
        script: isAbsolute(script) ? script : join(request.installFolder, script),
        scriptArgs: request.launch.args,
        gpuIndices: request.gpuIndices,
        port: request.port,
        mixedPrecision: request.launch.mixedPrecision ?? 'no',
        cpuThreadsPerProcess: request.cpuThreadsPerProcess,
      }),
    };
  },
  schedule(values) {
    return {
      saveEveryNSteps: positive(values.save_every_n_steps),
      saveEveryNEpochs: positive(values.save_every_n_epochs),
      sampleEveryNSteps: positive(values.sample_every_n_steps),
      sampleEveryNEpochs: positive(values.sample_every_n_epochs),
      epochs: values.max_train_unit === 'steps' ? null : positive(values.max_train_epochs),
    };
  },
  sharesCaches: false,
  sharedCacheKeys: () => [],

  readLine: readSdScriptsLine,
  // It prints its total steps and epochs; their ratio is its steps per epoch.
  stepsPerEpochFrom: 'total-over-epochs',

  resumePoint: (job) => sdScriptsResumePoint(job),
  // Its length is in epochs or in steps, as the form's "Train for" says; the other is refused.
  raiseTotal(values, total) {
    const asked = askedTotal(total);
    if (!asked) return { ok: true, values };
    const inSteps = values.max_train_unit === 'steps';
    const target = inSteps
      ? { field: 'totalSteps' as const, key: 'max_train_steps', unit: 'steps' }
      : { field: 'totalEpochs' as const, key: 'max_train_epochs', unit: 'epochs' };
    if (asked.field !== target.field) {
      return {
        ok: false,
        field: asked.field,
        reason: `This job's length is set in ${target.unit} (${target.key}${typeof values[target.key] === 'number' ? ` = ${String(values[target.key])}` : ''}): give ${target.field} instead of ${asked.field}.`,
      };
    }
    return raiseTotalKey(values, target, asked.value);
  },
  resumeAtLaunch(job) {
    const point = sdScriptsResumePoint(job);
    return point.ok ? { ok: true, from: point.from } : point;
  },
  abilities: { saveNow: sdScriptsCannotSave, stopAndSave: sdScriptsCannotSave, resume: true },
  requestSave: (job) => ({ jobId: job.id, requested: false, file: null, message: sdScriptsCannotSave }),
  stopAndSaveNote: () => null,

  outOfMemoryHint:
    'Lower the batch size or resolution; turn on gradient checkpointing, cache latents (and text encoder ' +
    'outputs), use an 8-bit optimizer (AdamW8bit) and fp16/bf16 mixed precision; for FLUX, swap blocks ' +
    '(blocks_to_swap) or train with fp8 base weights.',

  previewBuckets: previewSdScripts,
  configBuckets: sdScriptsConfigBuckets,
};
