/**
 * The bucket preview of a whole config and the batch caption read, through the HTTP API as a client
 * calls them: several folders with their repeats, a missing folder named in the answer, empty captions
 * left out where the trainer stops on them, and sd-scripts' own printed figures for a known dataset.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../src/shared/contract';
import { sdScriptsCpu } from '../fixtures/fake-trainers/real-fixtures';
import { useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { useTempDirs } from '../support/temp-dir';

const startHost = useInProcessHosts();
const tempDir = useTempDirs();

type Preview = ResponseOf<'datasets.configBuckets'>;
type Buckets = ResponseOf<'datasets.buckets'>;
type Size = [number, number];

async function image(path: string, width: number, height: number, caption?: string): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: '#468' } })
    .png()
    .toFile(path);
  if (caption !== undefined) writeFileSync(path.replace(/\.png$/, '.txt'), caption);
}

async function preview(
  host: { port: number; token: string },
  config: unknown,
  gpus?: number,
): Promise<Preview> {
  const answer = await postChannel(host, 'datasets.configBuckets', { config, ...(gpus ? { gpus } : {}) });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Preview;
}

/** The figures train_network.py printed in a recorded run ("num epochs / epoch数: 2"). */
function printedFigures(file: string): Record<string, number> {
  const text = readFileSync(join(sdScriptsCpu, file), 'latin1');
  const utf8 = Buffer.from(text, 'latin1').toString('utf8');
  const figure = (label: string): number => {
    const match = new RegExp(`${label}[^\\n]*?[:=] (\\d+)`).exec(utf8);
    if (!match?.[1]) throw new Error(`${file} does not print "${label}"`);
    return Number(match[1]);
  };
  return {
    imagesWithRepeats: figure('num train images \\* repeats'),
    batchesPerEpoch: figure('num batches per epoch'),
    epochs: figure('num epochs'),
    totalSteps: figure('total optimization steps'),
  };
}

function sdConfig(values: Record<string, unknown>): unknown {
  return {
    trainer: 'sd-scripts',
    family: 'sd',
    values: { pretrained_model_name_or_path: '/models/sd15.safetensors', output_dir: '/tmp/out', ...values },
  };
}

describe('datasets.configBuckets', () => {
  it('gives the figures sd-scripts printed for the recorded 5-image run (10 and 200 steps)', async () => {
    const host = await startHost();
    // run_sdscripts_cpu.sh: 5 captioned 64×64 PNGs, resolution 64, no buckets, batch 1, 1 repeat.
    const folder = tempDir();
    for (let i = 0; i < 5; i++) await image(join(folder, `img_${i}.png`), 64, 64, `a shape ${i}\n`);
    for (const [file, steps] of [
      ['plain_unbuf.raw', 10],
      ['term_plain.raw', 200],
    ] as const) {
      const answer = await preview(
        host,
        sdConfig({
          resolution: 64,
          batch_size: 1,
          enable_bucket: false,
          max_train_unit: 'steps',
          max_train_steps: steps,
          subsets: [{ image_dir: folder, num_repeats: 1, caption_extension: '.txt' }],
        }),
      );
      expect(answer).toMatchObject(printedFigures(file));
      expect(answer.groups[0]?.buckets).toEqual([
        { width: 64, height: 64, frames: 1, aspectRatio: null, images: 5, imagesWithRepeats: 5, steps: 5 },
      ]);
    }
  });

  it('previews every folder of an sd-scripts config with its repeats, GPUs and accumulation, naming a missing folder', async () => {
    const host = await startHost();
    const squares = tempDir();
    for (let i = 0; i < 3; i++) await image(join(squares, `s${i}.png`), 512, 512, `square ${i}`);
    const wide = tempDir();
    await image(join(wide, 'w1.png'), 768, 512, 'wide');
    await image(join(wide, 'w2.png'), 768, 512, '  \n'); // blank: trained with an empty caption
    await image(join(wide, 'w3.png'), 768, 512, ''); // 0 bytes: sd-scripts stops on it
    const missing = join(tempDir(), 'not-there');

    const answer = await preview(
      host,
      sdConfig({
        resolution: 512,
        batch_size: 2,
        enable_bucket: true,
        gradient_accumulation_steps: 2,
        max_train_unit: 'epochs',
        max_train_epochs: 3,
        subsets: [
          { image_dir: squares, num_repeats: 2, caption_extension: '.txt' },
          { image_dir: wide, num_repeats: 3, caption_extension: '.txt' },
          { image_dir: missing, num_repeats: 1, caption_extension: '.txt' },
        ],
      }),
      2,
    );
    expect(answer.folders.map((f) => [f.field, f.images, f.imagesWithRepeats])).toEqual([
      ['values.subsets.0.image_dir', 3, 6],
      ['values.subsets.1.image_dir', 2, 6],
      ['values.subsets.2.image_dir', 0, 0],
    ]);
    expect(answer.folders[2]?.problem).toContain('does not exist');
    expect(answer.folders[1]?.left).toEqual([
      { path: 'w3.png', reason: expect.stringContaining('caption file is empty') as string },
    ]);
    expect(answer.warnings.join(' ')).toContain('sd-scripts stops before training on w3.png');
    // 512×512 holds 6 with repeats (3 batches of 2), 768×512 goes to 640×384 (6: 3 batches).
    expect(answer.groups[0]?.buckets.map((b) => [b.width, b.height, b.imagesWithRepeats, b.steps])).toEqual([
      [512, 512, 6, 3],
      [640, 384, 6, 3],
    ]);
    // 6 batches over 2 GPUs: 3 each, 2 optimizer steps with accumulation 2; 3 epochs = 3 × ceil(6/2/2).
    expect(answer).toMatchObject({
      gpus: 2,
      imagesWithRepeats: 12,
      batchesPerEpoch: 3,
      stepsPerEpoch: 2,
      epochs: 3,
      totalSteps: 6,
    });
  });

  it('pools the size buckets of every diffusion-pipe directory with its num_repeats', async () => {
    const host = await startHost();
    const one = tempDir();
    const two = tempDir();
    for (let i = 0; i < 3; i++) await image(join(one, `a${i}.png`), 640, 640, `a ${i}`);
    await image(join(one, 'uncaptioned.png'), 640, 640);
    for (let i = 0; i < 2; i++) await image(join(two, `b${i}.png`), 300, 300, `b ${i}`);
    const answer = await preview(host, {
      trainer: 'diffusion-pipe',
      family: 'sdxl',
      values: {
        output_dir: '/tmp/out',
        epochs: 4,
        micro_batch_size_per_gpu: 2,
        gradient_accumulation_steps: 1,
        dataset: {
          resolutions: [512],
          enable_ar_bucket: false,
          directories: [
            { path: one, num_repeats: 1 },
            { path: two, num_repeats: 2 },
          ],
        },
      },
    });
    expect(answer.folders.map((f) => [f.field, f.images, f.imagesWithRepeats])).toEqual([
      ['values.dataset.directories.0.path', 3, 3],
      ['values.dataset.directories.1.path', 2, 4],
    ]);
    expect(answer.folders[0]?.left.map((l) => l.path)).toEqual(['uncaptioned.png']);
    // One 512×512 pool of 3 + 4 = 7 files: floor(7 / 2) steps an epoch.
    expect(answer.groups[0]?.buckets.map((b) => [b.width, b.height, b.imagesWithRepeats, b.steps])).toEqual([
      [512, 512, 7, 3],
    ]);
    expect(answer).toMatchObject({ stepsPerEpoch: 3, epochs: 4, totalSteps: 12 });
  });

  it.each([
    [
      'a trainer it has no bucketing for',
      { config: { trainer: 'generic', family: 'generic', values: {} } },
      'config.trainer',
      'cannot preview the buckets of the generic trainer',
    ],
    [
      'a family the trainer does not have',
      { config: { trainer: 'sd-scripts', family: 'sd9', values: {} } },
      'family',
      '"sd9" is not a family of kohya sd-scripts; choose one of',
    ],
    [
      'a batch size of 0',
      { config: sdConfig({ batch_size: 0, subsets: [{ image_dir: '/data/a', num_repeats: 1 }] }) },
      'values.batch_size',
      'Batch size: must be at least 1',
    ],
    [
      'a resolution in words',
      { config: sdConfig({ resolution: 'large', subsets: [{ image_dir: '/data/a', num_repeats: 1 }] }) },
      'values.resolution',
      'Resolution: must be a whole number',
    ],
    [
      'folders that are not a list',
      { config: { trainer: 'diffusion-pipe', family: 'sdxl', values: { dataset: { directories: 'x' } } } },
      'values.dataset.directories',
      'must be a list',
    ],
    [
      'no GPU',
      { config: sdConfig({ subsets: [{ image_dir: '/data/a', num_repeats: 1 }] }), gpus: 0 },
      'gpus',
      'gpus must be >= 1',
    ],
  ])('refuses %s with a 400 naming the field', async (_, payload, path, message) => {
    const host = await startHost();
    const answer = await postChannel(host, 'datasets.configBuckets', payload);
    expect(answer.status).toBe(400);
    const error = answer.body as { message: string; details: { path: string; message: string }[] };
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/undefined|\.\.$/);
    expect(error.details.map((d) => d.path)).toContain(path);
  });

  it('previews a draft config that still lacks its model and a folder, naming the unset folder', async () => {
    const host = await startHost();
    const answer = await preview(host, {
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: { subsets: [{ image_dir: '', num_repeats: 1 }] },
    });
    expect(answer.folders[0]).toMatchObject({
      field: 'values.subsets.0.image_dir',
      problem: 'No folder is set: choose the folder that holds the images.',
    });
    expect(answer).toMatchObject({ stepsPerEpoch: 0, totalSteps: null });
  });
});

/** Buckets in one order, to compare two previews' lists. */
const sorted = (buckets: Buckets['buckets']) =>
  [...buckets].sort((a, b) => a.width - b.width || a.height - b.height || a.frames - b.frames);

async function registeredBuckets(
  host: { port: number; token: string },
  path: string,
  settings: unknown,
): Promise<Buckets> {
  const { body } = await postChannel(host, 'datasets.register', { path });
  const id = (body as { id: string }).id;
  expect((await postChannel(host, 'datasets.scan', { id })).status).toBe(200);
  const answer = await postChannel(host, 'datasets.buckets', { id, settings });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Buckets;
}

const sizes = fc.array(fc.tuple(fc.integer({ min: 96, max: 1400 }), fc.integer({ min: 96, max: 1400 })), {
  minLength: 1,
  maxLength: 4,
});

// Each run writes images and scans folders: a few runs, with room for a busy machine.
const propertyTimeout = 120_000;

describe('datasets.configBuckets against the one-folder bucket preview', () => {
  it(
    'two sd-scripts folders with their repeats bucket as the "N_name" layout of one dataset does',
    async () => {
      const host = await startHost();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            a: sizes,
            b: sizes,
            repeatsA: fc.integer({ min: 1, max: 4 }),
            repeatsB: fc.integer({ min: 1, max: 4 }),
            resolution: fc.constantFrom<Size>([512, 512], [640, 640], [768, 512], [512, 768]),
            enableBucket: fc.boolean(),
            noUpscale: fc.boolean(),
            stepsReso: fc.constantFrom(32, 64),
            batch: fc.integer({ min: 1, max: 4 }),
            accumulation: fc.integer({ min: 1, max: 3 }),
          }),
          async (c) => {
            // The reference: datasets.buckets of a root holding "2_a" and "3_b", as sd-scripts' DreamBooth layout.
            const root = tempDir();
            const dirA = join(root, `${c.repeatsA}_a`);
            const dirB = join(root, `${c.repeatsB}_b`);
            mkdirSync(dirA);
            mkdirSync(dirB);
            for (const [i, [w, h]] of c.a.entries()) await image(join(dirA, `a${i}.png`), w, h, `a ${i}`);
            for (const [i, [w, h]] of c.b.entries()) await image(join(dirB, `b${i}.png`), w, h, `b ${i}`);
            const [width, height] = c.resolution;
            const reference = await registeredBuckets(host, root, {
              trainer: 'sd-scripts',
              resolution: [width, height],
              enableBucket: c.enableBucket,
              bucketNoUpscale: c.noUpscale,
              bucketResoSteps: c.stepsReso,
              batchSize: c.batch,
              gradientAccumulationSteps: c.accumulation,
            });
            const answer = await preview(
              host,
              sdConfig({
                resolution: width,
                resolution_height_enabled: width !== height,
                resolution_height: height,
                batch_size: c.batch,
                enable_bucket: c.enableBucket,
                bucket_no_upscale: c.noUpscale,
                bucket_reso_steps: c.stepsReso,
                gradient_accumulation_steps: c.accumulation,
                subsets: [
                  { image_dir: dirA, num_repeats: c.repeatsA, caption_extension: '.txt' },
                  { image_dir: dirB, num_repeats: c.repeatsB, caption_extension: '.txt' },
                ],
              }),
            );
            expect(sorted(answer.groups[0]?.buckets ?? [])).toEqual(sorted(reference.buckets));
            expect(answer.groups[0]?.batches).toBe(reference.stepsPerEpoch);
            expect(answer.batchesPerEpoch).toBe(reference.stepsPerEpoch);
            expect(answer.stepsPerEpoch).toBe(reference.optimizerStepsPerEpoch);
            expect(answer.imagesWithRepeats).toBe(c.a.length * c.repeatsA + c.b.length * c.repeatsB);
          },
        ),
        { numRuns: 3 },
      );
    },
    propertyTimeout,
  );

  it(
    'two diffusion-pipe directories with their own resolutions and repeats give the buckets of each',
    async () => {
      const host = await startHost();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            a: sizes,
            b: sizes,
            repeatsA: fc.integer({ min: 1, max: 4 }),
            repeatsB: fc.integer({ min: 1, max: 4 }),
            // Areas that never coincide, so no bucket of one directory pools with one of the other.
            resolutionA: fc.constantFrom(256, 512),
            resolutionB: fc.constantFrom(768, 1024),
            enableArBucket: fc.boolean(),
            micro: fc.integer({ min: 1, max: 2 }),
          }),
          async (c) => {
            const dirA = tempDir();
            const dirB = tempDir();
            for (const [i, [w, h]] of c.a.entries()) await image(join(dirA, `a${i}.png`), w, h, `a ${i}`);
            for (const [i, [w, h]] of c.b.entries()) await image(join(dirB, `b${i}.png`), w, h, `b ${i}`);
            const settings = (resolution: number, numRepeats: number) => ({
              trainer: 'diffusion-pipe',
              resolutions: [resolution],
              enableArBucket: c.enableArBucket,
              // The form's shown defaults, which the config's preview fills in.
              minAr: 0.5,
              maxAr: 2,
              numArBuckets: 7,
              numRepeats,
              microBatchSizePerGpu: c.micro,
            });
            const one = await registeredBuckets(host, dirA, settings(c.resolutionA, c.repeatsA));
            const two = await registeredBuckets(host, dirB, settings(c.resolutionB, c.repeatsB));
            const answer = await preview(host, {
              trainer: 'diffusion-pipe',
              family: 'sdxl',
              values: {
                output_dir: '/tmp/out',
                epochs: 2,
                micro_batch_size_per_gpu: c.micro,
                gradient_accumulation_steps: 1,
                dataset: {
                  resolutions: [512],
                  enable_ar_bucket: c.enableArBucket,
                  directories: [
                    { path: dirA, num_repeats: c.repeatsA, resolutions: [c.resolutionA] },
                    { path: dirB, num_repeats: c.repeatsB, resolutions: [c.resolutionB] },
                  ],
                },
              },
            });
            expect(sorted(answer.groups[0]?.buckets ?? [])).toEqual(sorted([...one.buckets, ...two.buckets]));
            const steps = one.stepsPerEpoch + two.stepsPerEpoch;
            expect(answer.stepsPerEpoch).toBe(steps);
            expect(answer.totalSteps).toBe(steps > 0 ? 2 * steps : null);
          },
        ),
        { numRuns: 3 },
      );
    },
    propertyTimeout,
  );
});

describe('datasets.buckets and empty captions', () => {
  it('lists an image whose caption file is empty instead of bucketing it, as sd-scripts stops on it', async () => {
    const host = await startHost();
    const folder = tempDir();
    await image(join(folder, 'a.png'), 512, 512, 'fine');
    await image(join(folder, 'b.png'), 512, 512, '');
    const { body } = await postChannel(host, 'datasets.register', { path: folder });
    const id = (body as { id: string }).id;
    expect((await postChannel(host, 'datasets.scan', { id })).status).toBe(200);
    const answer = await postChannel(host, 'datasets.buckets', {
      id,
      settings: { trainer: 'sd-scripts', resolution: 512 },
      includeFiles: true,
    });
    const buckets = answer.body as ResponseOf<'datasets.buckets'>;
    expect(buckets.files?.map((f) => f.path)).toEqual(['a.png']);
    expect(buckets.left.map((l) => l.path)).toEqual(['b.png']);
    expect(buckets.stepsPerEpoch).toBe(1);
  });
});

describe('datasets.captions.read', () => {
  it('reads the captions of a page of files in one call and lists those it cannot read', async () => {
    const host = await startHost();
    const folder = tempDir();
    await image(join(folder, 'a.png'), 64, 64, 'cat, sofa');
    await image(join(folder, 'b.png'), 64, 64);
    mkdirSync(join(folder, 'sub'));
    await image(join(folder, 'sub', 'c.png'), 64, 64);
    execFileSync('mkfifo', [join(folder, 'sub', 'c.txt')]);
    const { body } = await postChannel(host, 'datasets.register', { path: folder });
    const id = (body as { id: string }).id;
    expect((await postChannel(host, 'datasets.scan', { id })).status).toBe(200);
    const answer = await postChannel(host, 'datasets.captions.read', {
      id,
      paths: ['a.png', 'b.png', 'sub/c.png', 'nope.png'],
    });
    expect(answer.status).toBe(200);
    const read = answer.body as ResponseOf<'datasets.captions.read'>;
    expect(read.captions).toEqual([
      { path: 'a.png', captionPath: 'a.txt', exists: true, text: 'cat, sofa', encoding: 'utf-8' },
      { path: 'b.png', captionPath: 'b.txt', exists: false, text: '', encoding: 'utf-8' },
    ]);
    expect(read.failed.map((f) => f.path)).toEqual(['sub/c.png', 'nope.png']);
    expect(read.failed[0]?.reason).toContain('not a regular file');
    expect(read.failed[1]?.reason).toContain('not a file of this dataset');

    const tooMany = await postChannel(host, 'datasets.captions.read', {
      id,
      paths: Array.from({ length: 501 }, (_, i) => `f${i}.png`),
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('paths must NOT have more than 500 items');

    const unknown = await postChannel(host, 'datasets.captions.read', { id: 'nope', paths: ['a.png'] });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { message: string }).message).toBe('There is no dataset with the id "nope".');
  });
});
