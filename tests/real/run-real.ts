/**
 * `npm run test:real` (opt-in, not in `npm test`): the built `dpgui serve` drives the REAL kohya-ss
 * sd-scripts on CPU. A fake nvidia-smi shows one GPU (the trainer then runs on the CPU); the install
 * points at the kit's venv and sd-scripts folder; jobs are queued over HTTP with the SD 1.5 starter's
 * config filled in. A 10-step LoRA must run through the real `accelerate launch`, report step 10/10
 * with the trainer's own avr_loss, leave 3 checkpoints and 2 samples as artifacts (pushed on the
 * WebSocket too) and succeed; a 200-step job canceled at step ~20 must end `canceled` with nothing of
 * its process tree left. Prints a transcript; exits non-zero on the first failed check.
 *
 * Needs SDS_GIT (a git dir of kohya-ss/sd-scripts); DPGUI_REAL_DIR moves the kit's cache folder
 * (default ~/.cache/dpgui-real); DPGUI_REAL_SKIP_BUILD=1 reuses out/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import WebSocket from 'ws';
import { createSchemaValidators } from '../../src/main/core/contract/schema-validators';
import { createProcessTable, type ProcessIdentity } from '../../src/main/core/platform/process-identity';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type {
  Job,
  JobArtifacts,
  JobMetrics,
  JobProgress,
  JobSummary,
  LogsReadResponse,
  RequestName,
} from '../../src/shared/contract';
import type { TrainerConfig } from '../../src/shared/trainers/common/types';
import { launchHost, type RunningHost } from '../support/launch-headless-host';
import { postChannel } from '../support/post-channel';
import { prepareKit, type RealKit } from './real-kit';
import { realJobConfig, type RealJobOptions } from './real-job';

const repoRoot = join(import.meta.dirname, '..', '..');
const started = Date.now();
const validators = createSchemaValidators();
const processes = createProcessTable();
const jobMinutes = Number(process.env.DPGUI_REAL_JOB_MINUTES ?? '20');
const cancelAt = Number(process.env.DPGUI_REAL_CANCEL_AT ?? '20');
const finalStates = ['succeeded', 'failed', 'canceled', 'interrupted'];

function log(text: string): void {
  const stamp = `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]`;
  for (const line of text.split('\n')) console.log(`${stamp} ${line}`);
}

class CheckFailed extends Error {}
let checks = 0;
function check(ok: boolean, what: string, detail?: unknown): void {
  checks++;
  if (!ok) throw new CheckFailed(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
  log(`ok   ${what}`);
}

/** Posts, and fails the run on anything but a 200 whose answer matches its schema. */
async function post(host: RunningHost, channel: RequestName, payload: unknown): Promise<unknown> {
  const { status, body } = await postChannel(host, channel, payload);
  if (status !== 200) throw new Error(`${channel} answered ${status}: ${JSON.stringify(body)}`);
  if (!validators.response(channel, body).ok)
    throw new Error(`${channel}: the answer breaks its schema: ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

const call = <T>(host: RunningHost, channel: RequestName, payload: unknown) =>
  post(host, channel, payload) as Promise<T>;

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new CheckFailed(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Watch {
  progress: JobProgress[];
  artifacts: { jobId: string; artifact: { kind: string; path: string } }[];
  close: () => void;
}

/** One WebSocket for job.progress (printed at each new step) and job.artifact. */
async function watchEvents(host: RunningHost): Promise<Watch> {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const watch: Watch = { progress: [], artifacts: [], close: () => socket.close() };
  const lastStep = new Map<string, string>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; event: string; payload: unknown };
    if (message.type !== 'event') return;
    if (message.event === 'job.progress') {
      const p = message.payload as JobProgress;
      watch.progress.push(p);
      const key = `${p.phase} ${p.step ?? '-'}`;
      if (lastStep.get(p.jobId) !== key) {
        lastStep.set(p.jobId, key);
        log(
          `progress ${p.jobId.slice(-6)} ${p.phase.padEnd(8)} step ${p.step ?? '-'}/${p.total ?? '-'}` +
            ` epoch ${p.epoch ?? '-'}/${p.epochs ?? '-'} avr_loss ${p.smoothedLoss?.toFixed(4) ?? '-'}` +
            ` it/s ${p.itPerSec?.toFixed(3) ?? '-'} eta ${p.etaSeconds?.toFixed(0) ?? '-'} s`,
        );
      }
    } else if (message.event === 'job.artifact') {
      const a = message.payload as Watch['artifacts'][number];
      watch.artifacts.push(a);
      log(`artifact ${a.jobId.slice(-6)} ${a.artifact.kind} ${basename(a.artifact.path)}`);
    }
  });
  socket.send(JSON.stringify({ type: 'subscribe', subscription: 1, event: 'job.progress' }));
  socket.send(JSON.stringify({ type: 'subscribe', subscription: 2, event: 'job.artifact' }));
  return watch;
}

async function enqueue(host: RunningHost, name: string, config: TrainerConfig): Promise<string> {
  const validation = await call<{ valid: boolean; issues: unknown[] }>(host, 'configs.validate', { config });
  if (validation.issues.length > 0)
    log(`configs.validate issues of ${name}:\n${JSON.stringify(validation.issues, null, 2)}`);
  check(validation.valid, `configs.validate says the ${name} config is valid`, validation.issues);
  const { id } = await call<Job>(host, 'jobs.enqueue', {
    name,
    config,
    gpus: { count: 1 },
  });
  log(`queued ${name}: ${id}`);
  return id;
}

const getJob = (host: RunningHost, id: string) => call<Job>(host, 'jobs.get', { id });

/** The job's tree as far as we can see it: its tagged processes and the recorded wrapper/trainer. */
function treeOf(job: Job): ProcessIdentity[] {
  const seen = findTaggedProcesses(job.id, processes);
  const p = job.process;
  if (p) {
    seen.push({ pid: p.wrapperPid, startTime: p.wrapperStartTime, bootId: p.bootId });
    if (p.trainerPid !== null)
      seen.push({ pid: p.trainerPid, startTime: p.trainerStartTime, bootId: p.bootId });
  }
  return seen;
}

/** `pid: python -m accelerate.commands.launch`, for the transcript. */
function whatIs(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const words = argv.map((word) => (word.includes('/') ? basename(word) : word));
    return `${pid}: ${words.slice(0, words[1] === '-m' ? 3 : 2).join(' ')}`;
  } catch {
    return `${pid}: (gone)`;
  }
}

/** The whole display log of a job, as logs.read pages it to any client. */
async function displayLog(host: RunningHost, jobId: string): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const page = await call<LogsReadResponse>(host, 'logs.read', { jobId, fromLine: lines.length });
    lines.push(...page.lines.map((line) => line.text));
    if (page.lines.length === 0 || lines.length >= page.totalLines) return lines;
  }
}

function describeEnd(job: Job): string {
  return `${job.status} exit ${job.exitCode ?? '-'} signal ${job.exitSignal ?? '-'}${job.errorReason ? ` — ${job.errorReason} ${job.errorHint ?? ''}` : ''}`;
}

async function tenStepRun(
  host: RunningHost,
  kit: RealKit,
  preset: TrainerConfig,
  root: string,
  watch: Watch,
) {
  const outputDir = join(root, 'out-10');
  const options: RealJobOptions = {
    outputDir,
    outputName: 'cpu_lora',
    steps: 10,
    saveEvery: 5,
    sampleEvery: 5,
  };
  const id = await enqueue(host, '10-step SD1.5 LoRA', realJobConfig(preset, kit, options));
  const t0 = Date.now();
  const running = await until(
    'the 10-step job to start',
    async () => {
      const job = await getJob(host, id);
      return job.status === 'running' || finalStates.includes(job.status) ? job : null;
    },
    60_000,
  );
  log(
    `job ${id.slice(-6)} ${running.status}, GPU ${running.assignedGpus?.join(',')}, port ${running.masterPort}`,
  );
  const command = readFileSync(join(running.runDir, 'command.txt'), 'utf8');
  log(`command.txt:\n${command.trimEnd()}`);
  check(/-m accelerate\.commands\.launch /.test(command), 'command.txt runs the real `accelerate launch`');
  check(
    command.includes(kit.python) && command.includes(join(kit.sdScripts, 'train_network.py')),
    'with the kit venv and train_network.py',
  );

  const job = await until(
    'the 10-step job to end',
    async () => {
      const j = await getJob(host, id);
      return finalStates.includes(j.status) ? j : null;
    },
    jobMinutes * 60_000,
  );
  log(`10-step job ended after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${describeEnd(job)}`);
  const display = await displayLog(host, id);
  if (job.status !== 'succeeded') log(`display log tail:\n${display.slice(-40).join('\n')}`);
  check(
    job.status === 'succeeded' && job.exitCode === 0,
    'the 10-step job succeeded with exit 0',
    describeEnd(job),
  );

  // The trainer's own avr_loss, as its bar printed it on stderr (tqdm: 3 significant digits), is the
  // one the job reports (python-bridge's hook gives it unrounded).
  check(
    display.includes('accelerator device: cpu'),
    'the real trainer ran (accelerator device: cpu in its log)',
  );
  const printed = [...readFileSync(join(job.runDir, 'stderr.log'), 'utf8').matchAll(/avr_loss=([\d.]+)/g)];
  const lastLoss = printed.length > 0 ? Number(printed[printed.length - 1]?.[1]) : NaN;
  const reported = job.lastProgress?.smoothedLoss ?? null;
  log(`last progress: ${JSON.stringify(job.lastProgress)}`);
  check(
    job.lastProgress?.step === 10 && job.lastProgress.total === 10,
    'progress reached step 10/10',
    job.lastProgress,
  );
  check(
    Number.isFinite(lastLoss) && reported !== null && Number(reported.toPrecision(3)) === lastLoss,
    `the reported avr_loss ${reported} is the trainer's own (its bar printed avr_loss=${lastLoss})`,
    { printed: lastLoss, reported },
  );
  check(
    watch.progress.some((p) => p.jobId === id && p.step === 10),
    'job.progress events reached step 10 on the WebSocket',
  );

  // The curve a chart draws: every step has the trainer's own loss (python-bridge's LossRecorder wrap),
  // its average (the bar's avr_loss) and its learning rate (the LR scheduler wrap); none is null.
  const curve = await call<JobMetrics>(host, 'jobs.metrics', { id });
  const steps = curve.points.map((p) => p.step);
  const missing = curve.points.filter(
    (p) => ![p.loss, p.smoothedLoss, p.lr].every((v) => typeof v === 'number' && Number.isFinite(v)),
  );
  check(
    steps.length === 10 && steps.every((step, i) => step === i + 1) && missing.length === 0,
    'jobs.metrics has steps 1-10, each with a loss, a smoothed loss and a learning rate',
    curve.points,
  );

  const artifacts = await call<JobArtifacts>(host, 'jobs.artifacts', { id });
  for (const a of artifacts.items) log(`jobs.artifacts: ${a.kind} step ${a.step ?? '-'} ${a.path}`);
  const checkpoints = artifacts.items
    .filter((a) => a.kind === 'checkpoint')
    .map((a) => basename(a.path))
    .sort();
  const samples = artifacts.items.filter((a) => a.kind === 'sample');
  check(
    JSON.stringify(checkpoints) ===
      JSON.stringify([
        'cpu_lora-step00000005.safetensors',
        'cpu_lora-step00000010.safetensors',
        'cpu_lora.safetensors',
      ]),
    'jobs.artifacts lists the three checkpoints',
    checkpoints,
  );
  check(
    samples.length === 2 &&
      samples
        .map((s) => s.step)
        .sort((a, b) => (a ?? 0) - (b ?? 0))
        .join() === '5,10' &&
      samples.every(
        (s) =>
          s.promptIndex === 0 &&
          existsSync(s.path) &&
          s.checkpoint !== null &&
          basename(s.checkpoint) === `cpu_lora-step${String(s.step).padStart(8, '0')}.safetensors`,
      ),
    "jobs.artifacts lists two samples, at steps 5 and 10, prompt 0, each linked to its step's checkpoint",
    samples,
  );
  const pushed = new Set(watch.artifacts.filter((a) => a.jobId === id).map((a) => a.artifact.path));
  check(
    artifacts.items.every((a) => pushed.has(a.path)) && pushed.size === artifacts.items.length,
    'each artifact also came as a job.artifact event',
    [...pushed],
  );
  check(findTaggedProcesses(id, processes).length === 0, 'nothing of the 10-step job is left running');
}

async function cancelRun(host: RunningHost, kit: RealKit, preset: TrainerConfig, root: string) {
  const options: RealJobOptions = {
    outputDir: join(root, 'out-200'),
    outputName: 'cpu_lora_long',
    steps: 200,
    saveEvery: 100,
    sampleEvery: null,
  };
  const id = await enqueue(host, '200-step SD1.5 LoRA', realJobConfig(preset, kit, options));
  const tree = new Map<string, ProcessIdentity>();
  const remember = (job: Job) => {
    for (const p of treeOf(job)) tree.set(`${p.pid}/${p.startTime}`, p);
  };
  const atStep = await until(
    `the 200-step job to reach step ${cancelAt}`,
    async () => {
      const job = await getJob(host, id);
      if (finalStates.includes(job.status))
        throw new CheckFailed(`the 200-step job ended early: ${describeEnd(job)}`);
      if (job.status === 'running') remember(job);
      return (job.lastProgress?.step ?? 0) >= cancelAt ? job : null;
    },
    jobMinutes * 60_000,
  );
  remember(atStep);
  log(
    `at step ${atStep.lastProgress?.step}/${atStep.lastProgress?.total}, its tree:\n  ${[...tree.values()].map((p) => whatIs(p.pid)).join('\n  ')}`,
  );
  check(tree.size >= 2, 'the running job has a tree (launcher and trainer) tagged with its DPGUI_JOB_ID');
  const asked = Date.now();
  const answer = await call<JobSummary>(host, 'jobs.cancel', { id });
  check(answer.status === 'stopping', 'jobs.cancel answers `stopping` at once', answer.status);
  const job = await until(
    'the cancel to finish',
    async () => {
      const j = await getJob(host, id);
      return finalStates.includes(j.status) ? j : null;
    },
    60_000,
  );
  log(
    `200-step job ended ${((Date.now() - asked) / 1000).toFixed(2)} s after the cancel: ${describeEnd(job)}`,
  );
  check(job.status === 'canceled', 'the 200-step job ends `canceled`', describeEnd(job));
  const tagged = findTaggedProcesses(id, processes);
  check(tagged.length === 0, 'no process carries its DPGUI_JOB_ID any more', tagged);
  const alive = [...tree.values()].filter((p) => processes.isAlive(p));
  check(alive.length === 0, 'nothing of its recorded tree is alive', alive);
}

/** Trainings outlive the host by design: a failed run cancels what it left queued or running. */
async function cancelLeftovers(host: RunningHost): Promise<void> {
  try {
    const page = await call<{ items: JobSummary[] }>(host, 'jobs.list', { limit: 50 });
    const open = page.items.filter((j) => !finalStates.includes(j.status));
    for (const job of open) await call(host, 'jobs.cancel', { id: job.id });
    for (const job of open)
      await until(
        `${job.id} to stop`,
        async () => finalStates.includes((await getJob(host, job.id)).status),
        60_000,
      );
  } catch (error) {
    log(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<number> {
  const kit = prepareKit(repoRoot, log);
  log(`sd-scripts commit ${kit.sdScriptsCommit}`);
  if (process.env.DPGUI_REAL_SKIP_BUILD !== '1') {
    log('npm run build …');
    const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    log('built');
  }
  const root = mkdtempSync(join(tmpdir(), 'dpgui-real-'));
  const hfHome = join(root, 'hf_home');
  mkdirSync(hfHome);
  const host = await launchHost({
    dataDir: join(root, 'data'),
    env: {
      ...process.env,
      PATH: `${join(repoRoot, 'tests', 'fixtures', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_NVIDIA_SMI_GPUS: '1',
    },
  });
  log(`dpgui serve on port ${host.port}, data folder ${host.dataDir}`);
  let watch: Watch | null = null;
  try {
    const gpus = await call<{ state: string; gpus: { uuid: string; name: string }[] }>(host, 'gpus.list', {});
    check(gpus.gpus.length === 1, "gpus.list shows the fake nvidia-smi's one GPU", gpus);
    await call(host, 'settings.set', {
      trainers: {
        sdScripts: {
          python: kit.python,
          folder: kit.sdScripts,
          env: {
            HF_HUB_OFFLINE: '1',
            TRANSFORMERS_OFFLINE: '1',
            HF_HUB_DISABLE_TELEMETRY: '1',
            HF_HOME: hfHome,
          },
        },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    const preset = await call<{ config: TrainerConfig }>(host, 'presets.get', {
      id: 'builtin:sd-scripts-sd15-lora',
    });
    watch = await watchEvents(host);
    await tenStepRun(host, kit, preset.config, root, watch);
    await cancelRun(host, kit, preset.config, root);
    log(`PASS: ${checks} checks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof CheckFailed) && error instanceof Error && error.stack) log(error.stack);
    log(`host output tail:\n${host.output().trimEnd().split('\n').slice(-20).join('\n')}`);
    return 1;
  } finally {
    watch?.close();
    await cancelLeftovers(host);
    await host.stop();
    if (process.env.DPGUI_REAL_KEEP !== '1') rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
