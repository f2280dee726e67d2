/**
 * diffusion-pipe as a trainer kind: one family per model type, the schema and rules in schema.ts,
 * writers, import and world checks beside it. diffusion-pipe has no sample-prompt option (it only
 * has a debug flag that renders one fixed test image), so this trainer has no prompts.
 */
import type { ConflictRule, TrainerConfig, TrainerDefinition } from '../common/types';
import { diffusionPipeDefaults } from './defaults';
import { loraOnlyModels, loraTypeOnlyModels, modelTypeLabel, modelTypes } from './families';
import { importDiffusionPipeFiles } from './import';
import { schema, sections } from './schema';
import { writeDiffusionPipeFiles } from './write';
import { checkDiffusionPipeWorld } from './world';

export const conflicts: ConflictRule[] = [
  {
    id: 'save-frequency-missing',
    when: {
      all: [
        { field: 'save_every_n_epochs', falsy: true },
        { field: 'save_every_n_steps', falsy: true },
        { field: 'save_every_n_examples', falsy: true },
      ],
    },
    fields: ['save_every_n_epochs', 'save_every_n_steps', 'save_every_n_examples'],
    message:
      'diffusion-pipe will not start (a bare AssertionError) unless it is told how often to save: set "Save every N epochs", "steps" or "examples".',
  },
  {
    id: 'lokr-not-supported',
    when: { all: [{ family: loraTypeOnlyModels }, { field: 'adapter.type', equals: 'lokr' }] },
    fields: ['adapter.type'],
    message: 'diffusion-pipe trains only LoRA adapters for this model type; choose lora.',
  },
  {
    id: 'full-finetune-not-supported',
    when: { all: [{ family: loraOnlyModels }, { field: 'adapter.type', equals: 'none' }] },
    fields: ['adapter.type'],
    message: 'diffusion-pipe cannot fully fine-tune this model type; choose lora or lokr.',
  },
  {
    id: 'block-swap-needs-adapter',
    when: {
      all: [
        { field: 'blocks_to_swap', truthy: true },
        { field: 'adapter.type', equals: 'none' },
      ],
    },
    fields: ['blocks_to_swap', 'adapter.type'],
    message:
      'Block swapping works only when training an adapter; set "Blocks to swap" to 0 for a full fine-tune.',
  },
  {
    id: 'block-swap-needs-one-stage',
    when: {
      all: [
        { field: 'blocks_to_swap', truthy: true },
        { field: 'pipeline_stages', notIn: [1, null] },
      ],
    },
    fields: ['blocks_to_swap', 'pipeline_stages'],
    message: 'Block swapping needs one pipeline stage; set "Pipeline stages" to 1 or "Blocks to swap" to 0.',
  },
  {
    id: 'one-checkpoint-frequency',
    when: {
      all: [
        { field: 'checkpoint_every_n_epochs', truthy: true },
        { field: 'checkpoint_every_n_minutes', truthy: true },
      ],
    },
    fields: ['checkpoint_every_n_epochs', 'checkpoint_every_n_minutes'],
    message: 'Set only one of the training-state frequencies (epochs or minutes).',
    severity: 'warning',
  },
  {
    id: 'one-loss',
    when: {
      all: [
        { field: 'huber_delta', truthy: true },
        { field: 'smooth_l1_beta', truthy: true },
      ],
    },
    fields: ['huber_delta', 'smooth_l1_beta'],
    message:
      'Only one loss applies: with both set, diffusion-pipe uses the Huber loss and ignores the smooth L1 beta.',
    severity: 'warning',
  },
];

export const diffusionPipeTrainer: TrainerDefinition = {
  kind: 'diffusion-pipe',
  label: 'diffusion-pipe',
  families: [...modelTypes],
  sections,
  schema,
  conflicts,
  defaults: diffusionPipeDefaults,
  writeFiles: writeDiffusionPipeFiles,
  importFiles: importDiffusionPipeFiles,
  checkWorld: checkDiffusionPipeWorld,
  outputsOf: (config: TrainerConfig) => {
    const dir = typeof config.values.output_dir === 'string' ? config.values.output_dir.trim() : '';
    return dir ? [{ dir }] : [];
  },
};

export { diffusionPipeDefaults, modelTypeLabel };
