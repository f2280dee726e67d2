// The supervisor end to end through a real `dpgui serve` (started from source with tsx): a fake
// nvidia-smi of 2 GPUs first on PATH, the sd-scripts install pointing at a fake interpreter that runs
// the fake trainer in place of `accelerate launch` (replaying the real sd-scripts bytes), port 29500
// held by another process, jobs queued over HTTP with a built-in preset's config.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readDisplayLines } from '../../src/main/core/logs/display-log-store';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type { Job, JobArtifacts, JobSummary, Settings } from '../../src/shared/contract';
import {
  dpJob,
  enqueue,
  fakePython,
  getFile,
  getJob,
  makeWorld,
  ok,
  post,
  processes,
  sdJob,
  startHost,
  until,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let holder: Server | null = null;
useSupervisorHosts();

beforeAll(async () => {
  // Port 29500 held by a stranger, as the seed's zombie held it.
  const server = createServer();
  await new Promise<void>((done) => server.once('error', () => done()).listen(29500, '127.0.0.1', done));
  holder = server;
});

afterAll(() => holder?.close());

describe('the supervisor in dpgui serve', () => {
  it('refuses a job whose trainer is not set up, then runs 3 jobs on 2 GPUs around a held port 29500, and cancels a stubborn one', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const artifactEvents: unknown[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; event: string; payload: unknown };
      if (message.type === 'event' && message.event === 'job.artifact') artifactEvents.push(message.payload);
    });
    socket.send(JSON.stringify({ type: 'subscribe', event: 'job.artifact' }));
    try {
      const gpus = await ok<{ state: string; gpus: { uuid: string; index: number }[] }>(
        host,
        'gpus.list',
        {},
      );
      expect(gpus.gpus).toHaveLength(2);
      const indexOf = (uuid: string | undefined) => gpus.gpus.find((g) => g.uuid === uuid)?.index;

      // No install in the settings yet: the job is refused at enqueue, naming the setting to fill.
      const early = await post(host, 'jobs.enqueue', sdJob(root, world, 'early', ['--seconds', '1']));
      expect(early.status).toBe(409);
      expect((early.body as { message: string }).message).toMatch(
        /install of sd-scripts is not set up.*Settings → Trainers → sd-scripts \(trainers\.sdScripts\.python\)/,
      );

      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: fakePython, folder: world.sdScripts, env: { HF_HOME: join(root, 'hf') } },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
        stopGraceSeconds: 2,
      });

      // Each replays the real sd-scripts run (10 steps) while holding its rendezvous port.
      const replay = (speed: number) => [
        '--hold-port',
        '--replay',
        'plain_split_unbuf',
        '--speed',
        String(speed),
      ];
      const ids = [
        // a also saves a checkpoint and a sample at step 5, named as sd-scripts names them.
        await enqueue(
          host,
          sdJob(root, world, 'a', [
            ...replay(4),
            '--write',
            join(root, 'out', 'a', 'my_lora-step00000005.safetensors'),
            '--write',
            join(root, 'out', 'a', 'sample', 'my_lora_000005_00_20260101120000.png'),
          ]),
        ),
        await enqueue(host, sdJob(root, world, 'b', replay(2.5))),
        await enqueue(host, sdJob(root, world, 'c', replay(8))),
      ];
      const [a, b] = await until(
        'two jobs running',
        async () => {
          const both = await Promise.all(ids.slice(0, 2).map((id) => getJob(host, id)));
          return both.every((job) => job.status === 'running') ? both : null;
        },
        20_000,
      );
      if (!a || !b) throw new Error('unreachable');
      expect((await getJob(host, ids[2] ?? '')).status).toBe('queued');
      expect(a.assignedGpus).toHaveLength(1);
      expect(b.assignedGpus).toHaveLength(1);
      expect(a.assignedGpus).not.toEqual(b.assignedGpus);
      expect(a.masterPort).not.toBe(b.masterPort);
      expect([a.masterPort, b.masterPort]).not.toContain(29500);

      const done = await until(
        'all three to finish',
        async () => {
          const jobs = await Promise.all(ids.map((id) => getJob(host, id)));
          return jobs.every((job) => ['succeeded', 'failed', 'canceled', 'interrupted'].includes(job.status))
            ? jobs
            : null;
        },
        60_000,
      );
      for (const job of done) {
        expect(job, `${job.name}: ${job.errorReason ?? ''}`).toMatchObject({
          status: 'succeeded',
          exitCode: 0,
        });
        expect(job.lastProgress).toMatchObject({ step: 10, total: 10, smoothedLoss: 1.05 });
        const seen = JSON.parse(readFileSync(join(job.runDir, 'facts.json'), 'utf8')) as {
          CUDA_VISIBLE_DEVICES: string;
          MASTER_PORT: string;
          argv: string[];
        };
        const gpuIndex = String(indexOf(job.assignedGpus?.[0]));
        expect(seen.CUDA_VISIBLE_DEVICES).toBe(gpuIndex);
        expect(seen.MASTER_PORT).toBe(String(job.masterPort));
        // accelerate was told the same GPU and port on its command line.
        const argv = seen.argv.join(' ');
        expect(argv).toContain(`--gpu_ids ${gpuIndex}`);
        expect(argv).toContain(`--main_process_port ${job.masterPort}`);
        expect(argv).toContain(
          `${join(world.sdScripts, 'train_network.py')} --config_file ${join(job.runDir, 'config.toml')}`,
        );
        const command = readFileSync(join(job.runDir, 'command.txt'), 'utf8');
        expect(command).toContain(`export MASTER_PORT=${job.masterPort}`);
        expect(command).toContain(`export HF_HOME=${join(root, 'hf')}`);
        expect(readFileSync(join(job.runDir, 'config.toml'), 'utf8')).toContain('network_dim = 32');
      }
      // The third started within 2 s of the first end (exit.json's own time), not at a poll.
      const [first, , third] = done;
      if (!first || !third) throw new Error('unreachable');
      const ended = (job: Job) =>
        Date.parse(
          (JSON.parse(readFileSync(join(job.runDir, 'exit.json'), 'utf8')) as { ended_at: string }).ended_at,
        );
      const firstEnd = Math.min(ended(first), ended(done[1] as Job));
      expect(Date.parse(third.startedAt ?? '') - firstEnd).toBeLessThan(2000);
      expect(third.assignedGpus).toEqual(first.assignedGpus);

      // What a saved, as jobs.artifacts lists it and as job.artifact pushed it.
      const checkpoint = join(root, 'out', 'a', 'my_lora-step00000005.safetensors');
      const sample = join(root, 'out', 'a', 'sample', 'my_lora_000005_00_20260101120000.png');
      const artifacts = await ok<JobArtifacts>(host, 'jobs.artifacts', { id: ids[0] });
      const listed = artifacts.items.map((item) => [item.kind, item.path, item.step, item.promptIndex]);
      expect(listed.sort()).toEqual([
        ['checkpoint', checkpoint, 5, null],
        ['sample', sample, 5, 0],
      ]);
      expect(artifacts.items.find((item) => item.kind === 'sample')?.checkpoint).toBe(checkpoint);
      expect((await ok<JobArtifacts>(host, 'jobs.artifacts', { id: ids[1] })).items).toEqual([]);
      // The file route serves what lies in the jobs' output folders, and nothing beside them.
      const served = await getFile(host, sample);
      expect(served.status).toBe(200);
      expect(served.body).toContain(`fake ${basename(sample)}`);
      expect((await getFile(host, world.model)).status).not.toBe(200);
      const pushed = (artifactEvents as { jobId: string; artifact: { path: string } }[])
        .map((event) => `${event.jobId} ${event.artifact.path}`)
        .sort();
      expect(pushed).toEqual([`${ids[0]} ${checkpoint}`, `${ids[0]} ${sample}`].sort());

      // A trainer that ignores SIGTERM and has grandchildren: cancel ends the whole tree.
      const stubborn = await enqueue(
        host,
        sdJob(root, world, 'stubborn', ['--ignore-sigterm', '--grandchildren', '--seconds', '120']),
      );
      await until(
        'the stubborn job to run',
        async () => (await getJob(host, stubborn)).status === 'running',
        20_000,
      );
      await until(
        'its grandchildren',
        () => Promise.resolve(findTaggedProcesses(stubborn, processes).length >= 3),
        15_000,
      );
      const asked = Date.now();
      expect((await ok<JobSummary>(host, 'jobs.cancel', { id: stubborn })).status).toBe('stopping');
      const canceled = await until(
        'the cancel',
        async () => {
          const job = await getJob(host, stubborn);
          return job.status === 'canceled' ? job : null;
        },
        15_000,
      );
      expect(Date.now() - asked).toBeLessThan((2 + 2) * 1000);
      expect(canceled.finishedAt).not.toBeNull();
      expect(findTaggedProcesses(stubborn, processes)).toEqual([]);
    } finally {
      socket.close();
      const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
      host.child.kill('SIGTERM');
      await exited;
    }
    expect(host.output().trim().split('\n').at(-1)).toBe(
      'DPGui stopped. Running trainings go on and are followed again at the next start.',
    );
  }, 150_000);

  it('survives a SIGKILLed host: 2 running and 3 queued, a new host re-adopts the 2 without a log gap, then runs the 3', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const dataDir = join(root, 'data');
    const first = await startHost(dataDir);
    await ok<Settings>(first, 'settings.set', {
      trainers: {
        sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    // The two long ones replay, then wait until the test lets them end: they cannot finish before the
    // second host has adopted them, however slow the machine.
    const release = join(root, 'release-long');
    const replay = (speed: number, hold: boolean) => [
      '--hold-port',
      '--replay',
      'plain_split_unbuf',
      '--speed',
      String(speed),
      ...(hold ? ['--wait-for', release] : []),
    ];
    const ids: string[] = [];
    for (const [name, speed, hold] of [
      ['long1', 2, true],
      ['long2', 2, true],
      ['q1', 12, false],
      ['q2', 12, false],
      ['q3', 12, false],
    ] as const)
      ids.push(await enqueue(first, sdJob(root, world, name, replay(speed, hold))));
    const running = await until(
      'two jobs running',
      async () => {
        const jobs = await Promise.all(ids.map((id) => getJob(first, id)));
        return jobs.filter((job) => job.status === 'running').length === 2 ? jobs : null;
      },
      20_000,
    );
    expect(running.map((job) => job.status)).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
    // Killed mid-log: the first host has followed some of each long job's lines.
    await until(
      'both long jobs to print progress',
      async () => {
        const jobs = await Promise.all(ids.slice(0, 2).map((id) => getJob(first, id)));
        return jobs.every((job) => (job.lastProgress?.step ?? 0) >= 1) ? jobs : null;
      },
      60_000,
    );
    const killed = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    first.child.kill('SIGKILL');
    await killed;
    // The trainings go on without a host.
    for (const id of ids.slice(0, 2))
      expect(findTaggedProcesses(id, processes).length, id).toBeGreaterThan(0);
    // Lines written while no host follows: the rest of each replay, up to its wait for the release.
    await until(
      'both long jobs to finish their replay without a host',
      () =>
        Promise.resolve(
          running
            .slice(0, 2)
            .every(
              (job) =>
                existsSync(join(job.runDir, 'stdout.log')) &&
                readFileSync(join(job.runDir, 'stdout.log'), 'utf8').includes('waiting for'),
            )
            ? true
            : null,
        ),
      60_000,
    );

    const second = await startHost(dataDir);
    try {
      const page = await ok<{ items: JobSummary[] }>(second, 'jobs.list', { limit: 10 });
      expect(page.items.map((job) => job.id)).toEqual(ids);
      const adopted = await Promise.all(ids.slice(0, 2).map((id) => getJob(second, id)));
      expect(adopted.map((job) => job.status)).toEqual(['running', 'running']);
      writeFileSync(release, '');
      const done = await until(
        'all five to finish',
        async () => {
          const jobs = await Promise.all(ids.map((id) => getJob(second, id)));
          return jobs.every((job) => ['succeeded', 'failed', 'canceled', 'interrupted'].includes(job.status))
            ? jobs
            : null;
        },
        90_000,
      );
      for (const job of done) {
        expect(job, `${job.name}: ${job.errorReason ?? ''}`).toMatchObject({
          status: 'succeeded',
          exitCode: 0,
        });
        expect(job.lastProgress).toMatchObject({ step: 10, total: 10 });
      }
      // The queued three started only after a re-adopted one had ended.
      const firstEnd = Math.min(...done.slice(0, 2).map((job) => Date.parse(job.finishedAt ?? '')));
      for (const job of done.slice(2))
        expect(Date.parse(job.startedAt ?? '')).toBeGreaterThanOrEqual(firstEnd);
      // The re-adopted logs have every line once: nothing lost or doubled across the two hosts.
      for (const job of done.slice(0, 2)) {
        const lines = readDisplayLines(job.runDir, 0, 100_000).map((l) => l.text);
        for (const line of ['epoch 1/2', 'epoch 2/2'])
          expect(
            lines.filter((l) => l === line),
            `${job.name}: ${line}`,
          ).toHaveLength(1);
      }
    } finally {
      const exited = new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
      second.child.kill('SIGTERM');
      await exited;
    }
  }, 150_000);

  it('runs two diffusion-pipe jobs at once: each runner got --include and the port its train.py got', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    try {
      const gpus = await ok<{ gpus: { uuid: string; index: number }[] }>(host, 'gpus.list', {});
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: '', folder: '', env: {} },
          diffusionPipe: { python: fakePython, folder: world.sdScripts, env: {} },
          generic: { python: '', folder: '' },
        },
      });
      // Saving an epoch's adapter is what makes an exit 0 a training (not "ended without training").
      const fake = [
        '--hold-port',
        '--seconds',
        '3',
        '--write',
        '{output_dir}/run1/epoch1/adapter_model.safetensors',
      ];
      const ids = [
        await enqueue(host, dpJob(root, world, 'dp1', fake)),
        await enqueue(host, dpJob(root, world, 'dp2', fake)),
      ];
      await until(
        'both running',
        async () =>
          (await Promise.all(ids.map((id) => getJob(host, id)))).every((j) => j.status === 'running'),
        20_000,
      );
      const done = await until(
        'both to finish',
        async () => {
          const jobs = await Promise.all(ids.map((id) => getJob(host, id)));
          return jobs.every((job) => ['succeeded', 'failed'].includes(job.status)) ? jobs : null;
        },
        30_000,
      );
      expect(done[0]?.assignedGpus).not.toEqual(done[1]?.assignedGpus);
      for (const job of done) {
        expect(job, `${job.name}: ${job.errorReason ?? ''}`).toMatchObject({
          status: 'succeeded',
          exitCode: 0,
        });
        const seen = JSON.parse(readFileSync(join(job.runDir, 'facts.json'), 'utf8')) as {
          CUDA_VISIBLE_DEVICES: string;
          MASTER_PORT: string;
          argv: string[];
        };
        const index = String(gpus.gpus.find((g) => g.uuid === job.assignedGpus?.[0])?.index);
        const port = String(job.masterPort);
        expect(seen.CUDA_VISIBLE_DEVICES).toBe(index);
        expect(seen.MASTER_PORT).toBe(port);
        const argv = seen.argv.join(' ');
        expect(argv).toContain(
          `-m deepspeed.launcher.runner --include localhost:${index} --master_port ${port} train.py`,
        );
        expect(argv).toContain(
          `--deepspeed --config ${join(job.runDir, 'config.toml')} --master_port ${port}`,
        );
        expect(argv).not.toContain('--num_gpus');
        // Its own output folder inside the one the user chose, and the adapter seen there.
        const own = join(root, 'dp-out', job.name, job.id);
        expect(readFileSync(join(job.runDir, 'config.toml'), 'utf8')).toContain(`output_dir = "${own}"`);
        const artifacts = await ok<JobArtifacts>(host, 'jobs.artifacts', { id: job.id });
        expect(artifacts.items.map((item) => [item.kind, item.path, item.epoch])).toEqual([
          ['checkpoint', join(own, 'run1', 'epoch1', 'adapter_model.safetensors'), 1],
        ]);
      }
    } finally {
      const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
      host.child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
