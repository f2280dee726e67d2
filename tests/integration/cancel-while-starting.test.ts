// A cancel that lands while a job starts, at each point of the launch, for each trainer kind: through
// the host's HTTP API (an in-process headless host with the real supervisor, local executor,
// python-bridge and the configs' writers; a fake nvidia-smi of one GPU; fake trainer installs). Each
// point is held by a seam until the test has canceled (never hit by timing):
//   port         the port is being allocated (the job is still queued)
//   prepare      its files are written, nothing spawned yet
//   spawned      python-bridge's launch runs, the wrapper not started (gated_python.py holds it)
//   launch-json  the tree runs and launch.json is on disk, the wrapper's answer held from the app
//   handshake    the executor has the answer, the supervisor not yet
//   relaunch     a port clash relaunches it, and the new port is being allocated (`starting`)
// Each must end `canceled` with nothing of its tree left and its port no longer reserved, and a next
// job then starts on the same (only) GPU. Two cancels at once, a client that cancels on seeing
// `starting` (the report), and a host restarted after such a cancel are covered too.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppCore, type AppCore } from '../../src/main/core/app-core';
import type { ProcessIdentity } from '../../src/main/core/platform/process-identity';
import type { LaunchSeams } from '../../src/main/core/supervisor/core-supervisor';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server';
import type { Job, JobSummary, Settings, TrainerKind } from '../../src/shared/contract';
import { postChannel } from '../support/post-channel';
import {
  dpJob,
  type Endpoint,
  enqueue,
  finished,
  getJob,
  jobIds,
  makeWorld,
  ok,
  processes,
  repoRoot,
  sdJob,
  until,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const fakeTrainer = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_trainer.py');
const gatedPython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'gated_python.py');

/** A trainer that holds its rendezvous port (as torch's TCPStore does) and runs until stopped. */
const trainerArgs = ['--hold-port', '--seconds', '60'];

type Point = 'port' | 'prepare' | 'spawned' | 'launch-json' | 'handshake' | 'relaunch';

useSupervisorHosts();

beforeAll(() => {
  // One GPU: the next job can only start where the canceled one was.
  process.env.FAKE_NVIDIA_SMI_GPUS = '1';
  for (const file of ['gated_python.py', 'fake_trainer.py'])
    chmodSync(join(repoRoot, 'tests', 'fixtures', 'fake-trainers', file), 0o755);
});

/** A held point: `reached` resolves when the launch got there; `release` lets it go on. */
interface Gate {
  reached: Promise<void>;
  release: () => void;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** The seams a test arms by job name (the port allocation knows no job: its next call is held). */
function makeGates(core: () => AppCore) {
  const armed = new Map<string, { point: Point; reached: () => void; released: Promise<void> }>();
  const arm = (name: string, point: Point): Gate => {
    const reached = deferred();
    const released = deferred();
    armed.set(name, { point, reached: reached.resolve, released: released.promise });
    return { reached: reached.promise, release: released.resolve };
  };
  const hold = async (name: string | null, point: Point): Promise<void> => {
    for (const [key, gate] of armed) {
      if (gate.point !== point || (name !== null && key !== name)) continue;
      armed.delete(key);
      gate.reached();
      await gate.released;
      return;
    }
  };
  const seams: LaunchSeams = {
    findPort: (real) => async (reserved) => {
      // A relaunch allocates while its job is `starting`; a first launch while it is queued.
      const relaunching = core()
        .queue.jobsIn(['starting'])
        .some((job) => job.attempt > 1 && armed.get(job.name)?.point === 'relaunch');
      await hold(null, relaunching ? 'relaunch' : 'port');
      return real(reserved);
    },
    prepareRun: (real) => async (job, launch) => {
      const prepared = await real(job, launch);
      await hold(job.name, 'prepare');
      return prepared;
    },
    executor: (real) => ({
      ...real,
      start: async (spec) => {
        const started = await real.start(spec);
        await hold(core().queue.get(spec.jobId).name, 'handshake');
        return started;
      },
    }),
  };
  return { arm, seams };
}

/** gated_python.py's gate for one job: a point file, then the reached and release files. */
function fileGate(gateDir: string, name: string, point: 'spawned' | 'launch-json'): Gate {
  writeFileSync(join(gateDir, `${name}.point`), point);
  return {
    reached: until(
      `${name} to reach ${point}`,
      () => Promise.resolve(existsSync(join(gateDir, `${name}.reached`))),
      30_000,
    ).then(() => {}),
    release: () => writeFileSync(join(gateDir, `${name}.release`), ''),
  };
}

interface World {
  root: string;
  dataDir: string;
  gateDir: string;
  world: ReturnType<typeof makeWorld>;
  python: string;
}

function makeTestWorld(): World {
  const root = tempDir();
  const gateDir = join(root, 'gates');
  mkdirSync(gateDir);
  const python = join(root, 'python');
  writeFileSync(python, `#!/bin/sh\nexec python3 ${gatedPython} ${gateDir} "$@"\n`);
  chmodSync(python, 0o755);
  return { root, dataDir: join(root, 'data'), gateDir, world: makeWorld(root), python };
}

interface TestHost extends Endpoint {
  core: AppCore;
  server: HeadlessServer;
  stop: () => Promise<void>;
}

async function startInProcessHost(w: World, seams?: LaunchSeams): Promise<TestHost> {
  const staticDir = join(w.root, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>DPGui</title>');
  const core = createAppCore({
    dataDir: w.dataDir,
    host: 'headless',
    checkResponses: true,
    nvidiaSmi: join(repoRoot, 'tests', 'fixtures', 'bin', 'nvidia-smi'),
    bridgeSourceDir: resolve(repoRoot, 'python-bridge'),
    backstopAfterGraceMs: 1000,
    log: () => {},
    ...(seams ? { launchSeams: seams } : {}),
  });
  const token = 'cancel-while-starting-token';
  const server = await startHeadlessServer({ core, token, host: '127.0.0.1', port: 0, staticDir });
  let stopped = false;
  return {
    core,
    server,
    port: server.port,
    token,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      core.close();
    },
  };
}

async function useInstalls(host: TestHost, w: World): Promise<void> {
  await ok<Settings>(host, 'settings.set', {
    trainers: {
      sdScripts: { python: w.python, folder: w.world.sdScripts, env: {} },
      diffusionPipe: { python: w.python, folder: w.world.sdScripts, env: {} },
      generic: { python: w.python, folder: '' },
    },
    stopGraceSeconds: 2,
  });
}

/** A job of this kind whose fake trainer runs with these flags (and writes facts.json in its run folder). */
function jobOf(kind: TrainerKind, w: World, name: string, args: string[]) {
  if (kind === 'sd-scripts') return sdJob(w.root, w.world, name, args);
  if (kind === 'diffusion-pipe') return dpJob(w.root, w.world, name, args);
  return {
    name,
    config: {
      trainer: 'generic',
      family: 'hydra',
      values: {
        command: `{python} ${fakeTrainer} --facts {run_dir}/facts.json ${args.join(' ')}`,
        config: { lr: 0.0001 },
        overrides: [],
      },
    },
    gpus: { count: 1 },
  };
}

/** After a failed test: end what its jobs left running, so the next tests start clean (afterAll still checks). */
function killLeftovers(w: World, fromJob: number): void {
  for (const id of jobIds.slice(fromJob)) {
    const wrapper = wrapperOf(join(w.dataDir, 'runs', id));
    for (const identity of [...findTaggedProcesses(id, processes), ...(wrapper ? [wrapper] : [])]) {
      try {
        if (processes.isAlive(identity)) process.kill(identity.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** The wrapper its launch.json names, if it wrote one. */
function wrapperOf(runDir: string): ProcessIdentity | null {
  const launchFile = join(runDir, 'launch.json');
  if (!existsSync(launchFile)) return null;
  const { wrapper } = JSON.parse(readFileSync(launchFile, 'utf8')) as {
    wrapper: { pid: number; start_time: string | null; boot_id: string | null };
  };
  return { pid: wrapper.pid, startTime: wrapper.start_time, bootId: wrapper.boot_id };
}

/** Nothing of the job's tree is alive: no tagged process, and no wrapper named by its launch.json. */
function treeGone(job: Job): boolean {
  if (findTaggedProcesses(job.id, processes).length > 0) return false;
  const wrapper = wrapperOf(job.runDir);
  return wrapper === null || !processes.isAlive(wrapper);
}

/** The job once it ended, which must be `canceled` with nothing of its tree left alive. */
async function untilCanceledAndGone(host: Endpoint, id: string): Promise<Job> {
  const canceled = await untilStatus(host, id, finished);
  expect(canceled.status, canceled.errorReason ?? '').toBe('canceled');
  await until('its tree gone', () => Promise.resolve(treeGone(canceled)), 10_000);
  return canceled;
}

/** A canceled job's GPU and port are free: the port no longer reserved, the next job starts on its GPU. */
async function nextJobGetsTheSameGpu(
  host: TestHost,
  w: World,
  kind: TrainerKind,
  canceled: Job,
): Promise<void> {
  // Its tree, which held the port, is gone (the caller checked); no unfinished job keeps it reserved.
  if (canceled.masterPort !== null)
    expect(host.core.queue.unfinishedPorts()).not.toContain(canceled.masterPort);
  const gpus = await ok<{ gpus: { uuid: string }[] }>(host, 'gpus.list', {});
  expect(gpus.gpus).toHaveLength(1);
  const next = await enqueue(host, jobOf(kind, w, `next-${canceled.name}`, trainerArgs));
  const running = await untilStatus(host, next, ['running', ...finished]);
  expect(running.status, running.errorReason ?? '').toBe('running');
  expect(running.assignedGpus).toEqual([gpus.gpus[0]?.uuid]);
  if (canceled.assignedGpus !== null) expect(running.assignedGpus).toEqual(canceled.assignedGpus);
  expect((await ok<JobSummary>(host, 'jobs.cancel', { id: next })).status).toBe('stopping');
  const done = await untilStatus(host, next, finished);
  expect(done.status).toBe('canceled');
  await until('the next job’s tree gone', () => Promise.resolve(treeGone(done)), 10_000);
}

const kinds: TrainerKind[] = ['sd-scripts', 'diffusion-pipe', 'generic'];
const points: Point[] = ['port', 'prepare', 'spawned', 'launch-json', 'handshake', 'relaunch'];

/** What a port clash prints (torch's TCPStore), once: the relaunch then runs the long trainer. */
function portClash(w: World): string[] {
  const file = join(w.root, 'port-clash.stderr');
  writeFileSync(
    file,
    'RuntimeError: The server socket has failed to listen on any local network address. port: 29501, useIpv6: 0, code: -98, name: EADDRINUSE, message: address already in use\n',
  );
  return ['--crash-once', file];
}

describe('a cancel while a job starts', () => {
  for (const kind of kinds) {
    for (const point of points) {
      it(`${kind}: canceled at "${point}" ends canceled, its tree gone, its GPU and port free`, async () => {
        const w = makeTestWorld();
        const firstJob = jobIds.length;
        let core: AppCore | null = null;
        const gates = makeGates(() => {
          if (!core) throw new Error('no core yet');
          return core;
        });
        const host = await startInProcessHost(w, gates.seams);
        core = host.core;
        const name = `first-${point}`;
        const gate =
          point === 'spawned' || point === 'launch-json'
            ? fileGate(w.gateDir, name, point)
            : gates.arm(name, point);
        try {
          await useInstalls(host, w);
          const args = point === 'relaunch' ? [...portClash(w), ...trainerArgs] : trainerArgs;
          const id = await enqueue(host, jobOf(kind, w, name, args));
          await gate.reached;
          const before = await getJob(host, id);
          const answer = await ok<JobSummary>(host, 'jobs.cancel', { id });
          // Still queued while its port is found: canceled at once; else the launch must end it.
          expect(answer.status).toBe(point === 'port' ? 'canceled' : 'stopping');
          expect(before.status).toBe(point === 'port' ? 'queued' : 'starting');
          gate.release();
          const canceled = await untilCanceledAndGone(host, id);
          // Canceled before the wrapper was spawned: no wrapper or trainer ever started.
          if (point === 'port' || point === 'prepare') {
            expect(existsSync(join(canceled.runDir, 'launch.json'))).toBe(false);
            expect(existsSync(join(canceled.runDir, 'facts.json'))).toBe(false);
          }
          await nextJobGetsTheSameGpu(host, w, kind, canceled);
        } finally {
          gate.release();
          await host.stop();
          killLeftovers(w, firstJob);
        }
      }, 90_000);
    }

    it(`${kind}: two cancels at once while it starts both answer stopping, and it ends canceled`, async () => {
      const w = makeTestWorld();
      const firstJob = jobIds.length;
      const host = await startInProcessHost(w);
      try {
        await useInstalls(host, w);
        const gate = fileGate(w.gateDir, 'twice', 'launch-json');
        const id = await enqueue(host, jobOf(kind, w, 'twice', trainerArgs));
        await gate.reached;
        const answers = await Promise.all([
          postChannel(host, 'jobs.cancel', { id }),
          postChannel(host, 'jobs.cancel', { id }),
        ]);
        for (const answer of answers) {
          expect(answer.status).toBe(200);
          expect((answer.body as JobSummary).status).toBe('stopping');
        }
        gate.release();
        const canceled = await untilCanceledAndGone(host, id);
        await nextJobGetsTheSameGpu(host, w, kind, canceled);
      } finally {
        writeFileSync(join(w.gateDir, 'twice.release'), '');
        await host.stop();
        killLeftovers(w, firstJob);
      }
    }, 90_000);
  }

  it('generic: a client that cancels as soon as it sees `starting` (the report) gets canceled, not a full run', async () => {
    const w = makeTestWorld();
    const firstJob = jobIds.length;
    const host = await startInProcessHost(w);
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    try {
      await new Promise((done, fail) => socket.once('open', done).once('error', fail));
      await useInstalls(host, w);
      // One socket: the subscription is in place before the enqueue, and the cancel follows the event.
      const responses = new Map<number, unknown>();
      let canceledAt: string | null = null;
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          event?: string;
          id?: number;
          payload?: { id: string; status: string };
          result?: { ok: boolean; value?: { id?: string } };
        };
        if (message.type === 'response' && message.id !== undefined)
          responses.set(message.id, message.result);
        const job = message.payload;
        if (
          message.type === 'event' &&
          message.event === 'job.updated' &&
          job?.status === 'starting' &&
          !canceledAt
        ) {
          canceledAt = job.status;
          socket.send(
            JSON.stringify({ type: 'request', id: 2, channel: 'jobs.cancel', payload: { id: job.id } }),
          );
        }
      });
      socket.send(JSON.stringify({ type: 'subscribe', event: 'job.updated' }));
      socket.send(
        JSON.stringify({
          type: 'request',
          id: 1,
          channel: 'jobs.enqueue',
          payload: jobOf('generic', w, 'short', trainerArgs),
        }),
      );
      const enqueued = await until('the enqueue', () => Promise.resolve(responses.get(1)), 10_000);
      const id = (enqueued as { ok: true; value: Job }).value.id;
      jobIds.push(id);
      const cancel = await until('the cancel', () => Promise.resolve(responses.get(2)), 30_000);
      expect(cancel).toMatchObject({ ok: true, value: { id, status: 'stopping' } });
      const canceled = await untilCanceledAndGone(host, id);
      await nextJobGetsTheSameGpu(host, w, 'generic', canceled);
    } finally {
      socket.close();
      await host.stop();
      killLeftovers(w, firstJob);
    }
  }, 90_000);
});

/**
 * A generic job held where launch.json is on disk, canceled (`stopping`), and its host stopped before
 * the wrapper's answer reaches it: the tree runs on with no host. `first` does more with the host first.
 */
async function cancelThenStopTheHost(
  w: World,
  name: string,
  args: string[],
  first?: (host: TestHost) => Promise<void>,
): Promise<string> {
  const host = await startInProcessHost(w);
  try {
    await useInstalls(host, w);
    await first?.(host);
    const gate = fileGate(w.gateDir, name, 'launch-json');
    const id = await enqueue(host, jobOf('generic', w, name, args));
    await gate.reached;
    expect((await ok<JobSummary>(host, 'jobs.cancel', { id })).status).toBe('stopping');
    await host.stop();
    gate.release();
    return id;
  } finally {
    await host.stop();
  }
}

/** A host started again on the same data says the job ended `canceled`; `then` checks more with it. */
async function restartedHostSaysCanceled(
  w: World,
  firstJob: number,
  id: string,
  then?: (host: TestHost, job: Job) => Promise<void>,
): Promise<void> {
  const host = await startInProcessHost(w);
  try {
    const job = await untilStatus(host, id, finished);
    expect(job.status, job.errorReason ?? '').toBe('canceled');
    await then?.(host, job);
  } finally {
    await host.stop();
    killLeftovers(w, firstJob);
  }
}

describe('a host restarted after a cancel while the job started', () => {
  it('stops a tree that runs on and says canceled', async () => {
    const w = makeTestWorld();
    const firstJob = jobIds.length;
    // The wrapper's answer reaches a host that is gone: the tree runs on.
    const id = await cancelThenStopTheHost(w, 'orphan', trainerArgs);
    const runDir = join(w.dataDir, 'runs', id);
    await until('its trainer', () => Promise.resolve(existsSync(join(runDir, 'facts.json'))), 15_000);
    expect(findTaggedProcesses(id, processes).length).toBeGreaterThan(0);

    await restartedHostSaysCanceled(w, firstJob, id, async (_host, job) => {
      await until('its tree gone', () => Promise.resolve(treeGone(job)), 10_000);
    });
  }, 90_000);

  it('says canceled, never re-queues it, when its tree was killed meanwhile without a word', async () => {
    const w = makeTestWorld();
    const firstJob = jobIds.length;
    // Interrupted jobs go back to the queue: a canceled one must not.
    const id = await cancelThenStopTheHost(w, 'killed', trainerArgs, async (host) => {
      await ok<Settings>(host, 'settings.set', { requeueInterrupted: true });
    });
    // The wrapper first, so no exit.json is written; then the rest of the tree.
    const runDir = join(w.dataDir, 'runs', id);
    const wrapper = wrapperOf(runDir);
    if (!wrapper) throw new Error('no launch.json');
    process.kill(wrapper.pid, 'SIGKILL');
    await until('its trainer', () => Promise.resolve(findTaggedProcesses(id, processes).length > 0), 15_000);
    for (const identity of findTaggedProcesses(id, processes)) process.kill(identity.pid, 'SIGKILL');
    await until(
      'its tree gone',
      () => Promise.resolve(findTaggedProcesses(id, processes).length === 0),
      10_000,
    );
    expect(existsSync(join(runDir, 'exit.json'))).toBe(false);

    await restartedHostSaysCanceled(w, firstJob, id, async (host) => {
      const page = await ok<{ items: JobSummary[] }>(host, 'jobs.list', { limit: 10 });
      expect(page.items.map((item) => [item.id, item.status])).toEqual([[id, 'canceled']]);
    });
  }, 90_000);

  it('says canceled, not "exited without training", when the tree ended by itself meanwhile', async () => {
    const w = makeTestWorld();
    const firstJob = jobIds.length;
    const id = await cancelThenStopTheHost(w, 'ended', ['--seconds', '0']);
    // Nobody stopped it: it exits 0 without a step, its exit.json saying nobody asked.
    const runDir = join(w.dataDir, 'runs', id);
    await until('its exit.json', () => Promise.resolve(existsSync(join(runDir, 'exit.json'))), 15_000);

    await restartedHostSaysCanceled(w, firstJob, id);
  }, 90_000);
});
