/**
 * From a queued job to what the executor starts: the trainer's files (its writer, from the job's
 * config snapshot), the argv (the trainer's runtime), the interpreter, folder and extra environment
 * of the install named in the settings, the output folders to watch, and the save/sample schedule for
 * the progress. `planRun` decides everything and is pure; `createPrepareRun` writes the files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, TrainerInstalls, TrainerKind } from '../../../../shared/contract';
import {
  getTrainer,
  withShownDefaults,
  type TrainerConfig,
  type WrittenFile,
} from '../../../../shared/trainers';
import { trainerRuntime } from '../../trainers';
import { outputOwnerOf } from '../../trainers/common/output-owner';
import type { JobLookup, Schedule } from '../../trainers/runtime';
import { PrepareRunError, type PrepareRun, type PreparedRun } from './prepared-run';

export type { JobLookup } from '../../trainers/runtime';

export { PrepareRunError } from './prepared-run';

export interface RunFacts {
  runDir: string;
  /** Physical GPU indices (PCI bus order), the child's CUDA_VISIBLE_DEVICES. */
  gpuIndices: readonly number[];
  port: number;
  /** The saved state a resumed job continues from (sd-scripts: its config's `resume`). */
  resumeFrom?: string;
  /** Whose diffusion-pipe output folder it uses (outputOwnerOf with the queue at hand). */
  outputOwner?: string;
}

export type PlanJob = Pick<Job, 'id' | 'trainer' | 'config' | 'resume' | 'retriedFrom'> &
  Partial<Pick<Job, 'configProblem' | 'resumeFrom'>>;

export interface PlanOptions {
  installs: TrainerInstalls;
  /** accelerate's --num_cpu_threads_per_process. */
  cpuThreadsPerProcess: number;
}

export type RunPlan =
  { ok: true; files: WrittenFile[]; prepared: PreparedRun } | { ok: false; reason: string; hint: string };

/** When the trainer saves and samples, as its config says (progress shows the next of each). */
export function scheduleOf(kind: TrainerKind, values: Record<string, unknown>): Schedule {
  return trainerRuntime(kind).schedule(values);
}

/** Keys of the caches a job shares with others (jobs with a key in common must not run at once). */
export function sharedCacheKeysOf(kind: TrainerKind, config: TrainerConfig): string[] {
  return trainerRuntime(kind).sharedCacheKeys(config);
}

export function planRun(job: PlanJob, facts: RunFacts, options: PlanOptions): RunPlan {
  const runtime = trainerRuntime(job.trainer);
  const { key, label } = runtime.install;
  const install = options.installs[key];
  const setting = `Settings → Trainers → ${label}`;
  if (install.python.trim() === '') {
    return {
      ok: false,
      reason: `The install of ${label} is not set up: no Python interpreter is set for it.`,
      hint: `Set the interpreter of its venv (…/venv/bin/python) in ${setting} (trainers.${key}.python), then retry the job.`,
    };
  }
  if (runtime.needsInstallFolder && install.folder.trim() === '') {
    return {
      ok: false,
      reason: `The install of ${label} is not set up: its folder is not set.`,
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
  // A job stored before its trainer's shown defaults were filled in at enqueue gets them now.
  const shown = withShownDefaults(config);
  const values = runtime.launchValues({ ...shown.values }, job, facts);
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
  const argv = runtime.argv({
    python,
    installFolder: install.folder,
    launch,
    runDir: facts.runDir,
    gpuIndices: facts.gpuIndices,
    port: facts.port,
    resume: job.resume,
    ...(facts.resumeFrom ? { resumeFrom: facts.resumeFrom } : {}),
    cpuThreadsPerProcess: options.cpuThreadsPerProcess,
  });
  if (!argv.ok) return argv;
  return {
    ok: true,
    files: written.files,
    prepared: {
      python,
      cwd,
      argv: argv.argv,
      installEnv: 'env' in install ? { ...install.env } : {},
      watch: [...new Set(launch.outputs.map((output) => output.dir))],
      schedule: runtime.schedule(values),
      sharedCacheKeys: runtime.sharedCacheKeys(trainerConfig),
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
    const runtime = trainerRuntime(job.trainer);
    // A resumed retry continues from what its source saved; with nothing saved it fails, saying so.
    let resumeFrom: string | undefined;
    if (job.resume) {
      const point = runtime.resumeAtLaunch(job, options.jobById);
      if (!point.ok) {
        throw new PrepareRunError(
          `It was to resume, but there is nothing to resume from. ${point.reason}`,
          'Retry it without resume.',
        );
      }
      resumeFrom = point.from;
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
    const { key, label } = runtime.install;
    if (!existsSync(plan.prepared.python)) {
      throw new PrepareRunError(
        `The Python interpreter of ${label}, ${plan.prepared.python}, does not exist.`,
        `Fix the interpreter in Settings → Trainers → ${label} (trainers.${key}.python), then retry the job.`,
      );
    }
    if (!existsSync(plan.prepared.cwd)) {
      throw new PrepareRunError(
        `The folder of ${label}, ${plan.prepared.cwd}, does not exist.`,
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
