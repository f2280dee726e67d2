/**
 * From a queued job to what the executor starts: the trainer's files (its writer, from the job's
 * config snapshot), the argv (the per-trainer builders), the interpreter, folder and extra environment
 * of the install named in the settings, the output folders to watch, and the save/sample schedule for
 * the progress. `planRun` decides everything and is pure; `createPrepareRun` writes the files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Job, TrainerInstalls, TrainerKind } from '../../../../shared/contract';
import { getTrainer, isJsonObject, type TrainerConfig, type WrittenFile } from '../../../../shared/trainers';
import { fillPlaceholders } from '../../../../shared/trainers/generic/command-template';
import { resumePointOf } from '../control/resume-state';
import type { Schedule } from '../progress/progress-tracker';
import type { PrepareRun, PreparedRun } from '../supervisor';
import { buildDiffusionPipeArgv, buildSdScriptsArgv } from './trainer-argv';

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

export interface RunFacts {
  runDir: string;
  /** Physical GPU indices (PCI bus order), the child's CUDA_VISIBLE_DEVICES. */
  gpuIndices: readonly number[];
  port: number;
  /** sd-scripts' saved-state folder a resumed job continues from (its config's `resume`). */
  resumeFrom?: string;
  /** Whose diffusion-pipe output folder it uses (outputOwnerOf with the queue at hand). */
  outputOwner?: string;
}

export type PlanJob = Pick<Job, 'id' | 'trainer' | 'config' | 'resume' | 'retriedFrom'> &
  Partial<Pick<Job, 'configProblem'>>;

export interface PlanOptions {
  installs: TrainerInstalls;
  /** accelerate's --num_cpu_threads_per_process. */
  cpuThreadsPerProcess: number;
}

export type RunPlan =
  { ok: true; files: WrittenFile[]; prepared: PreparedRun } | { ok: false; reason: string; hint: string };

const installOf = {
  'sd-scripts': { key: 'sdScripts', label: 'sd-scripts' },
  'diffusion-pipe': { key: 'diffusionPipe', label: 'diffusion-pipe' },
  generic: { key: 'generic', label: 'the generic trainer' },
} as const satisfies Record<TrainerKind, { key: keyof TrainerInstalls; label: string }>;

const positive = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;

/** When the trainer saves and samples, as its config says (progress shows the next of each). */
export function scheduleOf(kind: TrainerKind, values: Record<string, unknown>): Schedule {
  if (kind === 'sd-scripts') {
    return {
      saveEveryNSteps: positive(values.save_every_n_steps),
      saveEveryNEpochs: positive(values.save_every_n_epochs),
      sampleEveryNSteps: positive(values.sample_every_n_steps),
      sampleEveryNEpochs: positive(values.sample_every_n_epochs),
      epochs: values.max_train_unit === 'steps' ? null : positive(values.max_train_epochs),
    };
  }
  if (kind === 'diffusion-pipe') {
    return {
      saveEveryNEpochs: positive(values.save_every_n_epochs),
      saveEveryNSteps: positive(values.save_every_n_steps),
      epochs: positive(values.epochs),
    };
  }
  return {};
}

/**
 * diffusion-pipe's caches live beside each dataset folder and are keyed by model type, without
 * locking: two jobs sharing a folder and a model type must not run at once.
 */
export function sharedCacheKeysOf(kind: TrainerKind, config: TrainerConfig): string[] {
  if (kind !== 'diffusion-pipe') return [];
  const values = config.values;
  const model =
    isJsonObject(values.model) && typeof values.model.type === 'string' ? values.model.type : config.family;
  const dataset = isJsonObject(values.dataset) ? values.dataset : {};
  const folders = Array.isArray(dataset.directories) ? dataset.directories : [];
  return (
    folders
      .map((item) => (isJsonObject(item) && typeof item.path === 'string' ? item.path : ''))
      .filter((path) => path !== '')
      // `<dataset folder>\0<model type>`: the planner's reason names both.
      .map((path) => `${path}\u0000${model}`)
  );
}

/** Finds a job by id for the lineage of resumed retries; null when it was deleted. */
export type JobLookup = (id: string) => Pick<Job, 'id' | 'resume' | 'retriedFrom'> | null;

/**
 * Whose diffusion-pipe output folder a job uses: its own, or for a resumed retry its source's — and
 * for a resumed retry of a resumed retry, the first one's, so each resume continues in one folder.
 */
export function outputOwnerOf(job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>, lookup?: JobLookup): string {
  let owner = job;
  for (let depth = 0; depth < 100 && owner.resume && owner.retriedFrom; depth++) {
    const source = lookup?.(owner.retriedFrom) ?? null;
    if (!source) return owner.retriedFrom;
    owner = source;
  }
  return owner.id;
}

/** A diffusion-pipe job's own output folder under the one its config names. */
export function diffusionPipeOutputDir(
  job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>,
  outputRoot: string,
  lookup?: JobLookup,
): string {
  return join(outputRoot, outputOwnerOf(job, lookup));
}

export function planRun(job: PlanJob, facts: RunFacts, options: PlanOptions): RunPlan {
  const { key, label } = installOf[job.trainer];
  const install = options.installs[key];
  const setting = `Settings → Trainers → ${label}`;
  if (install.python.trim() === '') {
    return {
      ok: false,
      reason: `The ${label} install is not set up: no Python interpreter is set for it.`,
      hint: `Set the interpreter of its venv (…/venv/bin/python) in ${setting} (trainers.${key}.python), then retry the job.`,
    };
  }
  if (job.trainer !== 'generic' && install.folder.trim() === '') {
    return {
      ok: false,
      reason: `The ${label} install is not set up: its folder is not set.`,
      hint: `Set the folder of your ${label} checkout in ${setting} (trainers.${key}.folder), then retry the job.`,
    };
  }
  const definition = getTrainer(job.trainer);
  const config = job.config;
  if (!definition || job.configProblem) {
    return {
      ok: false,
      reason:
        job.configProblem ??
        'Its config is not a training config DPGui can write files from (it lacks a family or values).',
      hint: 'Clone the job and pick a preset or import a config for it.',
    };
  }
  const values: Record<string, unknown> = { ...config.values };
  // diffusion-pipe gets an empty output folder of its own, so its one timestamped run folder is found
  // at once; a resumed job continues in its source's folder.
  if (job.trainer === 'diffusion-pipe' && typeof values.output_dir === 'string' && values.output_dir !== '') {
    values.output_dir = join(values.output_dir, facts.outputOwner ?? outputOwnerOf(job));
  }
  if (job.trainer === 'sd-scripts' && facts.resumeFrom) values.resume = facts.resumeFrom;
  const trainerConfig: TrainerConfig = {
    trainer: job.trainer,
    family: config.family,
    values,
    ...(config.passThrough ? { passThrough: config.passThrough } : {}),
  };
  let written;
  try {
    written = definition.writeFiles(trainerConfig, { runDir: facts.runDir });
  } catch (error) {
    return {
      ok: false,
      reason: `Its config files could not be written: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'Open the job as a new one, check its config, and queue it again.',
    };
  }
  const { launch } = written;
  const python = install.python;
  const cwd = install.folder.trim() === '' ? facts.runDir : install.folder;
  let argv: string[];
  if (job.trainer === 'sd-scripts') {
    const script = launch.script ?? 'train_network.py';
    argv = buildSdScriptsArgv({
      python,
      script: isAbsolute(script) ? script : join(install.folder, script),
      scriptArgs: launch.args,
      gpuIndices: facts.gpuIndices,
      port: facts.port,
      mixedPrecision: launch.mixedPrecision ?? 'no',
      cpuThreadsPerProcess: options.cpuThreadsPerProcess,
    });
  } else if (job.trainer === 'diffusion-pipe') {
    if (facts.gpuIndices.length === 0) {
      return {
        ok: false,
        reason: 'diffusion-pipe needs at least one GPU, and this job asked for none.',
        hint: 'Clone the job with one GPU or more.',
      };
    }
    argv = buildDiffusionPipeArgv({
      python,
      config: join(facts.runDir, launch.mainConfigFile),
      gpuIndices: facts.gpuIndices,
      port: facts.port,
      ...(job.resume ? { resumeFrom: true as const } : {}),
    });
  } else {
    // The writer filled {config} and {run_dir}; the rest is known now. {gpu_ids} as the child sees them.
    argv = fillPlaceholders(launch.args, {
      python,
      port: String(facts.port),
      num_gpus: String(facts.gpuIndices.length),
      gpu_ids: facts.gpuIndices.map((_, index) => index).join(','),
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
  }
  return {
    ok: true,
    files: written.files,
    prepared: {
      python,
      cwd,
      argv,
      installEnv: 'env' in install ? { ...install.env } : {},
      watch: [...new Set(launch.outputs.map((output) => output.dir))],
      schedule: scheduleOf(job.trainer, values),
      sharedCacheKeys: sharedCacheKeysOf(job.trainer, trainerConfig),
    },
  };
}

export interface PrepareRunOptions {
  installs: () => TrainerInstalls;
  cpuThreadsPerProcess?: number;
  /** The queue's jobs, for the folder a chain of resumed retries continues in. */
  jobById?: JobLookup;
}

/** The supervisor's prepareRun: plan, then check the interpreter is there and write the files. */
export function createPrepareRun(options: PrepareRunOptions): PrepareRun {
  return (job, launch) => {
    const installs = options.installs();
    // A resumed retry continues from what its source saved; with nothing saved it fails, saying so.
    let resumeFrom: string | undefined;
    if (job.resume && job.trainer !== 'generic') {
      const point = resumePointOf(job, options.jobById);
      if (!point.ok) {
        throw new PrepareRunError(
          `It was to resume, but there is nothing to resume from. ${point.reason}`,
          'Retry it without resume.',
        );
      }
      if (job.trainer === 'sd-scripts') resumeFrom = point.from;
    }
    const outputOwner = outputOwnerOf(job, options.jobById);
    const plan = planRun(
      job,
      { ...launch, outputOwner, ...(resumeFrom ? { resumeFrom } : {}) },
      {
        installs,
        cpuThreadsPerProcess: options.cpuThreadsPerProcess ?? 2,
      },
    );
    if (!plan.ok) throw new PrepareRunError(plan.reason, plan.hint);
    const { key, label } = installOf[job.trainer];
    if (!existsSync(plan.prepared.python)) {
      throw new PrepareRunError(
        `The ${label} install's Python interpreter ${plan.prepared.python} does not exist.`,
        `Fix the interpreter in Settings → Trainers → ${label} (trainers.${key}.python), then retry the job.`,
      );
    }
    if (!existsSync(plan.prepared.cwd)) {
      throw new PrepareRunError(
        `The ${label} folder ${plan.prepared.cwd} does not exist.`,
        `Fix the folder in Settings → Trainers → ${label} (trainers.${key}.folder), then retry the job.`,
      );
    }
    mkdirSync(launch.runDir, { recursive: true });
    for (const file of plan.files) writeFileSync(join(launch.runDir, file.name), file.content);
    // The wrapper watches these from the start; a trainer creates them itself, but only later.
    for (const folder of plan.prepared.watch) mkdirSync(folder, { recursive: true });
    return plan.prepared;
  };
}
