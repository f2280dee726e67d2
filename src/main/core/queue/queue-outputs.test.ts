// The same-output check at enqueue, through the core's dispatcher as a client meets it, while the jobs
// it compares against are created, edited, held, canceled, finished, deleted, brought back, and the
// host is restarted on the same data folder: the queue's index of outputs must follow every change.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goldenConfigs } from '../../../../tests/fixtures/configs/sd-scripts/golden-configs';
import { fakeNvidiaSmi, writeSetUpInstalls } from '../../../../tests/support/set-up-installs';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { Job } from '../../../shared/contract';
import type { TrainerConfig } from '../../../shared/trainers/common';
import { builtInPresets as diffusionPipePresets } from '../../../shared/trainers/diffusion-pipe/presets';
import { createAppCore, type AppCore } from '../app-core';

const tempDir = useTempDirs();
const opened: AppCore[] = [];
afterEach(() => {
  for (const core of opened.splice(0)) core.close();
});

function open(dataDir: string): AppCore {
  // No supervisor: nothing launches; the tests move jobs through their states themselves.
  // Installs named and GPUs present: enqueue refuses a job only for what these tests are about.
  writeSetUpInstalls(dataDir);
  const core = createAppCore({
    dataDir,
    host: 'headless',
    checkResponses: true,
    supervise: false,
    nvidiaSmi: fakeNvidiaSmi,
  });
  opened.push(core);
  return core;
}

/** A valid SDXL config writing `name` (or the whole folder, without a name) into `dir`. */
function world(root: string) {
  const images = join(root, 'images');
  mkdirSync(images, { recursive: true });
  writeFileSync(join(images, 'a.png'), 'png');
  writeFileSync(join(images, 'a.txt'), 'a caption');
  writeFileSync(join(root, 'model.safetensors'), 'weights');
  const golden = goldenConfigs['sdxl-lycoris-locon-dora'] as TrainerConfig;
  return (dir: string, name: string): TrainerConfig => {
    mkdirSync(dir, { recursive: true });
    return {
      ...golden,
      values: {
        ...golden.values,
        pretrained_model_name_or_path: join(root, 'model.safetensors'),
        output_dir: dir,
        output_name: name,
        logging_dir: join(root, 'logs'),
        subsets: [{ image_dir: images }],
      },
    };
  };
}

/** A diffusion-pipe SDXL LoRA: it writes its whole output folder (no name). */
function wholeFolderConfig(root: string, dir: string): TrainerConfig {
  const preset = diffusionPipePresets.find((p) => p.id === 'builtin:diffusion-pipe-sdxl-lora');
  if (!preset) throw new Error('the diffusion-pipe SDXL starter is gone');
  const config = structuredClone(preset.config);
  const values = config.values as { model: object; dataset: object; output_dir?: string };
  Object.assign(values.model, { checkpoint_path: join(root, 'model.safetensors') });
  Object.assign(values.dataset, { directories: [{ path: join(root, 'images') }] });
  values.output_dir = dir;
  mkdirSync(dir, { recursive: true });
  return config;
}

type Attempt = { ok: true; job: Job } | { ok: false; message: string };

async function enqueue(core: AppCore, jobName: string, config: TrainerConfig): Promise<Attempt> {
  const result = await core.dispatch('jobs.enqueue', {
    name: jobName,
    config,
    gpus: { count: 1 },
  });
  if (result.ok) return { ok: true, job: result.value as Job };
  expect(result.error.code).toBe('invalid_payload');
  return { ok: false, message: result.error.message };
}

async function mustEnqueue(core: AppCore, jobName: string, config: TrainerConfig): Promise<Job> {
  const attempt = await enqueue(core, jobName, config);
  if (!attempt.ok) throw new Error(`"${jobName}" was refused: ${attempt.message}`);
  return attempt.job;
}

async function ok(core: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const result = await core.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('the same-output check follows the queue', () => {
  it('refuses a second job writing the same output while the first is unfinished, in every state, and after a restart', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const config = world(root);
    const out = join(root, 'out');
    let core = open(dataDir);

    const first = await mustEnqueue(core, 'first', config(out, 'x'));
    // Same folder and name: refused, naming the job and its state.
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "first" \(queued\) also writes "x"/) as string,
    });
    // Another name in the same folder is fine.
    await mustEnqueue(core, 'other name', config(out, 'y'));

    await ok(core, 'jobs.hold', { id: first.id });
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "first" \(held\)/) as string,
    });
    await ok(core, 'jobs.release', { id: first.id });

    // A restart reopens the database: the index is built again from the unfinished jobs.
    core.close();
    opened.splice(opened.indexOf(core), 1);
    core = open(dataDir);
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "first" \(queued\)/) as string,
    });

    // Starting and running keep the output taken; finishing frees it.
    core.queue.transition(first.id, 'starting');
    core.queue.transition(first.id, 'running');
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "first" \(running\)/) as string,
    });
    core.queue.transition(first.id, 'succeeded');
    const second = await mustEnqueue(core, 'second', config(out, 'x'));

    // Canceling the second frees it again; deleting a finished job changes nothing.
    await ok(core, 'jobs.cancel', { id: second.id });
    await ok(core, 'jobs.delete', { id: first.id });
    const third = await mustEnqueue(core, 'third', config(out, 'x'));
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "third" \(queued\)/) as string,
    });
    // A retry of a finished job takes its output again.
    core.queue.transition(third.id, 'starting');
    core.queue.transition(third.id, 'failed');
    const retried = (await ok(core, 'jobs.retry', { id: third.id })) as Job;
    expect(await enqueue(core, 'again', config(out, 'x'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "third" \(queued\)/) as string,
    });
    // An interrupted job (finished) frees it, and takes it back when it is queued again.
    core.queue.transition(retried.id, 'starting');
    core.queue.transition(retried.id, 'interrupted');
    const probe = await mustEnqueue(core, 'probe', config(out, 'x'));
    await ok(core, 'jobs.cancel', { id: probe.id });
    core.queue.transition(retried.id, 'queued');
    expect((await enqueue(core, 'again', config(out, 'x'))).ok).toBe(false);
  });

  it('lets an edit keep its own output, frees the old job’s, and takes the new one', async () => {
    const root = tempDir();
    const config = world(root);
    const out = join(root, 'out');
    const core = open(join(root, 'data'));
    const job = await mustEnqueue(core, 'mine', config(out, 'x'));
    // The edit writes the same output as the job it replaces: no clash with itself.
    const edited = (await ok(core, 'jobs.replace', {
      id: job.id,
      name: 'mine v2',
      config: config(out, 'z'),
      gpus: { count: 1 },
    })) as Job;
    // The old job is canceled: "x" is free; the edit took "z".
    await mustEnqueue(core, 'takes x', config(out, 'x'));
    expect(await enqueue(core, 'wants z', config(out, 'z'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "mine v2" \(queued\) also writes "z"/) as string,
    });
    // An edit of the edit to an output another job writes is refused; to its own, accepted.
    const refused = await core.dispatch('jobs.replace', {
      id: edited.id,
      name: 'mine v3',
      config: config(out, 'x'),
      gpus: { count: 1 },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await ok(core, 'jobs.replace', {
      id: edited.id,
      name: 'mine v3',
      config: config(out, 'z'),
      gpus: { count: 1 },
    });
    // configs.validate with the job's id does not count the job itself either.
    const current = core.queue.list({ statuses: ['queued'], search: 'mine v3' }).items[0];
    const check = (await ok(core, 'configs.validate', { config: config(out, 'z'), jobId: current?.id })) as {
      valid: boolean;
    };
    expect(check.valid).toBe(true);
    const other = (await ok(core, 'configs.validate', { config: config(out, 'z') })) as { valid: boolean };
    expect(other.valid).toBe(false);
  });

  it('treats a job without an output name as writing its whole folder, above and below', async () => {
    const root = tempDir();
    const config = world(root);
    const out = join(root, 'out');
    const core = open(join(root, 'data'));
    await mustEnqueue(core, 'named', config(join(out, 'sub'), 'x'));
    // The whole parent folder: clashes with the named output inside it.
    expect(await enqueue(core, 'whole parent', wholeFolderConfig(root, out))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "named" \(queued\)/) as string,
    });
    // A sibling folder does not.
    const sibling = await mustEnqueue(core, 'sibling', wholeFolderConfig(root, join(out, 'other')));
    // Inside a folder someone writes whole: clashes, whatever the name.
    expect(await enqueue(core, 'inside', config(join(out, 'other', 'deeper'), 'q'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Job "sibling" \(queued\)/) as string,
    });
    await ok(core, 'jobs.cancel', { id: sibling.id });
    await mustEnqueue(core, 'inside', config(join(out, 'other', 'deeper'), 'q'));
  });
});

describe('the job-output file route follows the queue', () => {
  it('serves a job’s output folder from the moment it is queued, a second job’s too, and not after its job is deleted', async () => {
    const root = tempDir();
    const config = world(root);
    writeSetUpInstalls(join(root, 'data'));
    const core = createAppCore({ dataDir: join(root, 'data'), host: 'headless', nvidiaSmi: fakeNvidiaSmi });
    opened.push(core);
    // Paused, so the jobs stay queued (the installs named do not exist).
    await ok(core, 'queue.pause', {});
    const sample = (dir: string): string => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'sample.png'), 'png');
      return join(dir, 'sample.png');
    };
    const resolveOutput = (path: string) => core.files.resolve({ source: 'job-output', path });
    const first = join(root, 'first');
    const firstSample = sample(first);
    expect(resolveOutput(firstSample)).toMatchObject({ ok: false });
    const job = await mustEnqueue(core, 'first', config(first, 'x'));
    expect(resolveOutput(firstSample)).toMatchObject({ ok: true });
    // A job queued after the folders were read is served too.
    const second = join(root, 'second');
    const secondSample = sample(second);
    await mustEnqueue(core, 'second', config(second, 'y'));
    expect(resolveOutput(secondSample)).toMatchObject({ ok: true });
    // A move changes nothing; a delete takes the job's folder away.
    await ok(core, 'jobs.reorder', { id: job.id, to: 'bottom' });
    expect(resolveOutput(firstSample)).toMatchObject({ ok: true });
    await ok(core, 'jobs.cancel', { id: job.id });
    expect(resolveOutput(firstSample)).toMatchObject({ ok: true });
    await ok(core, 'jobs.delete', { id: job.id });
    expect(resolveOutput(firstSample)).toMatchObject({ ok: false });
    expect(resolveOutput(secondSample)).toMatchObject({ ok: true });
  });
});
