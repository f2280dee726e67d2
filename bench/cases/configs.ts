/**
 * Training configs: validating one full config with its world checks on paths that exist (goal
 * ≤ 1,000 µs), and writing its files in memory (goal ≤ 1,000 µs). In-process, from source.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeWorldProbe } from '../../src/main/core/configs/node-world-probe';
import { validateConfig, type ActiveOutput } from '../../src/main/core/configs/validate-config';
import type { TrainerConfig } from '../../src/shared/trainers/common';
import { sdScriptsTrainer } from '../../src/shared/trainers/sd-scripts';
import { goldenConfigs } from '../../tests/fixtures/configs/sd-scripts/golden-configs';
import { summarize, type BenchCase } from '../harness';

const runs = 3000;
const warmup = 300;

function measure(fn: () => void): ReturnType<typeof summarize> {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push((performance.now() - t) * 1000);
  }
  return summarize(samples);
}

/** The SDXL golden config pointed at a real model file, two image folders (40 images each) and an output folder. */
function realConfig(root: string): TrainerConfig {
  const model = join(root, 'sdxl.safetensors');
  writeFileSync(model, 'weights');
  const folders = ['20_char', 'reg'].map((name) => {
    const dir = join(root, 'data', name);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 40; i++) {
      writeFileSync(join(dir, `${i}.png`), 'png');
      writeFileSync(join(dir, `${i}.txt`), 'caption');
    }
    return dir;
  });
  const golden = goldenConfigs['sdxl-lycoris-locon-dora'] as TrainerConfig;
  return {
    ...golden,
    values: {
      ...golden.values,
      pretrained_model_name_or_path: model,
      output_dir: join(root, 'out'),
      logging_dir: join(root, 'logs'),
      subsets: [
        { image_dir: folders[0], num_repeats: 20, shuffle_caption: true },
        { image_dir: folders[1], num_repeats: 1, is_reg: true },
      ],
    },
  };
}

const validate: BenchCase = {
  name: 'configs.validate',
  run() {
    const root = mkdtempSync(join(tmpdir(), 'dpgui-bench-configs-'));
    try {
      const config = realConfig(root);
      const probe = createNodeWorldProbe();
      const others: ActiveOutput[] = Array.from({ length: 10 }, (_, i) => ({
        jobId: `job-${i}`,
        label: `job ${i}`,
        dir: join(root, 'out'),
        name: `other_${i}`,
      }));
      const first = validateConfig(config, { probe, activeOutputs: () => others });
      if (!first.valid) throw new Error(`the bench config is not valid: ${JSON.stringify(first.issues)}`);
      const s = measure(() => validateConfig(config, { probe, activeOutputs: () => others }));
      return Promise.resolve({
        value: s.median,
        unit: 'µs',
        p99: s.p99,
        runs: s.n,
        goal: 1000,
        family: config.family,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

const generate: BenchCase = {
  name: 'configs.generate',
  run() {
    const config = goldenConfigs['sd15-lora'] as TrainerConfig;
    const s = measure(() => sdScriptsTrainer.writeFiles(config, { runDir: '/runs/bench' }));
    return Promise.resolve({ value: s.median, unit: 'µs', p99: s.p99, runs: s.n, goal: 1000, files: 3 });
  },
};

export const configsCases: BenchCase[] = [validate, generate];
