// A client queues an sd-scripts config holding only the required values through a real `dpgui serve`;
// the files the launch writes into the job's run folder (what sd-scripts reads) hold the values the
// form shows, not sd-scripts' own defaults.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/contract';
import { isJsonObject } from '../../src/shared/trainers/common';
import {
  enqueue,
  fakePython,
  finished,
  makeWorld,
  ok,
  startHost,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

describe('a queued config holding only the required values', () => {
  it('is launched with the values the form shows, written into the run folder', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    await ok<Settings>(host, 'settings.set', {
      trainers: {
        sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    const output = join(root, 'out', 'partial');
    mkdirSync(output, { recursive: true });
    writeFileSync(
      join(output, 'fake-trainer-args.json'),
      JSON.stringify(['--write', join(output, 'my_lora-step00000001.safetensors'), '--seconds', '0']),
    );

    const id = await enqueue(host, {
      name: 'partial',
      gpus: { count: 1 },
      config: {
        trainer: 'sd-scripts',
        family: 'sdxl',
        values: {
          pretrained_model_name_or_path: world.model,
          output_dir: output,
          subsets: [{ image_dir: world.images }],
        },
      },
    });
    const job = await untilStatus(host, id, finished);
    expect(job, job.errorReason ?? '').toMatchObject({ status: 'succeeded' });

    // sd-scripts reads the config's sections as one namespace (train_util.read_config_from_file).
    const config: Record<string, unknown> = parse(readFileSync(join(job.runDir, 'config.toml'), 'utf8'));
    const flat: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config))
      if (isJsonObject(value)) Object.assign(flat, value);
      else flat[key] = value;
    expect(flat).toMatchObject({
      seed: 23,
      sdpa: true,
      learning_rate: 0.0001,
      lr_scheduler: 'cosine',
      max_data_loader_n_workers: 1,
      network_module: 'networks.lora',
    });
    const dataset = parse(readFileSync(join(job.runDir, 'dataset.toml'), 'utf8')) as {
      general: Record<string, unknown>;
      datasets: { subsets: Record<string, unknown>[] }[];
    };
    expect(dataset.general.resolution).toBe(1024);
    expect(dataset.datasets[0]?.subsets[0]).toMatchObject({
      image_dir: world.images,
      caption_extension: '.txt',
    });
  });
});
