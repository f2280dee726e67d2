/**
 * Test support: diffusion-pipe configs covering several model types and most tables, each written to
 * checked files in tests/fixtures/configs/diffusion-pipe/<name>/. Some hold greyed values (they must
 * not be written) and confirmed pass-through keys (they must be).
 */
import type { TrainerConfig } from '../../../../shared/trainers/common';

export interface GoldenConfig {
  name: string;
  config: TrainerConfig;
}

export const goldenConfigs: GoldenConfig[] = [
  {
    name: 'sdxl-lora',
    config: {
      trainer: 'diffusion-pipe',
      family: 'sdxl',
      values: {
        output_dir: '/data/runs/sdxl-style',
        epochs: 40,
        micro_batch_size_per_gpu: 2,
        gradient_accumulation_steps: 1,
        gradient_clipping: 1,
        warmup_steps: 50,
        lr_scheduler: 'cosine',
        save_every_n_epochs: 4,
        checkpoint_every_n_minutes: 120,
        activation_checkpointing: 'on',
        save_dtype: 'bfloat16',
        uncond_fraction: 0.1,
        model: {
          checkpoint_path: '/models/sdxl/sd_xl_base_1.0.safetensors',
          dtype: 'bfloat16',
          v_pred: false,
          min_snr_gamma: 5,
          unet_lr: 0.0001,
          // Greyed for SDXL (it reads no shift): kept, never written.
          shift: 3,
          transformer_dtype: 'float8',
        },
        adapter: { type: 'lora', rank: 16, dtype: 'bfloat16', dropout: 0.05, decompose_factor: 4 },
        optimizer: { type: 'adamw_optimi', lr: 0.0001, betas: [0.9, 0.99], weight_decay: 0.01, eps: 1e-8 },
        monitoring: { enable_wandb: false, wandb_api_key: 'kept-but-greyed' },
        eval_datasets: [{ name: 'held-out', path: '/data/eval/style', num_repeats: 1 }],
        eval_every_n_epochs: 1,
        eval_before_first_step: true,
        dataset: {
          resolutions: [1024],
          enable_ar_bucket: true,
          min_ar: 0.5,
          max_ar: 2,
          num_ar_buckets: 7,
          skip_empty_caption: false,
          directories: [
            { path: '/data/sets/style', num_repeats: 2 },
            { path: '/data/sets/style-masked', num_repeats: 1, mask_path: '/data/sets/style-masks' },
          ],
        },
      },
    },
  },
  {
    name: 'flux-lora',
    config: {
      trainer: 'diffusion-pipe',
      family: 'flux',
      values: {
        output_dir: '/data/runs/flux-kontext',
        epochs: 20,
        max_steps: 3000,
        save_every_n_steps: 250,
        activation_checkpointing: 'on',
        blocks_to_swap: 8,
        pipeline_stages: 1,
        model: {
          diffusers_path: '/models/FLUX.1-dev',
          transformer_path: '/models/flux1-kontext-dev.safetensors',
          dtype: 'bfloat16',
          transformer_dtype: 'float8',
          flux_shift: true,
          guidance: 1,
          timestep_sample_method: 'logit_normal',
        },
        adapter: {
          type: 'lora',
          rank: 32,
          fuse_adapters: [{ path: '/models/loras/detail.safetensors', weight: 0.5 }],
        },
        optimizer: {
          type: 'AdamW8bitKahan',
          lr: 0.00002,
          betas: [0.9, 0.99],
          weight_decay: 0.01,
          stabilize: false,
        },
        dataset: {
          resolutions: [512, 1024],
          enable_ar_bucket: true,
          ar_buckets: [0.75, 1, 1.33],
          // Greyed while explicit buckets are given.
          num_ar_buckets: 9,
          directories: [
            {
              path: '/data/sets/kontext-targets',
              num_repeats: 1,
              control_path: '/data/sets/kontext-controls',
            },
          ],
        },
      },
    },
  },
  {
    name: 'wan-lokr',
    config: {
      trainer: 'diffusion-pipe',
      family: 'wan',
      values: {
        output_dir: '/data/runs/wan-motion',
        epochs: 60,
        save_every_n_epochs: 5,
        checkpoint_every_n_epochs: 10,
        activation_checkpointing: 'unsloth',
        // Greyed: unsloth always uses reentrant checkpointing.
        reentrant_activation_checkpointing: false,
        blocks_to_swap: 20,
        video_clip_mode: 'single_middle',
        caching_batch_size: 4,
        model: {
          ckpt_path: '/models/Wan2.2-T2V-A14B',
          transformer_path: '/models/comfy/wan2.2_t2v_low_noise_14B_fp16.safetensors',
          llm_path: '/models/comfy/umt5_xxl_fp16.safetensors',
          dtype: 'bfloat16',
          transformer_dtype: 'float8',
          min_t: 0,
          max_t: 0.875,
        },
        adapter: {
          type: 'lokr',
          rank: 100000,
          decompose_factor: 4,
          rank_dropout: 0,
          dtype: 'bfloat16',
          dropout: 0.1,
        },
        optimizer: { type: 'adamw_optimi', lr: 0.00005, betas: [0.9, 0.99], weight_decay: 0.01, eps: 1e-8 },
        dataset: {
          resolutions: [480],
          enable_ar_bucket: false,
          // Greyed while aspect-ratio buckets are off.
          min_ar: 0.5,
          frame_buckets: [1, 33, 65],
          caption_prefix: 'a video of ',
          directories: [{ path: '/data/sets/motion-clips', num_repeats: 3 }],
        },
      },
    },
  },
  {
    name: 'z-image-full-finetune',
    config: {
      trainer: 'diffusion-pipe',
      family: 'z_image',
      values: {
        output_dir: '/data/runs/z-image-fft',
        epochs: 10,
        save_every_n_epochs: 1,
        gradient_accumulation_steps: 4,
        activation_checkpointing: 'off',
        model: {
          diffusion_model: '/models/comfy/z_image_turbo_bf16.safetensors',
          vae: '/models/comfy/flux_vae.safetensors',
          text_encoders: [{ path: '/models/comfy/qwen_3_4b.safetensors', type: 'lumina2' }],
          merge_adapters: ['/models/comfy/zimage_turbo_training_adapter_v1.safetensors'],
          dtype: 'bfloat16',
          diffusion_model_dtype: 'float8',
          shift: 3,
        },
        // A full fine-tune: no [adapter] table; the rank is greyed and kept.
        adapter: { type: 'none', rank: 32 },
        optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9, weight_decay: 0, betas: [0.9, 0.99] },
        monitoring: {
          enable_wandb: true,
          wandb_api_key: 'key-123',
          wandb_tracker_name: 'z-image',
          wandb_run_name: 'fft-1',
        },
        dataset: {
          resolutions: [1024],
          enable_ar_bucket: true,
          min_ar: 0.5,
          max_ar: 2,
          num_ar_buckets: 5,
          cache_shuffle_num: 4,
          cache_shuffle_delimiter: ', ',
          shuffle_tags: true,
          directories: [{ path: '/data/sets/photos', num_repeats: 1 }],
        },
      },
    },
  },
  {
    name: 'qwen-image-prodigy',
    config: {
      trainer: 'diffusion-pipe',
      family: 'qwen_image',
      values: {
        output_dir: '/data/runs/qwen-edit',
        epochs: 8,
        save_every_n_epochs: 2,
        activation_checkpointing: 'on',
        model: {
          diffusers_path: '/models/Qwen-Image-Edit',
          dtype: 'bfloat16',
          transformer_dtype: 'float8',
          timestep_sample_method: 'logit_normal',
          sigmoid_scale: 1,
        },
        adapter: { type: 'lora', rank: 64 },
        optimizer: { type: 'Prodigy', lr: 1, betas: [0.9, 0.99], weight_decay: 0.01 },
        dataset: {
          resolutions: [1024],
          directories: [{ path: '/data/sets/edit-targets', control_path: '/data/sets/edit-controls' }],
        },
      },
      // Confirmed by the user on import: written as they were.
      passThrough: {
        'config.optimizer.d_coef': 2,
        'config.optimizer.safeguard_warmup': true,
        'dataset.directory.0.default_mask_file': '/data/sets/full-mask.png',
      },
    },
  },
  {
    name: 'hunyuan-video-ckpt',
    config: {
      trainer: 'diffusion-pipe',
      family: 'hunyuan-video',
      values: {
        output_dir: '/data/runs/hunyuan',
        epochs: 30,
        save_every_n_epochs: 3,
        micro_batch_size_per_gpu: 1,
        image_micro_batch_size_per_gpu: 4,
        activation_checkpointing: 'on',
        model: {
          ckpt_path: '/models/HunyuanVideo/ckpts',
          dtype: 'bfloat16',
          transformer_dtype: 'float8',
          shift: 7,
        },
        adapter: { type: 'lora', rank: 32, dtype: 'bfloat16' },
        optimizer: { type: 'adamw', lr: 0.00002, betas: [0.9, 0.99], weight_decay: 0.01, eps: 1e-8 },
        dataset: {
          resolutions: [512],
          enable_ar_bucket: true,
          min_ar: 0.5,
          max_ar: 2,
          num_ar_buckets: 7,
          frame_buckets: [1, 33],
          directories: [{ path: '/data/sets/clips', num_repeats: 5 }],
        },
      },
    },
  },
];
