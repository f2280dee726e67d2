// jobs.retry's choices through a real `dpgui serve`: a resumed retry that continues from a saved state
// the user chose (not the newest) and trains to a higher total — the fake sd-scripts is launched with
// that state and that total — with the refusals a client meets; and the retriesFirst setting, which
// puts a retry at the top of the waiting jobs instead of at the end.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, JobListPage, Settings } from '../../src/shared/contract';
import { writeSetUpInstalls } from '../support/set-up-installs';
import {
  enqueue,
  fakePython,
  finished,
  type Host,
  jobIds,
  makeWorld,
  ok,
  post,
  sdJob,
  startHost,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

async function stop(host: Host): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
  host.child.kill('SIGTERM');
  await exited;
}

const messageOf = (answer: { body: unknown }): string => (answer.body as { message: string }).message;

// A generic-trainer config: valid with nothing on disk (its install is named in the settings).
const genericJob = (name: string) => ({
  name,
  config: {
    trainer: 'generic',
    family: 'hydra',
    values: { command: '{python} train.py --config-path {run_dir}', config: { lr: 0.0001 }, overrides: [] },
  },
  gpus: { count: 1 },
});

describe('jobs.retry from a chosen saved state, with a higher total', () => {
  it('launches the fake sd-scripts from the chosen state with the raised epochs, and refuses what it cannot do', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    try {
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
        stopGraceSeconds: 2,
      });
      // It saves a state at epoch 1 and another at the end: the end's is the newest.
      const early = join(root, 'out', 'saved', 'my_lora-000001-state');
      const last = join(root, 'out', 'saved', 'my_lora-state');
      const source = await enqueue(
        host,
        sdJob(root, world, 'saved', [
          ...['--replay', 'plain_split_unbuf', '--speed', '8'],
          ...['--write', join(early, 'train_state.json'), '--write', join(last, 'train_state.json')],
        ]),
      );
      const ended = await untilStatus(host, source, finished, 30_000);
      expect(ended.status, ended.errorReason ?? '').toBe('succeeded');
      expect(statSync(last).mtimeMs).toBeGreaterThanOrEqual(statSync(early).mtimeMs);
      const epochs = ended.config.values.max_train_epochs as number;
      expect(epochs).toBeGreaterThan(0);

      // Not one of its saved states: refused with the reason, naming the field.
      const elsewhere = await post(host, 'jobs.retry', { id: source, resume: true, from: world.images });
      expect(elsewhere.status).toBe(409);
      expect(messageOf(elsewhere)).toBe(
        `It cannot be resumed from the chosen state. ${world.images} is not a saved training state of this job: ` +
          `sd-scripts saves its states as …-state folders of "my_lora" in ${join(root, 'out', 'saved')}. ` +
          'Choose one of those (its checkpoints of kind "state").',
      );
      expect(elsewhere.body).toMatchObject({ details: [{ path: 'from' }] });
      // Its length is in epochs: steps are refused; a total not above the job's too; totals need resume.
      const steps = await post(host, 'jobs.retry', { id: source, resume: true, totalSteps: 5000 });
      expect(steps.status).toBe(400);
      expect(messageOf(steps)).toBe(
        `This job's length is set in epochs (max_train_epochs = ${epochs}): give totalEpochs instead of totalSteps.`,
      );
      expect(steps.body).toMatchObject({ details: [{ path: 'totalSteps' }] });
      const lower = await post(host, 'jobs.retry', { id: source, resume: true, totalEpochs: epochs });
      expect(lower.status).toBe(400);
      expect(messageOf(lower)).toMatch(/^totalEpochs must be higher than the job's \d+ epochs/);
      const withoutResume = await post(host, 'jobs.retry', { id: source, from: early });
      expect(withoutResume.status).toBe(400);
      expect(messageOf(withoutResume)).toMatch(/^from is only for a resumed retry: send resume: true/);
      // A request the schema refuses (a total of zero) is a 400 as well.
      expect((await post(host, 'jobs.retry', { id: source, resume: true, totalEpochs: 0 })).status).toBe(400);

      const resumed = await ok<Job>(host, 'jobs.retry', {
        id: source,
        resume: true,
        from: early,
        totalEpochs: epochs + 2,
      });
      jobIds.push(resumed.id);
      expect(resumed).toMatchObject({ retriedFrom: source, resume: true, resumeFrom: early });
      const done = await untilStatus(host, resumed.id, finished, 30_000);
      expect(done.status, done.errorReason ?? '').toBe('succeeded');
      // The trainer got the chosen state, not the newest, and the raised total.
      const written = readFileSync(join(done.runDir, 'config.toml'), 'utf8');
      expect(written).toContain(`resume = "${early}"`);
      expect(written).toMatch(new RegExp(`^max_train_epochs = ${epochs + 2}$`, 'm'));
      // What it was asked is kept on the job (a reload of the page shows it).
      expect((await ok<Job>(host, 'jobs.get', { id: resumed.id })).resumeFrom).toBe(early);
    } finally {
      await stop(host);
    }
  }, 120_000);
});

describe('retries first', () => {
  it('puts a retry at the end of the queue, or first among the waiting jobs when the setting is on', async () => {
    const dataDir = join(tempDir(), 'data');
    writeSetUpInstalls(dataDir);
    const host = await startHost(dataDir);
    try {
      // Paused: every job waits, in the order the queue keeps.
      await ok(host, 'queue.pause', {});
      const ids: Record<string, string> = {};
      for (const name of ['a', 'b', 'c'])
        ids[name] = (await ok<Job>(host, 'jobs.enqueue', genericJob(name))).id;
      await ok(host, 'jobs.cancel', { id: ids.a });
      const waiting = async () =>
        (await ok<JobListPage>(host, 'jobs.list', { statuses: ['queued', 'held'] })).items.map(
          (job) => `${job.name}${job.retriedFrom ? '′' : ''}`,
        );

      expect((await ok<Settings>(host, 'settings.get', {})).retriesFirst).toBe(false);
      await ok(host, 'jobs.retry', { id: ids.a });
      expect(await waiting()).toEqual(['b', 'c', 'a′']);

      await ok(host, 'jobs.hold', { id: ids.b });
      expect(await ok<Settings>(host, 'settings.set', { retriesFirst: true })).toMatchObject({
        retriesFirst: true,
      });
      const first = await ok<Job>(host, 'jobs.retry', { id: ids.a });
      // Above the held job too: a held job keeps its place, and the retry goes before every waiting one.
      expect(await waiting()).toEqual(['a′', 'b', 'c', 'a′']);
      const page = await ok<JobListPage>(host, 'jobs.list', { statuses: ['queued', 'held'] });
      expect(page.items[0]?.id).toBe(first.id);

      // A generic trainer's length is not known to DPGui: a higher total is refused, saying why.
      const total = await post(host, 'jobs.retry', { id: ids.a, resume: true, totalSteps: 5000 });
      expect(total.status).toBe(400);
      expect(messageOf(total)).toBe(
        "DPGui does not know which key of a generic trainer's config sets its length, so it cannot set " +
          'totalSteps: clone the job and change its length in the config instead.',
      );
      expect(total.body).toMatchObject({ details: [{ path: 'totalSteps' }] });
    } finally {
      await stop(host);
    }
  }, 120_000);
});
