/**
 * Built-in sd-scripts starters: read-only, model paths and folders empty (the description says so),
 * values that train well enough to start from.
 */
import type { BuiltInPreset, TrainerConfig } from '../common/types';
import { sdScriptsDefaults } from './defaults';

const emptyPaths = 'Model paths, image folder and output folder are empty: fill them in.';

function starter(family: string, values: Record<string, unknown>): TrainerConfig {
  return { trainer: 'sd-scripts', family, values: { ...sdScriptsDefaults(family), ...values } };
}

export const sdScriptsBuiltInPresets: BuiltInPreset[] = [
  {
    id: 'builtin:sd-scripts-sd15-lora',
    name: 'SD 1.5 LoRA',
    description: `A rank-32 LoRA for SD 1.5 at 512 px, AdamW8bit, 10 epochs. ${emptyPaths}`,
    config: starter('sd', {
      resolution: 512,
      network_dim: 32,
      network_alpha: 16,
      learning_rate: 0.0001,
      clip_skip: 2,
    }),
  },
  {
    id: 'builtin:sd-scripts-sdxl-lora',
    name: 'SDXL LoRA',
    description: `A rank-32 LoRA for SDXL at 1024 px, cached latents, bf16, 10 epochs. ${emptyPaths}`,
    config: starter('sdxl', {
      resolution: 1024,
      mixed_precision: 'bf16',
      no_half_vae: true,
      cache_latents: true,
      cache_latents_to_disk: true,
      gradient_checkpointing: true,
      bucket_reso_steps: 64,
      max_bucket_reso: 2048,
      learning_rate: 0.0001,
      train_on: 'unet',
    }),
  },
  {
    id: 'builtin:sd-scripts-flux-lora',
    name: 'FLUX.1 LoRA',
    description: `A rank-16 LoRA for FLUX.1 dev at 1024 px: fp8 base, cached latents and text encoders, 18 blocks swapped. ${emptyPaths}`,
    config: starter('flux', {
      resolution: 1024,
      mixed_precision: 'bf16',
      fp8_base: true,
      network_dim: 16,
      network_alpha: 16,
      cache_latents: true,
      cache_latents_to_disk: true,
      cache_text_encoder_outputs: true,
      cache_text_encoder_outputs_to_disk: true,
      gradient_checkpointing: true,
      train_on: 'unet',
      learning_rate: 0.0001,
      optimizer_type: 'AdamW8bit',
      guidance_scale: 1.0,
      timestep_sampling: 'flux_shift',
      model_prediction_type: 'raw',
      blocks_to_swap: 18,
      bucket_reso_steps: 64,
      max_bucket_reso: 2048,
      t5xxl_max_token_length: 512,
    }),
  },
];
