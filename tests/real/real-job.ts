/**
 * The real run's job configs: the SD 1.5 starter (as `presets.get` gives it) with the kit's paths and
 * the kit's own training options (run_sdscripts_cpu.sh's train.toml): 64 px, batch 1, rank 4, AdamW
 * (no bitsandbytes on CPU), constant lr, no mixed precision, cached latents, no loader workers, U-Net only.
 */
import type { TrainerConfig } from '../../src/shared/trainers/common/types';
import { kitResolution, type RealKit } from './real-kit';

export interface RealJobOptions {
  outputDir: string;
  outputName: string;
  steps: number;
  saveEvery: number;
  /** Steps between samples; null for none. */
  sampleEvery: number | null;
}

export const samplePrompt = 'a red square on a white background';

export function realJobConfig(preset: TrainerConfig, kit: RealKit, options: RealJobOptions): TrainerConfig {
  const config = structuredClone(preset);
  const subsets = config.values.subsets as Record<string, unknown>[];
  Object.assign(config.values, {
    pretrained_model_name_or_path: kit.model,
    tokenizer_cache_dir: kit.tokenizerCache,
    output_dir: options.outputDir,
    output_name: options.outputName,
    resolution: kitResolution,
    batch_size: 1,
    enable_bucket: false,
    max_train_unit: 'steps',
    max_train_steps: options.steps,
    save_every_n_steps: options.saveEvery,
    mixed_precision: 'no',
    network_dim: 4,
    network_alpha: 1,
    train_on: 'unet',
    optimizer_type: 'AdamW',
    learning_rate: 1e-4,
    lr_scheduler: 'constant',
    max_data_loader_n_workers: 0,
    // torch refuses persistent workers without workers.
    persistent_data_loader_workers: false,
    cache_latents: true,
    seed: 42,
    sample_sampler: 'ddim',
  });
  subsets[0] = { ...subsets[0], image_dir: kit.images, num_repeats: 1, caption_extension: '.txt' };
  if (options.sampleEvery !== null)
    Object.assign(config.values, {
      sample_every_n_steps: options.sampleEvery,
      sample_prompts_list: [
        {
          prompt: samplePrompt,
          width: kitResolution,
          height: kitResolution,
          sample_steps: 2,
          scale: 1,
          seed: 1,
        },
      ],
    });
  return config;
}
