import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newJob } from '../../../../../tests/support/new-job';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { defaultSettings, type Job } from '../../../../shared/contract';
import { HandlerError } from '../../contract/dispatcher';
import { openJobQueue, type JobQueue } from '../../queue/job-queue';
import { createPrepareRun } from '../launch/prepare-run';
import { createJobsHandlers } from '../../queue/jobs-handlers';
import { jobControlsOf } from './job-controls';
import { saveQuitNote } from '../../trainers/diffusion-pipe/save-control';

const tempDir = useTempDirs();
const queues: JobQueue[] = [];
afterAll(() => {
  for (const queue of queues) queue.close();
});

function world() {
  const root = tempDir();
  const { queue } = openJobQueue({ dataDir: join(root, 'data'), isJob: () => true });
  queues.push(queue);
  const out = join(root, 'out');
  mkdirSync(out);
  const sd = (name = 'sd') =>
    queue.enqueue(
      newJob(name, 'sd-scripts', 'sd15', { output_dir: out, output_name: 'my_lora', network_dim: 8 }),
    );
  const dp = (name = 'dp') =>
    queue.enqueue(
      newJob(name, 'diffusion-pipe', 'sdxl', {
        output_dir: out,
        epochs: 1,
        model: { type: 'sdxl' },
        dataset: { directories: [] },
      }),
    );
  const run = (job: Job) => {
    queue.transition(job.id, 'starting', { assignedGpus: ['GPU-0'], masterPort: 40000 });
    return queue.transition(job.id, 'running');
  };
  const finish = (job: Job) => queue.transition(job.id, 'failed', { errorReason: 'test' });
  return { root, queue, out, sd, dp, run, finish };
}

/** The jobs.* channels as the app core wires them (the supervisor's controls on this queue). */
const jobsHandlersOf = (queue: JobQueue) =>
  createJobsHandlers({ queue, ...jobControlsOf(queue), waitReasons: () => [] });

const refusal = async (work: () => unknown): Promise<string> => {
  try {
    await work();
  } catch (error) {
    if (error instanceof HandlerError) return `${error.error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('it was not refused');
};

describe('jobs.save and jobs.stopAndSave', () => {
  it('refuses to ask sd-scripts to save, saying it cannot, as its abilities say, and creates no file', async () => {
    const w = world();
    const job = w.run(w.sd());
    const handlers = jobsHandlersOf(w.queue);
    for (const channel of ['jobs.save', 'jobs.stopAndSave'] as const) {
      const answer = await refusal(() => handlers[channel]({ id: job.id }));
      expect(answer).toMatch(/^conflict: sd-scripts cannot save on request/);
      expect(answer).toMatch(/keeps only the saves it has already made/);
    }
    expect(job.abilities.saveNow.reason).toMatch(/^sd-scripts cannot save on request/);
    expect(readdirSync(w.out)).toEqual([]);
    expect(w.queue.get(job.id).status).toBe('running');
  });

  it("creates diffusion-pipe's save and save_quit files in the job's newest run folder", async () => {
    const w = world();
    const job = w.run(w.dp());
    const handlers = jobsHandlersOf(w.queue);
    // Before diffusion-pipe made its run folder there is nowhere to ask.
    expect(await refusal(() => handlers['jobs.save']({ id: job.id }))).toMatch(/^conflict: .*run folder/);
    const older = join(w.out, job.id, '20260101_10-00-00');
    const newer = join(w.out, job.id, '20260101_11-30-00');
    mkdirSync(older, { recursive: true });
    mkdirSync(newer);
    const saved = await handlers['jobs.save']({ id: job.id });
    expect(saved).toMatchObject({ requested: true, file: join(newer, 'save') });
    expect(existsSync(join(newer, 'save'))).toBe(true);
    expect(saveQuitNote(job.runDir)).toBeNull();

    const quit = await handlers['jobs.stopAndSave']({ id: job.id });
    expect(quit).toMatchObject({ requested: true, file: join(newer, 'save_quit') });
    expect(quit.message).toMatch(/ends canceled/);
    expect(existsSync(join(older, 'save_quit'))).toBe(false);
    // The trainer wrote its checkpoint before it exited: the note names the newest.
    mkdirSync(join(newer, 'global_step8'));
    mkdirSync(join(newer, 'global_step12'));
    expect(saveQuitNote(job.runDir)).toBe(
      `Stopped and saved as asked. Its checkpoint global_step12 (step 12) is in ${newer}; retry with resume to continue from it.`,
    );
  });

  it('asks only a running diffusion-pipe job', async () => {
    const w = world();
    const job = w.dp();
    expect(await refusal(() => jobsHandlersOf(w.queue)['jobs.stopAndSave']({ id: job.id }))).toMatch(
      /^conflict: .*is queued: only a running job/,
    );
  });
});

describe('jobs.retry with resume', () => {
  const installs = (folder: string) => ({
    ...defaultSettings.trainers,
    sdScripts: { python: process.execPath, folder, env: {} },
    diffusionPipe: { python: process.execPath, folder, env: {} },
  });

  it('refuses an sd-scripts resume without a saved state, and resumes from the newest one', async () => {
    const w = world();
    const source = w.sd();
    w.finish(w.run(source));
    const retry = jobsHandlersOf(w.queue)['jobs.retry'];
    expect(await refusal(() => retry({ id: source.id, resume: true }))).toMatch(
      /^conflict: It cannot be resumed\. No saved training state of "my_lora" is in .*save_state/,
    );
    // Another name's state does not count; of ours, the one written last wins.
    mkdirSync(join(w.out, 'other-state'));
    const step = join(w.out, 'my_lora-step00000005-state');
    const last = join(w.out, 'my_lora-state');
    mkdirSync(step);
    mkdirSync(last);
    utimesSync(step, new Date(), new Date(Date.now() + 60_000));
    const resumed = await retry({ id: source.id, resume: true });
    expect(resumed).toMatchObject({ retriedFrom: source.id, resume: true, status: 'queued' });

    const runDir = join(w.root, 'run');
    const prepared = await createPrepareRun({ installs: () => installs(w.root) })(resumed, {
      runDir,
      gpuIndices: [0],
      port: 40001,
    });
    const configFile = prepared.argv[prepared.argv.indexOf('--config_file') + 1] ?? '';
    expect(readFileSync(configFile, 'utf8')).toContain(`resume = "${step}"`);
  });

  it('resumes diffusion-pipe from its source folder, and refuses when it holds no checkpoint', async () => {
    const w = world();
    const source = w.dp();
    w.finish(w.run(source));
    const retry = jobsHandlersOf(w.queue)['jobs.retry'];
    const runFolder = join(w.out, source.id, '20260101_10-00-00');
    mkdirSync(runFolder, { recursive: true });
    expect(await refusal(() => retry({ id: source.id, resume: true }))).toMatch(
      /^conflict: It cannot be resumed\. No diffusion-pipe checkpoint \(global_step…\) is in /,
    );
    mkdirSync(join(runFolder, 'global_step40'));
    const resumed = await retry({ id: source.id, resume: true });
    const runDir = join(w.root, 'run');
    const prepared = await createPrepareRun({ installs: () => installs(w.root) })(resumed, {
      runDir,
      gpuIndices: [0],
      port: 40002,
    });
    expect(prepared.argv).toContain('--resume_from_checkpoint');
    const config = prepared.argv[prepared.argv.indexOf('--config') + 1] ?? '';
    expect(readFileSync(config, 'utf8')).toContain(`output_dir = "${join(w.out, source.id)}"`);
    // A plain retry is never refused.
    expect(await retry({ id: source.id })).toMatchObject({ resume: false });

    // Resuming the resumed job continues in the first one's folder again, where the checkpoints are.
    w.finish(w.run(w.queue.get(resumed.id)));
    const again = await retry({ id: resumed.id, resume: true });
    expect(again.retriedFrom).toBe(resumed.id);
    const lookup = (id: string) => w.queue.get(id);
    const preparedAgain = await createPrepareRun({ installs: () => installs(w.root), jobById: lookup })(
      again,
      {
        runDir: join(w.root, 'run-again'),
        gpuIndices: [0],
        port: 40003,
      },
    );
    const configAgain = preparedAgain.argv[preparedAgain.argv.indexOf('--config') + 1] ?? '';
    expect(readFileSync(configAgain, 'utf8')).toContain(`output_dir = "${join(w.out, source.id)}"`);
  });

  it('resumes sd-scripts from a chosen earlier state with more epochs, and refuses what is not its state', async () => {
    const w = world();
    const source = w.queue.enqueue(
      newJob('sd', 'sd-scripts', 'sd15', {
        output_dir: w.out,
        output_name: 'my_lora',
        network_dim: 8,
        max_train_epochs: 10,
      }),
    );
    w.finish(w.run(source));
    const retry = jobsHandlersOf(w.queue)['jobs.retry'];
    const early = join(w.out, 'my_lora-000002-state');
    const last = join(w.out, 'my_lora-state');
    mkdirSync(early);
    mkdirSync(last);
    utimesSync(last, new Date(), new Date(Date.now() + 60_000));

    // Not one of its states: another name's, a folder elsewhere, one that is gone.
    mkdirSync(join(w.out, 'other-000002-state'));
    for (const from of [join(w.out, 'other-000002-state'), w.root, join(w.out, 'my_lora-000009-state')])
      expect(await refusal(() => retry({ id: source.id, resume: true, from }))).toMatch(
        /^conflict: It cannot be resumed from the chosen state\. .*(not a saved training state of this job|no longer there)/,
      );
    // Totals: only with resume, one at a time, in the config's own unit, and higher than it.
    expect(await refusal(() => retry({ id: source.id, totalEpochs: 20 }))).toBe(
      'invalid_payload: totalEpochs is only for a resumed retry: send resume: true with it, or leave it out.',
    );
    expect(await refusal(() => retry({ id: source.id, resume: true, totalSteps: 9000 }))).toMatch(
      /^invalid_payload: This job's length is set in epochs \(max_train_epochs = 10\): give totalEpochs instead of totalSteps\.$/,
    );
    const epochs = 10;
    expect(await refusal(() => retry({ id: source.id, resume: true, totalEpochs: epochs }))).toBe(
      `invalid_payload: totalEpochs must be higher than the job's ${epochs} epochs (max_train_epochs): give ${epochs + 1} or more.`,
    );

    const resumed = await retry({ id: source.id, resume: true, from: early, totalEpochs: epochs + 5 });
    expect(resumed).toMatchObject({ retriedFrom: source.id, resume: true, resumeFrom: early });
    expect(resumed.config.values.max_train_epochs).toBe(epochs + 5);
    // The source keeps its own config.
    expect(w.queue.get(source.id).config.values.max_train_epochs).toBe(epochs);
    const prepared = await createPrepareRun({ installs: () => installs(w.root) })(resumed, {
      runDir: join(w.root, 'run'),
      gpuIndices: [0],
      port: 40004,
    });
    const configFile = prepared.argv[prepared.argv.indexOf('--config_file') + 1] ?? '';
    const written = readFileSync(configFile, 'utf8');
    expect(written).toContain(`resume = "${early}"`);
    expect(written).toMatch(new RegExp(`^max_train_epochs = ${epochs + 5}$`, 'm'));
  });

  it('resumes diffusion-pipe from the checkpoint its run folder loads, never an older one', async () => {
    const w = world();
    const source = w.dp();
    w.finish(w.run(source));
    const retry = jobsHandlersOf(w.queue)['jobs.retry'];
    const runFolder = join(w.out, source.id, '20260101_10-00-00');
    for (const step of ['global_step20', 'global_step40'])
      mkdirSync(join(runFolder, step), { recursive: true });
    writeFileSync(join(runFolder, 'latest'), 'global_step40');

    expect(
      await refusal(() => retry({ id: source.id, resume: true, from: join(runFolder, 'global_step20') })),
    ).toBe(
      'conflict: It cannot be resumed from the chosen state. diffusion-pipe resumes a run from the checkpoint ' +
        'DeepSpeed\'s "latest" file names (global_step40), so it cannot go back to global_step20. Choose ' +
        'global_step40, or start a new job from the weights saved at that step.',
    );
    expect(await refusal(() => retry({ id: source.id, resume: true, totalSteps: 500 }))).toMatch(
      /^invalid_payload: diffusion-pipe's length is set in epochs \(epochs = 1\) and this config sets no max_steps/,
    );
    const resumed = await retry({
      id: source.id,
      resume: true,
      from: join(runFolder, 'global_step40'),
      totalEpochs: 3,
    });
    expect(resumed.resumeFrom).toBe(join(runFolder, 'global_step40'));
    const prepared = await createPrepareRun({ installs: () => installs(w.root) })(resumed, {
      runDir: join(w.root, 'run'),
      gpuIndices: [0],
      port: 40005,
    });
    // Its run folder by name, which diffusion-pipe finds in the source's output folder.
    const flag = prepared.argv.indexOf('--resume_from_checkpoint');
    expect(prepared.argv[flag + 1]).toBe('20260101_10-00-00');
    const config = prepared.argv[prepared.argv.indexOf('--config') + 1] ?? '';
    expect(readFileSync(config, 'utf8')).toMatch(/^epochs = 3$/m);
  });

  it('refuses a higher total for the generic trainer, saying why', async () => {
    const w = world();
    const source = w.queue.enqueue(newJob('engine', 'generic', 'custom', { steps: 10 }));
    w.finish(w.run(source));
    const retry = jobsHandlersOf(w.queue)['jobs.retry'];
    expect(await refusal(() => retry({ id: source.id, resume: true, totalSteps: 20 }))).toBe(
      "invalid_payload: DPGui does not know which key of a generic trainer's config sets its length, so it " +
        'cannot set totalSteps: clone the job and change its length in the config instead.',
    );
  });
});
