/**
 * The end-to-end harness of the supervisor: a real `dpgui serve` started from source (tsx) with a fake
 * nvidia-smi of 2 GPUs first on PATH, trainer installs pointing at the fake interpreter
 * (tests/fixtures/fake-trainers/fake_python.py), jobs queued over HTTP with built-in presets' configs.
 * Every host and job a test file makes is recorded here, so its afterAll can prove nothing is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { postChannel } from './post-channel';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createSchemaValidators } from '../../src/main/core/contract/schema-validators';
import { createProcessTable } from '../../src/main/core/platform/process-identity';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type { Job, RequestName } from '../../src/shared/contract';
import { builtInPresets as diffusionPipeBuiltInPresets } from '../../src/shared/trainers/diffusion-pipe/presets';
import { sdScriptsBuiltInPresets } from '../../src/shared/trainers/sd-scripts/presets';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const cliSource = join(repoRoot, 'src', 'main', 'hosts', 'headless', 'cli.ts');
export const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
export const validators = createSchemaValidators();
export const processes = createProcessTable();
export const jobIds: string[] = [];
export const children: ChildProcess[] = [];

/** Where a client reaches a host: a `dpgui serve` child or one in the test's own process. */
export interface Endpoint {
  port: number;
  token: string;
}

export interface Host extends Endpoint {
  child: ChildProcess;
  output: () => string;
}

/**
 * The file's hooks: the fake interpreter made executable before its tests; after them, every host it
 * started killed and no process of any job it queued left (trainings outlive the host by design).
 */
export function useSupervisorHosts(): void {
  beforeAll(() => chmodSync(fakePython, 0o755));
  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const id of jobIds) expect(findTaggedProcesses(id, processes), id).toEqual([]);
  });
}

/** Tests run as root; a host that must meet the permissions a user meets runs as nobody (setpriv). */
const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * `env`: more of the user's environment the host starts in (the trainers inherit it). `runAs: 'nobody'`
 * starts it as the user nobody (its data folder and HOME must be that user's).
 */
export async function startHost(
  dataDir: string,
  env: Record<string, string> = {},
  options: { runAs?: 'nobody' } = {},
): Promise<Host> {
  const script = `const { runCli } = await import(${JSON.stringify(cliSource)}); const code = await runCli(process.argv.slice(1)); if (code !== 0) process.exit(code);`;
  const [command, prefix] =
    options.runAs === 'nobody' ? ['setpriv', [...asNobody, process.execPath]] : [process.execPath, []];
  const child = spawn(
    command,
    [
      ...prefix,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
      '--',
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...env,
        DPGUI_CHECK_RESPONSES: '1',
        PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
        FAKE_NVIDIA_SMI_GPUS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from dpgui serve:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /Open DPGui: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`dpgui serve exited (${code}):\n${output}`)));
  });
  return {
    child,
    port: Number(url.port),
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    output: () => output,
  };
}

/** The support's name for postChannel, which the supervisor tests import from here. */
export const post = postChannel;

export function getFile(host: Host, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/files/job-output?path=${encodeURIComponent(path)}`,
        headers: { Authorization: `Bearer ${host.token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A channel's answer, which must be a 200 that its response schema accepts. */
export async function ok<T>(host: Endpoint, channel: RequestName, payload: unknown): Promise<T> {
  const { status, body } = await post(host, channel, payload);
  expect(status, `${channel}: ${JSON.stringify(body)}`).toBe(200);
  expect(validators.response(channel, body), channel).toEqual({ ok: true });
  return body as T;
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A world for sd-scripts configs to validate against: a model file and a folder of images. */
export function makeWorld(root: string) {
  const model = join(root, 'model.safetensors');
  writeFileSync(model, 'not really a model');
  const images = join(root, 'images');
  mkdirSync(images);
  writeFileSync(join(images, 'a.png'), 'not really an image');
  writeFileSync(join(images, 'a.txt'), 'a caption');
  const sdScripts = join(root, 'sd-scripts');
  mkdirSync(sdScripts);
  return { model, images, sdScripts };
}

/** The SD 1.5 starter with its paths filled in, and the fake trainer's flags for this job. */
export function sdJob(root: string, world: ReturnType<typeof makeWorld>, name: string, fakeArgs: string[]) {
  const preset = sdScriptsBuiltInPresets.find((p) => p.id === 'builtin:sd-scripts-sd15-lora');
  if (!preset) throw new Error('the SD 1.5 starter is gone');
  const config = structuredClone(preset.config);
  const output = join(root, 'out', name);
  mkdirSync(output, { recursive: true });
  writeFileSync(join(output, 'fake-trainer-args.json'), JSON.stringify(fakeArgs));
  Object.assign(config.values, { pretrained_model_name_or_path: world.model, output_dir: output });
  (config.values.subsets as Record<string, unknown>[])[0] = {
    ...(config.values.subsets as Record<string, unknown>[])[0],
    image_dir: world.images,
  };
  return { name, config, gpus: { count: 1 } };
}

/** The diffusion-pipe SDXL starter with its paths filled in; its own image folder, so no cache is shared. */
export function dpJob(root: string, world: ReturnType<typeof makeWorld>, name: string, fakeArgs: string[]) {
  const preset = diffusionPipeBuiltInPresets.find((p) => p.id === 'builtin:diffusion-pipe-sdxl-lora');
  if (!preset) throw new Error('the diffusion-pipe SDXL starter is gone');
  const config = structuredClone(preset.config);
  const output = join(root, 'dp-out', name);
  mkdirSync(output, { recursive: true });
  writeFileSync(join(output, 'fake-trainer-args.json'), JSON.stringify(fakeArgs));
  const images = join(root, `dp-images-${name}`);
  mkdirSync(images);
  writeFileSync(join(images, 'a.png'), 'not really an image');
  writeFileSync(join(images, 'a.txt'), 'a caption');
  const values = config.values as {
    model: Record<string, unknown>;
    dataset: Record<string, unknown>;
  } & Record<string, unknown>;
  values.model.checkpoint_path = world.model;
  values.output_dir = output;
  values.dataset.directories = [{ path: images, num_repeats: 1 }];
  return { name, config, gpus: { count: 1 } };
}

export async function enqueue(host: Endpoint, job: unknown): Promise<string> {
  const { id } = await ok<Job>(host, 'jobs.enqueue', job);
  jobIds.push(id);
  return id;
}

export const getJob = (host: Endpoint, id: string) => ok<Job>(host, 'jobs.get', { id });

/** The statuses a job ends in. */
export const finished = ['succeeded', 'failed', 'canceled', 'interrupted'];

/** The job once its status is one of `statuses` (polled through jobs.get). */
export const untilStatus = (host: Endpoint, id: string, statuses: string[], ms = 30_000) =>
  until(
    `job ${id} to be ${statuses.join(' or ')}`,
    async () => {
      const job = await getJob(host, id);
      return statuses.includes(job.status) ? job : null;
    },
    ms,
  );
