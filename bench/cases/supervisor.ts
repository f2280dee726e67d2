/**
 * supervisor.log_catchup_day: a job re-adopted after the app was away for a day. Its run folder holds
 * the display log of the real sd-scripts run's start (followed and recorded before the app went away),
 * then 200 MB more of real-trainer-shaped output that nobody followed: the real run's training part
 * (step bars redrawn with \r, rich log lines glued after a bar, the ESC[A sampling bar, epoch and
 * checkpoint lines), its bar stretches repeated so an epoch is hundreds of steps, over and over. The
 * figure: ms from the job watch opening the run folder, as the supervisor does at re-adoption (log
 * follower, progress tracker, events), until the display log holds every line; a fresh run folder per
 * round, the median of 3 (the first, on code V8 has not compiled yet as after a restart, apart).
 *
 * The others drive the built `dpgui serve` (as users run it) with the fake nvidia-smi and the fake
 * trainers of tests/fixtures (real processes, started through the real python-bridge wrapper):
 * supervisor.dispatch_latency, supervisor.cancel_latency, host.idle_cpu and host.rss_soak.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import WebSocket from 'ws';
import { readChunks } from '../../tests/fixtures/fake-trainers/real-fixtures';
import { launchHost, type RunningHost } from '../../tests/support/launch-headless-host';
import { postChannel } from '../../tests/support/post-channel';
import { readFollowState } from '../../src/main/core/logs/display-log-store';
import { createProcessTable } from '../../src/main/core/platform/process-identity';
import { readLaunchRecord } from '../../src/main/core/supervisor/executor/run-records';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import { endTrainings, isFinished, sleep, until } from '../trainings';
import { watchJob } from '../../src/main/core/supervisor/job-watch';
import type { LogsReadResponse, RequestName } from '../../src/shared/contract';
import type { Job } from '../../src/shared/contract/jobs';
import { sdScriptsBuiltInPresets } from '../../src/shared/trainers/sd-scripts/presets';
import { percentile, summarize, type BenchCase } from '../harness';

const dayBytes = 200 * 1024 * 1024;
/** How often each stretch of step-bar redraws is repeated: the real run's 5-step epochs become 250. */
const barStretch = 50;
const rawFiles = { stdout: 'stdout.log', stderr: 'stderr.log' } as const;

/** The real run's two streams, each cut into what it printed before training and during it. */
function realRunParts(): Record<'stdout' | 'stderr', { start: Buffer; training: Buffer }> {
  const chunks = readChunks('plain_split_unbuf');
  const whole = (stream: 'stdout' | 'stderr'): Buffer =>
    Buffer.concat(chunks.filter((c) => c.stream === stream).map((c) => c.bytes));
  const split = (bytes: Buffer, marker: string): { start: Buffer; training: Buffer } => {
    const at = bytes.indexOf(marker);
    if (at < 0) throw new Error(`the real run no longer holds ${JSON.stringify(marker)}`);
    return { start: bytes.subarray(0, at), training: bytes.subarray(at) };
  };
  const stderr = split(whole('stderr'), '\rsteps:');
  // Each stretch of bar redraws (`\rsteps: …]` segments one after the other) repeated, a bar shorter
  // than the one before padded with spaces as tqdm pads it.
  const stretched = stderr.training.toString('utf8').replace(/(?:\rsteps:[^\r\n\]]*\])+/g, (bars) => {
    let last = 0;
    return `\r${bars.slice(1)}`
      .repeat(barStretch)
      .split('\r')
      .slice(1)
      .map((bar) => {
        const padded = bar.padEnd(last, ' ');
        last = bar.length;
        return `\r${padded}`;
      })
      .join('');
  });
  return {
    stdout: split(whole('stdout'), '\nepoch 1/2'),
    stderr: { start: stderr.start, training: Buffer.from(stretched, 'utf8') },
  };
}

/**
 * `dir/start`: a run folder whose display log was followed up to the end of the real run's start;
 * `dir/stdout.log` and `dir/stderr.log`: that start and then 200 MB of training output.
 */
function prepareDay(dir: string): { rawBytes: number } {
  const parts = realRunParts();
  const start = join(dir, 'start');
  mkdirSync(start);
  for (const stream of ['stdout', 'stderr'] as const)
    writeFileSync(join(start, rawFiles[stream]), parts[stream].start);
  const watch = watchJob({ jobId: 'bench', runDir: start, trainer: 'sd-scripts' });
  watch.poll();
  watch.close();
  const unit = parts.stdout.training.length + parts.stderr.training.length;
  const repeats = Math.ceil(dayBytes / unit);
  let rawBytes = 0;
  for (const stream of ['stdout', 'stderr'] as const) {
    // Written 64 units at a time: 200 MB held here would count in the RSS the case reports.
    const run = Buffer.concat(Array.from({ length: 64 }, () => parts[stream].training));
    const fd = openSync(join(dir, rawFiles[stream]), 'w');
    try {
      writeSync(fd, parts[stream].start);
      for (let done = 0; done < repeats; done += 64)
        writeSync(fd, run, 0, Math.min(64, repeats - done) * parts[stream].training.length);
    } finally {
      closeSync(fd);
    }
    rawBytes += statSync(join(dir, rawFiles[stream])).size - parts[stream].start.length;
  }
  return { rawBytes };
}

const catchupRounds = 3;

const logCatchupDay: BenchCase = {
  name: 'supervisor.log_catchup_day',
  // eslint-disable-next-line @typescript-eslint/require-await
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'dpgui-bench-catchup-'));
    try {
      const { rawBytes } = prepareDay(dir);
      const sizes = {
        stdout: statSync(join(dir, rawFiles.stdout)).size,
        stderr: statSync(join(dir, rawFiles.stderr)).size,
      };
      // Read once, so every round reads from the page cache (a day's output just written is there too).
      execFileSync('sh', ['-c', 'cat stdout.log stderr.log > /dev/null'], { cwd: dir });
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const samples: number[] = [];
      let lines = 0;
      let step: number | null = null;
      for (let round = 0; round < catchupRounds; round++) {
        const runDir = join(dir, `run${round}`);
        mkdirSync(runDir);
        for (const file of ['display.log', 'display.idx', 'follow.json'])
          copyFileSync(join(dir, 'start', file), join(runDir, file));
        for (const file of Object.values(rawFiles)) linkSync(join(dir, file), join(runDir, file));
        const started = performance.now();
        const watch = watchJob({ jobId: 'bench', runDir, trainer: 'sd-scripts' });
        for (;;) {
          watch.poll();
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          const offsets = readFollowState(runDir)?.offsets;
          if (offsets && offsets.stdout >= sizes.stdout && offsets.stderr >= sizes.stderr) break;
        }
        samples.push(performance.now() - started);
        lines = readFollowState(runDir)?.lines ?? 0;
        step = watch.progress().step;
        watch.close();
        rmSync(runDir, { recursive: true, force: true });
      }
      const median = summarize(samples).median;
      return {
        value: Math.round(median),
        unit: 'ms',
        goal: '<= 5000',
        measure: `a re-adopted job's display log brought up to date over ${Math.round(rawBytes / 1024 / 1024)} MB of real-trainer-shaped output written while the app was away (job watch on the run folder), median of ${catchupRounds} fresh run folders`,
        firstRoundMs: Math.round(samples[0] ?? Number.NaN),
        roundsMs: samples.map((ms) => Math.round(ms)).join(' '),
        MBps: Math.round(rawBytes / 1024 / 1024 / (median / 1000)),
        displayLines: lines,
        // The progress the tracker read on the way (a re-adopted job's step is known once caught up).
        lastStep: step,
        peakRssMB: Math.round(peakRss / 1024 / 1024),
        // The process before following (the bench harness and every case's imports): the growth is ours.
        rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

// ---- a real host with fake GPUs and fake trainers ----

const repoRoot = join(import.meta.dirname, '..', '..');
const fakePython = join(repoRoot, 'tests', 'fixtures', 'fake-trainers', 'fake_python.py');
const processes = createProcessTable();
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
// The interpreter's own folder first on PATH, so fake_python.py's `env python3` skips version-manager
// shims (pyenv's costs ~300 ms a start), as a venv's python does.
const pythonDir = dirname(
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim(),
);

interface BenchHost {
  host: RunningHost;
  root: string;
  /** Where fake_python.py appends a stamp at each start (the launch wrapper's and the trainer's). */
  startsFile: string;
  ok: <T>(channel: RequestName, payload: unknown) => Promise<T>;
  /** A job of the SD 1.5 starter whose fake trainer gets these flags. */
  enqueue: (name: string, fakeArgs: string[]) => Promise<string>;
  job: (id: string) => Promise<Job>;
}

/** Starts the host on `gpus` fake GPUs with the sd-scripts install set to the fake interpreter; always cleans up. */
async function withHost<T>(gpus: number, body: (h: BenchHost) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'dpgui-bench-supervisor-'));
  const startsFile = join(root, 'starts.jsonl');
  const model = join(root, 'model.safetensors');
  writeFileSync(model, 'not really a model');
  const images = join(root, 'images');
  mkdirSync(images);
  writeFileSync(join(images, 'a.png'), 'not really an image');
  writeFileSync(join(images, 'a.txt'), 'a caption');
  mkdirSync(join(root, 'sd-scripts'));
  const host = await launchHost({
    checkResponses: false,
    removeDataDir: true,
    env: {
      ...process.env,
      PATH: [join(repoRoot, 'tests', 'fixtures', 'bin'), pythonDir, process.env.PATH ?? ''].join(delimiter),
      FAKE_NVIDIA_SMI_GPUS: String(gpus),
      FAKE_PYTHON_STARTS: startsFile,
    },
  });
  const ids: string[] = [];
  const ok = async <T>(channel: RequestName, payload: unknown): Promise<T> => {
    const { status, body } = await postChannel(host, channel, payload);
    if (status !== 200) throw new Error(`${channel} answered ${status}: ${JSON.stringify(body)}`);
    return body as T;
  };
  const preset = sdScriptsBuiltInPresets.find((p) => p.id === 'builtin:sd-scripts-sd15-lora');
  if (!preset) throw new Error('the SD 1.5 starter is gone');
  const h: BenchHost = {
    host,
    root,
    startsFile,
    ok,
    job: (id) => ok<Job>('jobs.get', { id }),
    async enqueue(name, fakeArgs) {
      const config = structuredClone(preset.config);
      const output = join(root, 'out', name);
      mkdirSync(output, { recursive: true });
      writeFileSync(join(output, 'fake-trainer-args.json'), JSON.stringify(fakeArgs));
      Object.assign(config.values, { pretrained_model_name_or_path: model, output_dir: output });
      const subsets = config.values.subsets as Record<string, unknown>[];
      subsets[0] = { ...subsets[0], image_dir: images };
      const { id } = await ok<Job>('jobs.enqueue', {
        name,
        config,
        gpus: { count: 1 },
      });
      ids.push(id);
      return id;
    },
  };
  try {
    await ok('settings.set', {
      trainers: {
        sdScripts: { python: fakePython, folder: join(root, 'sd-scripts'), env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    return await body(h);
  } finally {
    await endTrainings(ids, h.job, (id) => ok('jobs.cancel', { id }), processes);
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

interface StartStamp {
  /** time.time() at fake_python.py's first line. */
  t: number;
  /** Its process's creation, from /proc's start time (floored to the 10 ms tick), same clock. */
  spawned: number | null;
  argv: string[];
}

function readStarts(file: string): StartStamp[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as StartStamp);
}

/** ms from a spawn to fake_python.py's first line: the interpreter's own start, not the app's work. */
function interpreterStartMs(runs: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'dpgui-bench-python-'));
  const file = join(dir, 'starts.jsonl');
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const spawned = performance.timeOrigin + performance.now();
      execFileSync(fakePython, ['-c', 'pass'], {
        env: {
          ...process.env,
          PATH: `${pythonDir}${delimiter}${process.env.PATH ?? ''}`,
          FAKE_PYTHON_STARTS: file,
        },
      });
      samples.push((readStarts(file).at(-1)?.t ?? Number.NaN) * 1000 - spawned);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

/** Lines in the jobs' display logs now, as logs.read counts them (the host's live state). */
async function displayLines(h: BenchHost, ids: readonly string[]): Promise<number> {
  const pages = await Promise.all(
    ids.map((jobId) => h.ok<LogsReadResponse>('logs.read', { jobId, fromLine: 0, count: 1 })),
  );
  return pages.reduce((sum, page) => sum + page.totalLines, 0);
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

const dispatchLatency: BenchCase = {
  name: 'supervisor.dispatch_latency',
  async run() {
    const jobs = 11;
    // One GPU, so each job waits for the one before it to end.
    return withHost(1, async (h) => {
      const ids: string[] = [];
      for (let i = 0; i < jobs; i++)
        ids.push(await h.enqueue(`d${i}`, ['--seconds', '0.5', '--write', `{output_dir}/d${i}.safetensors`]));
      const done = await until(
        'the queue to drain',
        async () => {
          const all = await Promise.all(ids.map((id) => h.job(id)));
          return all.every(isFinished) ? all : null;
        },
        jobs * 15_000,
        200,
      );
      // The process the app spawned (`python -m dpgui_bridge launch … --job-id ID`), by its creation
      // time (plus half a tick, the floor's mean error), and by its interpreter's first line.
      const wrapperStart = new Map<string, { spawned: number; firstLine: number }>();
      for (const stamp of readStarts(h.startsFile)) {
        const at = stamp.argv.indexOf('--job-id');
        if (!stamp.argv.includes('dpgui_bridge') || at < 0 || stamp.spawned === null) continue;
        wrapperStart.set(stamp.argv[at + 1] ?? '', {
          spawned: stamp.spawned * 1000 + 500 / clockTicks,
          firstLine: stamp.t * 1000,
        });
      }
      const samples: number[] = [];
      const toFirstLine: number[] = [];
      for (let i = 0; i + 1 < done.length; i++) {
        const ended = done[i];
        const next = done[i + 1];
        if (!ended || !next) continue;
        const exitFile = join(ended.runDir, 'exit.json');
        const spawned = wrapperStart.get(next.id);
        if (!existsSync(exitFile) || spawned === undefined)
          throw new Error(`no exit.json or wrapper start for ${ended.name} → ${next.name}`);
        const exited = statSync(exitFile).mtimeMs;
        samples.push(spawned.spawned - exited);
        toFirstLine.push(spawned.firstLine - exited);
      }
      const s = summarize(samples);
      const python = summarize(interpreterStartMs(10));
      return {
        value: round(s.median),
        unit: 'ms',
        goal: '<= 50',
        measure:
          "exit.json's mtime → the spawn of the next queued job's launch wrapper (its /proc start time, ±5 ms tick); 1 GPU, jobs of 0.5 s",
        p90: round(
          percentile(
            [...samples].sort((a, b) => a - b),
            90,
          ),
        ),
        min: round(s.min),
        max: round(s.max),
        runs: s.n,
        // To the wrapper interpreter's first line instead: adds Python's own start, not the app's work.
        toWrapperFirstLineMedianMs: round(summarize(toFirstLine).median),
        interpreterStartMedianMs: round(python.median),
        statuses: [...new Set(done.map((job) => job.status))].join(','),
      };
    });
  },
};

const cancelLatency: BenchCase = {
  name: 'supervisor.cancel_latency',
  async run() {
    const runs = 6;
    return withHost(2, async (h) => {
      const samples: number[] = [];
      const answered: number[] = [];
      const canceledAfter: number[] = [];
      const wrapperGoneAfter: number[] = [];
      let tracked = 0;
      for (let i = 0; i < runs; i++) {
        const id = await h.enqueue(`c${i}`, ['--sigterm-tree', '--seconds', '120']);
        await until('the job to run', async () => (await h.job(id)).status === 'running', 30_000);
        // The trainer, its child and grandchild (the wrapper is untagged: followed apart, by launch.json).
        const tree = await until(
          'its child and grandchild',
          () => {
            const found = findTaggedProcesses(id, processes);
            return Promise.resolve(found.length >= 3 ? found : null);
          },
          15_000,
        );
        await sleep(300);
        const identities = findTaggedProcesses(id, processes);
        tracked = Math.max(tracked, identities.length, tree.length);
        const launch = readLaunchRecord((await h.job(id)).runDir);
        if (!launch) throw new Error(`job ${id}: no launch.json`);
        const asked = performance.now();
        const reply = postChannel(h.host, 'jobs.cancel', { id }).then(() =>
          answered.push(performance.now() - asked),
        );
        // A fine poll of the tree's own /proc entries (a zombie counts as gone: it has ended).
        let gone = Number.NaN;
        while (performance.now() - asked < 30_000) {
          if (!identities.some((identity) => processes.isAlive(identity))) {
            gone = performance.now() - asked;
            break;
          }
          await sleep(1);
        }
        while (processes.isAlive(launch.wrapper) && performance.now() - asked < 30_000) await sleep(1);
        wrapperGoneAfter.push(performance.now() - asked);
        await reply;
        if (findTaggedProcesses(id, processes).length > 0)
          throw new Error(`job ${id}: tagged processes left after the cancel`);
        samples.push(gone);
        await until('the job to be canceled', async () => (await h.job(id)).status === 'canceled', 30_000, 5);
        canceledAfter.push(performance.now() - asked);
      }
      const s = summarize(samples);
      const sorted = [...samples].sort((a, b) => a - b);
      return {
        value: round(s.median),
        unit: 'ms',
        goal: '<= 500',
        measure:
          'jobs.cancel sent → the last tagged process of a SIGTERM-obeying tree gone (/proc polled each ms)',
        p90: round(percentile(sorted, 90)),
        min: round(s.min),
        max: round(s.max),
        runs: s.n,
        processesPerTree: tracked,
        cancelAnsweredMedianMs: round(summarize(answered).median),
        // The launch wrapper too: it writes exit.json once the tree is gone, then exits.
        wrapperGoneMedianMs: round(summarize(wrapperGoneAfter).median),
        // Includes this bench's own 5 ms jobs.get poll.
        statusCanceledMedianMs: round(summarize(canceledAfter).median),
      };
    });
  },
};

interface ProcUsage {
  ticks: number;
  childTicks: number;
}

function procUsage(pid: number): ProcUsage {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: [0] is field 3, so utime (14) is [11] … cstime (17) is [14].
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (i: number): number => Number(fields[i] ?? 0);
  return { ticks: field(11) + field(12), childTicks: field(13) + field(14) };
}

function procMemoryMB(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

const idleCpu: BenchCase = {
  name: 'host.idle_cpu',
  async run() {
    const seconds = 60;
    return withHost(2, async (h) => {
      const ids = [
        await h.enqueue('idle1', ['--print-rate', '10', '--seconds', String(seconds + 60)]),
        await h.enqueue('idle2', ['--print-rate', '10', '--seconds', String(seconds + 60)]),
      ];
      await until(
        'both jobs running',
        async () => (await Promise.all(ids.map((id) => h.job(id)))).every((job) => job.status === 'running'),
        30_000,
      );
      // Let start-up work settle (launch, first GPU sample) before measuring the steady state.
      await sleep(5000);
      // Lines counted outside the measured span: the requests cost the host CPU too.
      const linesBefore = await displayLines(h, ids);
      const before = procUsage(h.host.pid);
      const started = performance.now();
      await sleep(seconds * 1000);
      const after = procUsage(h.host.pid);
      const elapsed = (performance.now() - started) / 1000;
      const linesAfter = await displayLines(h, ids);
      const cpuSeconds = (after.ticks - before.ticks) / clockTicks;
      const running = (await Promise.all(ids.map((id) => h.job(id)))).every(
        (job) => job.status === 'running',
      );
      if (!running) throw new Error('a job ended during the measure');
      return {
        value: round((cpuSeconds / elapsed) * 100, 2),
        unit: '% of a core',
        goal: '<= 1',
        measure: `host utime+stime over ${seconds} s, 2 jobs printing 10 lines/s each, nobody subscribed`,
        cpuSeconds: round(cpuSeconds, 2),
        seconds: round(elapsed),
        // nvidia-smi samples and other children the host waited for, apart.
        childrenCpuSeconds: round((after.childTicks - before.childTicks) / clockTicks, 2),
        displayLinesDuring: linesAfter - linesBefore,
        rssMB: round(procMemoryMB(h.host.pid).rss),
      };
    });
  },
};

const rssSoak: BenchCase = {
  name: 'host.rss_soak',
  async run() {
    const seconds = 120;
    const rate = 1000;
    return withHost(2, async (h) => {
      const ids = [
        await h.enqueue('soak1', ['--print-rate', String(rate), '--seconds', String(seconds + 60)]),
        await h.enqueue('soak2', ['--print-rate', String(rate), '--seconds', String(seconds + 60)]),
      ];
      await until(
        'both jobs running',
        async () => (await Promise.all(ids.map((id) => h.job(id)))).every((job) => job.status === 'running'),
        30_000,
      );
      const socket = new WebSocket(`ws://127.0.0.1:${h.host.port}/api/events?token=${h.host.token}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      let received = 0;
      let batches = 0;
      let errors = 0;
      const lastLine = new Map<string, number>();
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          event?: string;
          payload?: { jobId: string; fromLine: number; lines: unknown[] };
        };
        if (message.type === 'error') errors++;
        if (message.type !== 'event' || message.event !== 'job.log' || !message.payload) return;
        batches++;
        received += message.payload.lines.length;
        lastLine.set(message.payload.jobId, message.payload.fromLine + message.payload.lines.length);
      });
      ids.forEach((jobId, i) =>
        socket.send(
          JSON.stringify({ type: 'subscribe', subscription: i + 1, event: 'job.log', params: { jobId } }),
        ),
      );
      const samples: { at: number; rss: number }[] = [];
      const started = performance.now();
      const receivedAtStart = received;
      while (performance.now() - started < seconds * 1000) {
        samples.push({ at: (performance.now() - started) / 1000, rss: procMemoryMB(h.host.pid).rss });
        await sleep(500);
      }
      const memory = procMemoryMB(h.host.pid);
      const elapsed = (performance.now() - started) / 1000;
      const receivedDuring = received - receivedAtStart;
      socket.close();
      const running = (await Promise.all(ids.map((id) => h.job(id)))).every(
        (job) => job.status === 'running',
      );
      if (!running) throw new Error('a job ended during the soak');
      const logged = await Promise.all(
        ids.map(async (id) => (await displayLines(h, [id])) - (lastLine.get(id) ?? 0)),
      );
      // Growth: the last 10 s against the 10 s around the soak's half-way mark (averages, so one GC's
      // timing does not decide it).
      const mean = (from: number, to: number): number => {
        const inside = samples.filter((s) => s.at >= from && s.at < to).map((s) => s.rss);
        return inside.reduce((a, b) => a + b, 0) / inside.length;
      };
      const peak = Math.max(...samples.map((s) => s.rss), memory.rss);
      return {
        value: round(peak),
        unit: 'MB',
        goal: '<= 150',
        measure: `host peak RSS (sampled every 0.5 s) over ${seconds} s, 2 jobs × ${rate} lines/s, one WebSocket client subscribed to both`,
        growthLast60sMB: round(mean(seconds - 10, seconds) - mean(seconds / 2 - 5, seconds / 2 + 5)),
        growthGoalMB: 5,
        vmHwmMB: round(memory.hwm),
        endRssMB: round(memory.rss),
        startRssMB: round(samples[0]?.rss ?? Number.NaN),
        linesPerSecondReceived: Math.round(receivedDuring / elapsed),
        batchesPerSecond: Math.round(batches / elapsed),
        // How far the client lags the display logs at the end (lines).
        clientLagLines: logged.reduce((sum, lag) => sum + lag, 0),
        subscribeErrors: errors,
      };
    });
  },
};

export const supervisorCases: BenchCase[] = [logCatchupDay, dispatchLatency, cancelLatency, idleCpu, rssSoak];
