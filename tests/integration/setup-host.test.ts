// Set-up over HTTP, as a first-run screen uses it: which trainers are set up (trainers.list), the doctor
// with its machine checks, progress events and cancel, and enqueue refusing what could never run here.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  defaultSettings,
  type DoctorAnswer,
  type DoctorProgress,
  type TrainersList,
} from '../../src/shared/contract';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src/main/core/app-core';
import { headlessCapabilities } from '../../src/main/hosts/headless/headless-capabilities';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import { postChannel } from '../support/post-channel';
import { ok } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';
import { liveMembersOf } from '../support/process-groups';

const tempDir = useTempDirs();
const token = 'setup-token';
const fakeSmi = resolve('tests/fixtures/bin/nvidia-smi');
const python3 = execFileSync('which', ['python3']).toString().trim();
const running: { core: AppCore; server: HeadlessServer }[] = [];
afterEach(async () => {
  for (const { core, server } of running.splice(0)) {
    await server.close();
    core.close();
  }
});

interface Host {
  port: number;
  token: string;
  root: string;
  dataDir: string;
}

/** A headless host over HTTP on a fresh data folder; its nvidia-smi the fake one with `gpus` GPUs. */
async function startHost(gpus: number | 'none', options: Partial<AppCoreOptions> = {}): Promise<Host> {
  const root = tempDir();
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
  let nvidiaSmi = join(root, 'no-driver', 'nvidia-smi');
  if (gpus !== 'none') {
    nvidiaSmi = join(root, 'nvidia-smi');
    writeFileSync(nvidiaSmi, `#!/bin/sh\nFAKE_NVIDIA_SMI_GPUS=${gpus} exec ${fakeSmi} "$@"\n`);
    chmodSync(nvidiaSmi, 0o755);
  }
  const dataDir = join(root, 'data');
  const core = createAppCore({
    dataDir,
    host: 'headless',
    capabilities: headlessCapabilities,
    checkResponses: true,
    supervise: false,
    nvidiaSmi,
    ...options,
  });
  const server = await startHeadlessServer({ core, token, host: '127.0.0.1', port: 0, staticDir });
  running.push({ core, server });
  return { port: server.port, token, root, dataDir };
}

const installs = (patch: Partial<typeof defaultSettings.trainers>) => ({
  trainers: { ...defaultSettings.trainers, ...patch },
});

/** Waits for a state (a file, a message, a process gone), never a duration; the cap only ends a broken run. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !check(); i++) await new Promise((done) => setTimeout(done, 20));
  if (!check()) throw new Error(`never happened: ${what}`);
}

describe('trainers.list', () => {
  it('lists the three trainers with labels and families, none set up on a fresh host, naming the setting', async () => {
    const host = await startHost(2);
    const { trainers } = await ok<TrainersList>(host, 'trainers.list', {});
    expect(trainers.map((t) => [t.kind, t.label, t.setUp])).toEqual([
      ['sd-scripts', 'kohya sd-scripts', false],
      ['diffusion-pipe', 'diffusion-pipe', false],
      ['generic', 'YAML / Hydra engine', false],
    ]);
    const sd = trainers[0];
    expect(sd?.families.map((f) => f.id)).toEqual(expect.arrayContaining(['sd', 'sdxl', 'sd3', 'flux']));
    expect(sd?.families.every((f) => f.label.length > 0)).toBe(true);
    expect(sd?.message).toBe(
      'The install of sd-scripts is not set up: set the Python interpreter of its venv in Settings → Trainers → sd-scripts (trainers.sdScripts.python).',
    );
    expect(sd?.python).toEqual({
      setting: 'trainers.sdScripts.python',
      path: '',
      required: true,
      set: false,
      exists: false,
    });
    // The generic trainer runs in the job's run folder when it has none: its folder is optional.
    expect(trainers[2]?.folder).toMatchObject({ setting: 'trainers.generic.folder', required: false });
  });

  it('says which are set up once the settings name paths that exist, and which path is missing', async () => {
    const host = await startHost(2);
    const folder = join(host.root, 'sd-scripts');
    mkdirSync(folder);
    await ok(
      host,
      'settings.set',
      installs({
        sdScripts: { python: python3, folder, env: {} },
        diffusionPipe: { python: python3, folder: join(host.root, 'gone'), env: {} },
        generic: { python: python3, folder: '' },
      }),
    );
    const { trainers } = await ok<TrainersList>(host, 'trainers.list', {});
    expect(trainers.map((t) => [t.kind, t.setUp])).toEqual([
      ['sd-scripts', true],
      ['diffusion-pipe', false],
      ['generic', true],
    ]);
    expect(trainers[0]?.folder).toMatchObject({ set: true, exists: true, path: folder });
    expect(trainers[1]?.folder).toMatchObject({ set: true, exists: false });
    expect(trainers[1]?.message).toBe(
      `${join(host.root, 'gone')} does not exist: fix it in Settings → Trainers → diffusion-pipe (trainers.diffusionPipe.folder).`,
    );
  });
});

describe('env.doctor', () => {
  it('checks the driver, its CUDA version and the free disk before any install is set', async () => {
    const host = await startHost(2);
    const output = join(host.root, 'outputs', 'new');
    const answer = await ok<DoctorAnswer>(host, 'env.doctor', { outputFolder: output });
    expect(answer.machine.map((check) => check.id)).toEqual(['nvidia.driver', 'disk.data', 'disk.output']);
    expect(answer.machine[0]).toMatchObject({
      status: 'ok',
      driver_version: '550.54.15',
      cuda_version: '12.4',
      message: 'NVIDIA driver 550.54.15, which supports CUDA up to 12.4.',
    });
    expect(answer.machine[1]).toMatchObject({ path: host.dataDir });
    expect(typeof answer.machine[1]?.free_bytes).toBe('number');
    expect(answer.machine[2]?.message).toContain(`${output} (to be created; measured at ${host.root})`);
    expect(answer.installs.map((entry) => [entry.install, entry.state])).toEqual([
      ['sdScripts', 'not-set-up'],
      ['diffusionPipe', 'not-set-up'],
      ['generic', 'not-set-up'],
    ]);
  });

  it("checks the generic trainer's install with the real doctor, in its own interpreter", async () => {
    const host = await startHost(2);
    await ok(host, 'settings.set', installs({ generic: { python: python3, folder: '' } }));
    const answer = await ok<DoctorAnswer>(host, 'env.doctor', { installs: ['generic'], timeoutSeconds: 30 });
    expect(answer.installs).toHaveLength(1);
    const [entry] = answer.installs;
    expect(entry).toMatchObject({ install: 'generic', state: 'checked', python: python3, folder: '' });
    const ids = entry?.report?.checks.map((check) => check.id) ?? [];
    expect(ids).toContain('python.version');
    // No trainer folder is asked of it: none of the sd-scripts or diffusion-pipe checks ran.
    expect(ids.filter((id) => /^(sd_scripts|diffusion_pipe)\./.test(id))).toEqual([]);
    expect(entry?.message).toMatch(/^The generic trainer: \d+ checks? (passed|failed)/);
    expect(entry?.message).not.toMatch(/undefined|\.\.$/);
  }, 60_000);

  it('says when there is no NVIDIA driver at all', async () => {
    const host = await startHost('none');
    const answer = await ok<DoctorAnswer>(host, 'env.doctor', { installs: [] });
    expect(answer.machine[0]).toMatchObject({ id: 'nvidia.driver', status: 'warn' });
    expect(answer.machine[0]?.message).toMatch(/^nvidia-smi was not found .*install the NVIDIA driver/);
    expect(answer.installs).toEqual([]);
  });

  it("reports each step as it goes, and a cancel ends the run and its hanging python's processes at once", async () => {
    const host = await startHost(2);
    const pidFile = join(host.root, 'python.pid');
    const hangingPython = join(host.root, 'python');
    // A python that never answers: it says it started, then waits on a child of its own.
    writeFileSync(hangingPython, `#!/bin/sh\necho $$ > ${pidFile}\nsleep 600 &\nwait\n`);
    chmodSync(hangingPython, 0o755);

    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${token}`);
    await new Promise((done, fail) => {
      socket.once('open', done);
      socket.once('error', fail);
    });
    const progress: DoctorProgress[] = [];
    let settingsSeen = false;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; event: string; payload: unknown };
      if (message.type !== 'event') return;
      if (message.event === 'env.doctorProgress') progress.push(message.payload as DoctorProgress);
      if (message.event === 'settings.changed') settingsSeen = true;
    });
    const subscribe = (subscription: number, event: string, params?: object) =>
      socket.send(JSON.stringify({ type: 'subscribe', subscription, event, params }));
    subscribe(1, 'env.doctorProgress', { runId: 'first-run' });
    subscribe(2, 'env.doctorProgress', { runId: 'someone-else' });
    subscribe(3, 'settings.changed');
    // Subscriptions are taken in order: once settings.changed arrives, the progress ones are in place.
    await ok(host, 'settings.set', installs({ generic: { python: hangingPython, folder: '' } }));
    await until('settings.changed', () => settingsSeen);

    const doctor = postChannel(host, 'env.doctor', {
      runId: 'first-run',
      installs: ['generic'],
      timeoutSeconds: 600,
    });
    await until(
      'the python started',
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'),
    );
    await until('the generic step began', () => progress.some((p) => p.step === 'generic'));
    // The same name twice is refused while the first run is under way.
    const twice = await postChannel(host, 'env.doctor', { runId: 'first-run', installs: [] });
    expect(twice.status).toBe(409);

    expect(await ok(host, 'env.cancelDoctor', { runId: 'first-run' })).toEqual({ canceled: ['first-run'] });
    const { status, body } = await doctor;
    expect(status).toBe(200);
    const answer = body as DoctorAnswer;
    expect(answer.runId).toBe('first-run');
    expect(answer.machine[0]).toMatchObject({ id: 'nvidia.driver', status: 'ok' });
    expect(answer.installs).toEqual([
      expect.objectContaining({ install: 'generic', state: 'canceled', report: null }),
    ]);
    // Its whole process group is gone: the shell and the child it waited on.
    const group = Number(readFileSync(pidFile, 'utf8'));
    await until('the process group ended', () => liveMembersOf(group).length === 0);

    await until('the last step was announced', () => progress.some((p) => p.state === 'canceled'));
    expect(progress.map((p) => [p.runId, p.step, p.state, p.done, p.total])).toEqual([
      ['first-run', 'machine', 'running', 0, 2],
      ['first-run', 'machine', 'done', 1, 2],
      ['first-run', 'generic', 'running', 1, 2],
      ['first-run', 'generic', 'canceled', 2, 2],
    ]);
    // Nothing is left to cancel.
    expect(await ok(host, 'env.cancelDoctor', {})).toEqual({ canceled: [] });
    socket.close();
  }, 60_000);
});

describe('jobs.enqueue checks what it can', () => {
  const genericJob = (name: string, count: number, include?: string[]) => ({
    name,
    config: {
      trainer: 'generic',
      family: 'hydra',
      values: { command: '{python} train.py --config-path {run_dir}', config: { lr: 0.0001 }, overrides: [] },
    },
    gpus: { count, ...(include ? { include } : {}) },
  });
  const uuid = (i: number) => `GPU-fa4e0000-0000-4000-8000-${String(i).padStart(12, '0')}`;

  it('refuses more GPUs than the machine has after the exclusions, saying how many it has', async () => {
    const host = await startHost(2);
    await ok(host, 'settings.set', {
      ...installs({ generic: { python: python3, folder: '' } }),
      excludedGpus: [uuid(1)],
    });
    const three = await postChannel(host, 'jobs.enqueue', genericJob('big', 3));
    expect(three).toEqual({
      status: 409,
      body: {
        code: 'conflict',
        message:
          '"big" needs 3 GPUs; this machine has 2 (1 excluded in Settings → GPUs, excludedGpus). Ask for at most 1, or allow an excluded GPU again.',
        details: [],
      },
    });
    expect((await postChannel(host, 'jobs.enqueue', genericJob('two', 2))).status).toBe(409);
    const named = await postChannel(host, 'jobs.enqueue', genericJob('named', 1, [uuid(1)]));
    expect(named.status).toBe(409);
    expect((named.body as { message: string }).message).toContain('0 of those it names can be used');
    await ok(host, 'jobs.enqueue', genericJob('fits', 1));
    await ok(host, 'jobs.enqueue', genericJob('cpu', 0));
    // An edit is checked the same way.
    const { items } = await ok<{ items: { id: string }[] }>(host, 'jobs.list', {});
    const edit = await postChannel(host, 'jobs.replace', { id: items[0]?.id, ...genericJob('bigger', 4) });
    expect(edit.status).toBe(409);
  });

  it('refuses a GPU job on a machine without a driver, and any job whose trainer is not set up', async () => {
    const host = await startHost('none');
    const unset = await postChannel(host, 'jobs.enqueue', genericJob('cpu', 0));
    expect(unset.status).toBe(409);
    expect((unset.body as { message: string }).message).toBe(
      '"cpu" cannot be queued: the install of the generic trainer is not set up. Set its Python interpreter (the python of its venv) in Settings → Trainers → the generic trainer (trainers.generic.python), then queue it again.',
    );
    await ok(host, 'settings.set', installs({ generic: { python: python3, folder: '' } }));
    const gpu = await postChannel(host, 'jobs.enqueue', genericJob('gpu', 1));
    expect(gpu.status).toBe(409);
    expect((gpu.body as { message: string }).message).toBe(
      '"gpu" needs 1 GPU; this machine has none that DPGui can see (nvidia-smi was not found). Install the NVIDIA driver, or ask for 0 GPUs to run it on the CPU.',
    );
    await ok(host, 'jobs.enqueue', genericJob('cpu', 0));
  });

  it('takes the trainer once, from the config: a trainer beside it is refused', async () => {
    const host = await startHost(2);
    await ok(host, 'settings.set', installs({ generic: { python: python3, folder: '' } }));
    const both = await postChannel(host, 'jobs.enqueue', { ...genericJob('both', 0), trainer: 'generic' });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('trainer');
  });
});
