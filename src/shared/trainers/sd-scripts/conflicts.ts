/**
 * Option combinations sd-scripts refuses, most of them only after loading the model (the asserts are
 * cited in tests/fixtures/configs/README.md), so DPGui refuses them before a job is queued.
 */
import type { ConflictRule } from '../common/types';

const on = (field: string) => ({ field, truthy: true }) as const;

export const sdScriptsConflicts: ConflictRule[] = [
  {
    id: 'attention',
    when: { all: [on('xformers'), on('sdpa')] },
    fields: ['xformers', 'sdpa'],
    message: 'Choose one attention: xformers or SDPA.',
  },
  {
    id: 'full-precision',
    when: { all: [on('full_fp16'), on('full_bf16')] },
    fields: ['full_fp16', 'full_bf16'],
    message: 'Full fp16 and full bf16 exclude each other.',
  },
  {
    id: 'full-fp16-precision',
    when: { all: [on('full_fp16'), { field: 'mixed_precision', notEquals: 'fp16' }] },
    fields: ['full_fp16', 'mixed_precision'],
    message: 'Full fp16 needs the training precision fp16.',
  },
  {
    id: 'full-bf16-precision',
    when: { all: [on('full_bf16'), { field: 'mixed_precision', notEquals: 'bf16' }] },
    fields: ['full_bf16', 'mixed_precision'],
    message: 'Full bf16 needs the training precision bf16.',
  },
  {
    id: 'fp8-precision',
    when: { all: [on('fp8_base'), { field: 'mixed_precision', equals: 'no' }] },
    fields: ['fp8_base', 'mixed_precision'],
    message: 'An fp8 base model needs the training precision fp16 or bf16.',
  },
  {
    id: 'sdxl-cached-te-trains-te',
    when: {
      all: [{ family: ['sdxl'] }, on('cache_text_encoder_outputs'), { field: 'train_on', notEquals: 'unet' }],
    },
    fields: ['cache_text_encoder_outputs', 'train_on'],
    message:
      'With cached text-encoder outputs SDXL can train the U-Net only: set Train to U-Net only, or stop caching.',
  },
  {
    id: 'cached-te-caption-changes',
    when: {
      all: [
        { family: ['sdxl', 'sd3', 'flux'] },
        { any: [on('cache_text_encoder_outputs'), on('cache_text_encoder_outputs_to_disk')] },
        {
          some: 'subsets',
          where: {
            any: [
              on('.shuffle_caption'),
              on('.caption_dropout_rate'),
              on('.caption_tag_dropout_rate'),
              on('.token_warmup_step'),
            ],
          },
        },
      ],
    },
    fields: ['cache_text_encoder_outputs', 'subsets'],
    message:
      'Cached text-encoder outputs need fixed captions: turn off caption shuffling, caption and tag dropout and token warm-up in every image folder, or stop caching.',
  },
  {
    id: 'chroma-t5-mask',
    when: {
      all: [
        { family: ['flux'] },
        { field: 'model_type', equals: 'chroma' },
        { field: 'apply_t5_attn_mask', falsy: true },
      ],
    },
    fields: ['apply_t5_attn_mask'],
    message: 'Chroma needs the T5 attention mask on.',
  },
  {
    id: 'block-swap-cpu-offload',
    when: { all: [on('blocks_to_swap'), on('cpu_offload_checkpointing')] },
    fields: ['blocks_to_swap', 'cpu_offload_checkpointing'],
    message: 'Block swapping and CPU-offload checkpointing exclude each other.',
  },
];
