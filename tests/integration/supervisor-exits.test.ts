// How trainings end, through a real `dpgui serve` with the fake nvidia-smi and fake trainers: each
// failure a user meets (GPU out of memory with the real H100 text, a SIGKILL DPGui did not send, a full
// disk, a missing model, a repo id) ends `failed` with its reason and a hint; and the crash test's
// variants: a trainer that ended while no host ran, and a launch.json that names a live process
// which is not ours (another start time) — judged, neither adopted nor signalled.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type { Job, Settings } from '../../src/shared/contract';
import { gpuH100 } from '../fixtures/fake-trainers/real-fixtures';
import {
  children,
  enqueue,
  fakePython,
  finished,
  getJob,
  type Host,
  jobIds,
  makeWorld,
  ok,
  post,
  processes,
  sdJob,
  startHost,
  until,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

async function useFakeInstall(host: Host, world: ReturnType<typeof makeWorld>): Promise<void> {
  await ok<Settings>(host, 'settings.set', {
    trainers: {
      sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: '', folder: '' },
    },
    stopGraceSeconds: 2,
  });
}

async function stopHost(host: Host, signal: NodeJS.Signals): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
  host.child.kill(signal);
  await exited;
}

const trainerPid = (job: Job): number =>
  (JSON.parse(readFileSync(join(job.runDir, 'facts.json'), 'utf8')) as { pid: number }).pid;

const isAlive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('how trainings end, in dpgui serve', () => {
  it('fails OOM, SIGKILL-not-ours, no-space, missing-model and repo-id exits with their reasons and hints', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    // Tracebacks as sd-scripts and its libraries print them (the OOM one is the real H100 capture).
    const crash = (name: string, lines: string[]) => {
      const file = join(root, `${name}.stderr`);
      writeFileSync(file, ['Traceback (most recent call last):', ...lines, ''].join('\n'));
      return ['--crash', file];
    };
    const host = await startHost(join(root, 'data'));
    try {
      await useFakeInstall(host, world);
      const cases = {
        oom: {
          args: ['--crash', join(gpuH100, 'oom.stderr')],
          code: 'oom',
          reason: /^The GPU ran out of memory \(CUDA out of memory\)\.$/,
          hint: /gradient checkpointing.*AdamW8bit/,
        },
        noSpace: {
          args: crash('no-space', [
            '  File "/sd-scripts/library/train_util.py", line 5210, in save_model',
            "OSError: [Errno 28] No space left on device: '/out/my_lora-000001.safetensors'",
          ]),
          code: 'no-space',
          reason: /disk is full \(no space left on device\)/,
          hint: /Free space on the disk of the output folder/,
        },
        missingModel: {
          args: crash('missing-model', [
            '  File "/sd-scripts/library/model_util.py", line 1004, in load_models_from_stable_diffusion_checkpoint',
            "FileNotFoundError: [Errno 2] No such file or directory: '/models/v1-5-pruned.safetensors'",
          ]),
          code: 'missing-file',
          reason: /^A model file was not found: \/models\/v1-5-pruned\.safetensors\.$/,
          hint: /must name an existing file/,
        },
        repoId: {
          args: crash('repo-id', [
            '  File "/venv/lib/python3.10/site-packages/huggingface_hub/utils/_validators.py", line 154, in validate_repo_id',
            "huggingface_hub.errors.HFValidationError: Repo id must be in the form 'repo_name' or 'namespace/repo_name': '/models/sd15'. Use `repo_type` argument if needed.",
          ]),
          code: 'not-local-model',
          reason: /Hugging Face repo id/,
          hint: /local \.safetensors file/,
        },
        killed: {
          args: ['--seconds', '120'],
          code: 'killed',
          reason: /killed \(SIGKILL\) by something other than DPGui/,
          hint: /journalctl -k \| grep -i oom/,
        },
      };
      const ids = new Map<string, string>();
      for (const [name, { args }] of Object.entries(cases))
        ids.set(name, await enqueue(host, sdJob(root, world, name, args)));

      // The kernel's OOM killer, played by the test: a SIGKILL to the trainer nobody at DPGui sent.
      const killedId = ids.get('killed') ?? '';
      const running = await untilStatus(host, killedId, ['running'], 30_000);
      await until('its facts', () => Promise.resolve(existsSync(join(running.runDir, 'facts.json'))), 15_000);
      process.kill(trainerPid(running), 'SIGKILL');

      for (const [name, expected] of Object.entries(cases)) {
        const job = await untilStatus(host, ids.get(name) ?? '', finished, 30_000);
        expect(job.status, `${name}: ${job.errorReason ?? ''}`).toBe('failed');
        expect(job.errorReason, name).toMatch(expected.reason);
        expect(job.errorHint, name).toMatch(expected.hint);
        // The code beside the sentence, for the UI to offer the matching fix.
        expect(job.reasonCode, name).toBe(expected.code);
      }
      expect((await getJob(host, killedId)).exitSignal).toBe('SIGKILL');
    } finally {
      await stopHost(host, 'SIGTERM');
    }
  }, 150_000);

  it('finishes a cancel when the host is SIGKILLed right after it: the tree ends in the grace period, the next host says canceled', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const dataDir = join(root, 'data');
    const first = await startHost(dataDir);
    let id: string;
    try {
      await useFakeInstall(first, world);
      // Ignores SIGTERM and has grandchildren, one of them in a session of its own.
      id = await enqueue(
        first,
        sdJob(root, world, 'stubborn', ['--ignore-sigterm', '--grandchildren', '--seconds', '120']),
      );
      await untilStatus(first, id, ['running'], 30_000);
      await until(
        'its grandchildren',
        () => Promise.resolve(findTaggedProcesses(id, processes).length >= 3),
        15_000,
      );
      expect((await ok<Job>(first, 'jobs.cancel', { id })).status).toBe('stopping');
    } finally {
      await stopHost(first, 'SIGKILL');
    }
    const asked = Date.now();
    // No host: the launch wrapper runs the stop ladder on its own (grace 2 s, then SIGKILL to all).
    await until(
      'the whole tree gone',
      () => Promise.resolve(findTaggedProcesses(id, processes).length === 0),
      (2 + 2) * 1000,
    );
    expect(Date.now() - asked).toBeLessThan((2 + 2) * 1000);
    // DPGui's run folder of the job: its exit.json is written only once nothing of the tree is left.
    const runDir = join(dataDir, 'runs', id);
    await until('exit.json', () => Promise.resolve(existsSync(join(runDir, 'exit.json'))), 5_000);

    const second = await startHost(dataDir);
    try {
      const job = await untilStatus(second, id, finished, 30_000);
      expect(job.status).toBe('canceled');
      expect(findTaggedProcesses(id, processes)).toEqual([]);
    } finally {
      await stopHost(second, 'SIGTERM');
    }
  }, 120_000);

  it('judges a trainer that ended while no host ran, and leaves a live stranger named by launch.json alone', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const first = await startHost(join(root, 'data'));
    let ended: string;
    let stranger: string;
    let strangerRunDir: string;
    let endedRunDir: string;
    try {
      await useFakeInstall(first, world);
      ended = await enqueue(
        first,
        sdJob(root, world, 'ended', ['--replay', 'plain_split_unbuf', '--speed', '4']),
      );
      stranger = await enqueue(first, sdJob(root, world, 'stranger', ['--seconds', '120']));
      endedRunDir = (await untilStatus(first, ended, ['running'], 30_000)).runDir;
      strangerRunDir = (await untilStatus(first, stranger, ['running'], 30_000)).runDir;
      await until(
        'the launch records',
        () => Promise.resolve(existsSync(join(strangerRunDir, 'launch.json'))),
        15_000,
      );
    } finally {
      await stopHost(first, 'SIGKILL');
    }

    // While no host runs: `ended` finishes by itself, its exit.json waiting for the next host.
    await until(
      "the ended trainer's exit.json",
      () => Promise.resolve(existsSync(join(endedRunDir, 'exit.json'))),
      60_000,
    );
    // `stranger`'s whole tree dies without a word (the wrapper first, so no exit.json is written) …
    const launchFile = join(strangerRunDir, 'launch.json');
    const launch = JSON.parse(readFileSync(launchFile, 'utf8')) as {
      wrapper: { pid: number };
      trainer: { pid: number };
    };
    process.kill(launch.wrapper.pid, 'SIGKILL');
    for (const identity of findTaggedProcesses(stranger, processes)) process.kill(identity.pid, 'SIGKILL');
    await until(
      'the tree gone',
      () => Promise.resolve(findTaggedProcesses(stranger, processes).length === 0),
      10_000,
    );
    expect(existsSync(join(strangerRunDir, 'exit.json'))).toBe(false);
    // … and its pids now belong to an unrelated live process, which started at another time.
    const unrelated = spawn('sleep', ['120'], { stdio: 'ignore' });
    children.push(unrelated);
    const pid = unrelated.pid ?? 0;
    launch.wrapper.pid = pid;
    launch.trainer.pid = pid;
    writeFileSync(launchFile, JSON.stringify(launch));

    const second = await startHost(join(root, 'data'));
    try {
      const judged = await untilStatus(second, ended, finished, 30_000);
      expect(judged, judged.errorReason ?? '').toMatchObject({ status: 'succeeded', exitCode: 0 });
      // The lines printed while no host followed were read from the stored offsets.
      expect(judged.lastProgress).toMatchObject({ step: 10, total: 10 });
      const interrupted = await untilStatus(second, stranger, finished, 30_000);
      expect(interrupted.status).toBe('interrupted');
      expect(interrupted.errorReason).toMatch(/trainer was gone/);
      expect(interrupted.errorHint).toMatch(/resume/);
      // Neither adopted nor signalled: the unrelated process lives on.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(isAlive(pid)).toBe(true);
      expect(unrelated.signalCode).toBeNull();
    } finally {
      unrelated.kill('SIGKILL');
      await stopHost(second, 'SIGTERM');
    }
  }, 180_000);

  it('retries with resume from the saved state, and refuses a resume with nothing saved', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    try {
      await useFakeInstall(host, world);
      const replay = ['--replay', 'plain_split_unbuf', '--speed', '8'];
      // `saved` leaves a --save_state folder as sd-scripts names it; `unsaved` none.
      const state = join(root, 'out', 'saved', 'my_lora-state');
      const saved = await enqueue(
        host,
        sdJob(root, world, 'saved', [...replay, '--write', join(state, 'train_state.json')]),
      );
      const unsaved = await enqueue(host, sdJob(root, world, 'unsaved', replay));
      for (const id of [saved, unsaved])
        expect((await untilStatus(host, id, finished, 30_000)).status).toBe('succeeded');

      const refused = await post(host, 'jobs.retry', { id: unsaved, resume: true });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toMatch(
        /cannot be resumed.*No saved training state of \\"my_lora\\"/,
      );

      const resumed = await ok<Job>(host, 'jobs.retry', { id: saved, resume: true });
      jobIds.push(resumed.id);
      expect(resumed).toMatchObject({ retriedFrom: saved, resume: true });
      const done = await untilStatus(host, resumed.id, finished, 30_000);
      expect(done.status, done.errorReason ?? '').toBe('succeeded');
      expect(readFileSync(join(done.runDir, 'config.toml'), 'utf8')).toContain(`resume = "${state}"`);
    } finally {
      await stopHost(host, 'SIGTERM');
    }
  }, 120_000);
});
