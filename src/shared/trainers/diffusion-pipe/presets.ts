/**
 * Built-in diffusion-pipe starters. Read-only (copy to edit); model paths, dataset folders and the
 * output folder are empty on purpose: they are the user's own, and the description says so.
 */
import type { BuiltInPreset } from '../common/types';
import { diffusionPipeDefaults } from './defaults';

const emptyPaths = 'Model paths, dataset folder and output folder are empty: fill them in after copying.';

function sdxlLora(): BuiltInPreset {
  const values = diffusionPipeDefaults('sdxl');
  Object.assign(values, {
    epochs: 40,
    save_every_n_epochs: 4,
    warmup_steps: 50,
    activation_checkpointing: 'on',
  });
  Object.assign(values.adapter as object, { type: 'lora', rank: 32, dtype: 'bfloat16' });
  Object.assign(values.optimizer as object, {
    type: 'adamw_optimi',
    lr: 1e-4,
    betas: [0.9, 0.99],
    weight_decay: 0.01,
    eps: 1e-8,
  });
  Object.assign(values.model as object, { checkpoint_path: '', dtype: 'bfloat16' });
  Object.assign(values.dataset as object, {
    resolutions: [1024],
    enable_ar_bucket: true,
    min_ar: 0.5,
    max_ar: 2.0,
    num_ar_buckets: 7,
  });
  return {
    id: 'builtin:diffusion-pipe-sdxl-lora',
    name: 'diffusion-pipe SDXL LoRA',
    description: `A rank-32 SDXL LoRA at 1024 px with AdamW (optimi). ${emptyPaths}`,
    config: { trainer: 'diffusion-pipe', family: 'sdxl', values },
  };
}

function wanLora(): BuiltInPreset {
  const values = diffusionPipeDefaults('wan');
  Object.assign(values, {
    epochs: 50,
    save_every_n_epochs: 5,
    warmup_steps: 100,
    activation_checkpointing: 'unsloth',
    blocks_to_swap: 0,
  });
  Object.assign(values.adapter as object, { type: 'lora', rank: 32, dtype: 'bfloat16' });
  Object.assign(values.optimizer as object, {
    type: 'adamw_optimi',
    lr: 2e-5,
    betas: [0.9, 0.99],
    weight_decay: 0.01,
    eps: 1e-8,
  });
  Object.assign(values.model as object, {
    ckpt_path: '',
    dtype: 'bfloat16',
    transformer_dtype: 'float8',
    timestep_sample_method: 'logit_normal',
  });
  Object.assign(values.dataset as object, {
    resolutions: [512],
    frame_buckets: [1, 33],
    enable_ar_bucket: true,
    min_ar: 0.5,
    max_ar: 2.0,
    num_ar_buckets: 7,
  });
  return {
    id: 'builtin:diffusion-pipe-wan-lora',
    name: 'diffusion-pipe Wan LoRA',
    description: `A rank-32 Wan 2.1/2.2 LoRA at 512 px with 33-frame clips, transformer in float8. ${emptyPaths}`,
    config: { trainer: 'diffusion-pipe', family: 'wan', values },
  };
}

export const builtInPresets: BuiltInPreset[] = [sdxlLora(), wanLora()];
