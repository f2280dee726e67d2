import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { defaultSettings, type TrainerConfig, type TrainerInstalls } from '../../../../shared/contract';
import { sdScriptsBuiltInPresets } from '../../../../shared/trainers/sd-scripts/presets';
import { builtInPresets as diffusionPipeBuiltInPresets } from '../../../../shared/trainers/diffusion-pipe/presets';
import { readStoredConfig } from '../../queue/stored-config';
import { createPrepareRun, planRun, PrepareRunError, type PlanJob } from './prepare-run';

const tempDir = useTempDirs();

const installs: TrainerInstalls = {
  sdScripts: { python: '/venvs/sds/bin/python', folder: '/opt/sd-scripts', env: { HF_HOME: '/hf' } },
  diffusionPipe: { python: '/venvs/dp/bin/python', folder: '/opt/diffusion-pipe', env: {} },
  generic: { python: '/venvs/gen/bin/python', folder: '' },
};

function presetConfig(presets: { id: string; config: TrainerConfig }[], id: string): TrainerConfig {
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return structuredClone(preset.config);
}

function sdJob(values: Record<string, unknown> = {}): PlanJob {
  const config = presetConfig(sdScriptsBuiltInPresets, 'builtin:sd-scripts-sd15-lora');
  Object.assign(config.values, { output_dir: '/data/out/a', ...values });
  return { id: 'job-a', trainer: 'sd-scripts', config, resume: false, retriedFrom: null };
}

const facts = { runDir: '/data/runs/job-a', gpuIndices: [1], port: 29517 };
const options = { installs, cpuThreadsPerProcess: 2 };

describe('planRun', () => {
  it('launches sd-scripts through accelerate with the GPUs, port and precision on the command line', () => {
    const plan = planRun(sdJob(), facts, options);
    if (!plan.ok) throw new Error(plan.reason);
    const { argv } = plan.prepared;
    expect(argv.slice(0, 3)).toEqual(['/venvs/sds/bin/python', '-m', 'accelerate.commands.launch']);
    expect(argv.join(' ')).toContain('--num_processes 1 --num_machines 1 --gpu_ids 1');
    expect(argv.join(' ')).toContain('--main_process_port 29517 --mixed_precision fp16');
    expect(argv).not.toContain('--multi_gpu');
    expect(argv.slice(-5)).toEqual([
      '/opt/sd-scripts/train_network.py',
      '--config_file',
      '/data/runs/job-a/config.toml',
      '--dataset_config',
      '/data/runs/job-a/dataset.toml',
    ]);
    expect(plan.prepared).toMatchObject({
      python: '/venvs/sds/bin/python',
      cwd: '/opt/sd-scripts',
      installEnv: { HF_HOME: '/hf' },
      watch: ['/data/out/a'],
      schedule: { epochs: 10 },
    });
    expect(plan.files.map((f) => f.name)).toEqual(['config.toml', 'dataset.toml']);
    expect(plan.files[0]?.content).toContain('output_dir = "/data/out/a"');
  });

  it('asks accelerate for several processes and --multi_gpu on two GPUs', () => {
    const plan = planRun(sdJob(), { ...facts, gpuIndices: [0, 1] }, options);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.prepared.argv.join(' ')).toContain(
      '--num_processes 2 --num_machines 1 --gpu_ids 0,1 --multi_gpu',
    );
  });

  it('fails a job whose install has no interpreter, naming the setting', () => {
    const plan = planRun(sdJob(), facts, {
      ...options,
      installs: { ...installs, sdScripts: { python: '', folder: '', env: {} } },
    });
    if (plan.ok) throw new Error('planned without an interpreter');
    expect(plan.reason).toContain('install of sd-scripts is not set up');
    expect(plan.hint).toContain('trainers.sdScripts.python');
  });

  it('fails a job whose install has no folder, naming the setting', () => {
    const plan = planRun(sdJob(), facts, {
      ...options,
      installs: { ...installs, sdScripts: { python: '/venvs/sds/bin/python', folder: ' ', env: {} } },
    });
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.hint).toContain('trainers.sdScripts.folder');
  });

  it('refuses a stored config that is not a training config (a job stored before configs were typed)', () => {
    const stored = readStoredConfig('sd-scripts', { anything: 1 });
    const plan = planRun(
      { ...sdJob(), config: stored.config, configProblem: stored.problem ?? null },
      facts,
      options,
    );
    if (plan.ok) throw new Error('planned without a training config');
    expect(plan.reason).toContain('not a training config');
  });

  it('gives diffusion-pipe its own output folder per job and the port twice, GPUs through --include', () => {
    const config = presetConfig(diffusionPipeBuiltInPresets, 'builtin:diffusion-pipe-sdxl-lora');
    const values = config.values;
    values.output_dir = '/data/dp-out';
    (values.dataset as { directories: { path: string; num_repeats: number }[] }).directories = [
      { path: '/data/images', num_repeats: 1 },
    ];
    const job: PlanJob = { id: 'job-d', trainer: 'diffusion-pipe', config, resume: false, retriedFrom: null };
    const plan = planRun(job, { runDir: '/data/runs/job-d', gpuIndices: [0, 1], port: 29600 }, options);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.prepared.argv).toEqual([
      '/venvs/dp/bin/python',
      '-m',
      'deepspeed.launcher.runner',
      '--include',
      'localhost:0,1',
      '--master_port',
      '29600',
      'train.py',
      '--deepspeed',
      '--config',
      '/data/runs/job-d/config.toml',
      '--master_port',
      '29600',
    ]);
    expect(plan.prepared.watch).toEqual(['/data/dp-out/job-d']);
    expect(plan.prepared.cwd).toBe('/opt/diffusion-pipe');
    expect(plan.prepared.sharedCacheKeys).toEqual(['/data/images\u0000sdxl']);
    expect(plan.prepared.schedule).toMatchObject({ epochs: 40, saveEveryNEpochs: 4 });
    const main = plan.files.find((f) => f.name === 'config.toml');
    expect(main?.content).toContain('output_dir = "/data/dp-out/job-d"');

    const resumed = planRun(
      { ...job, id: 'job-e', resume: true, retriedFrom: 'job-d' },
      { runDir: '/data/runs/job-e', gpuIndices: [1], port: 29601 },
      options,
    );
    if (!resumed.ok) throw new Error(resumed.reason);
    expect(resumed.prepared.watch).toEqual(['/data/dp-out/job-d']);
    expect(resumed.prepared.argv).toContain('--resume_from_checkpoint');
  });

  it('fills the generic template at launch: {gpu_ids} as the child sees them, {port}, {python}', () => {
    const job: PlanJob = {
      id: 'job-g',
      trainer: 'generic',
      config: {
        trainer: 'generic',
        family: 'hydra',
        values: { command: '{python} train.py --gpus {gpu_ids} --n {num_gpus} --port {port} -c {config}' },
      },
      resume: false,
      retriedFrom: null,
    };
    const plan = planRun(job, { runDir: '/data/runs/job-g', gpuIndices: [3, 5], port: 29700 }, options);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.prepared.argv).toEqual([
      '/venvs/gen/bin/python',
      'train.py',
      '--gpus',
      '0,1',
      '--n',
      '2',
      '--port',
      '29700',
      '-c',
      '/data/runs/job-g/config.yaml',
    ]);
    // No engine folder set: the run folder is its working folder.
    expect(plan.prepared.cwd).toBe('/data/runs/job-g');
  });
});

describe('createPrepareRun', () => {
  it('writes the config files into the run folder and creates the output folder', async () => {
    const root = tempDir();
    const python = process.execPath;
    const prepare = createPrepareRun({
      installs: () => ({ ...defaultSettings.trainers, sdScripts: { python, folder: root, env: {} } }),
    });
    const runDir = join(root, 'runs', 'job-a');
    const prepared = await prepare({ ...sdJob({ output_dir: join(root, 'out') }), id: 'job-a' } as never, {
      runDir,
      gpuIndices: [0],
      port: 29533,
    });
    expect(prepared.python).toBe(python);
    expect(readFileSync(join(runDir, 'config.toml'), 'utf8')).toContain('--config_file of train_network.py');
    expect(existsSync(join(runDir, 'dataset.toml'))).toBe(true);
    expect(existsSync(join(root, 'out'))).toBe(true);
  });

  it('throws a reason and a hint for an interpreter that is not there, and for an empty install', () => {
    const root = tempDir();
    const missing = createPrepareRun({
      installs: () => ({
        ...defaultSettings.trainers,
        sdScripts: { python: join(root, 'nope', 'python'), folder: root, env: {} },
      }),
    });
    const launch = { runDir: join(root, 'run'), gpuIndices: [0], port: 29534 };
    expect(() => missing(sdJob() as never, launch)).toThrow(PrepareRunError);
    expect(() => missing(sdJob() as never, launch)).toThrow(/does not exist/);
    const empty = createPrepareRun({ installs: () => defaultSettings.trainers });
    let thrown: unknown = null;
    try {
      void empty(sdJob() as never, launch);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PrepareRunError);
    expect((thrown as PrepareRunError).hint).toContain('Settings → Trainers → sd-scripts');
    expect(existsSync(launch.runDir)).toBe(false);
  });
});
