/**
 * The registry of trainer kinds: each folder beside this file declares one TrainerDefinition and is
 * listed here once. Everything else (form, validator, writers, presets) looks trainers up by kind.
 */
import { fillDefaults } from './common/fill-defaults';
import type { TrainerConfig, TrainerDefinition, TrainerKind } from './common/types';
import { sdScriptsTrainer } from './sd-scripts';
import { diffusionPipeTrainer } from './diffusion-pipe';
import { genericTrainer } from './generic';

export const trainerDefinitions: Partial<Record<TrainerKind, TrainerDefinition>> = {
  'sd-scripts': sdScriptsTrainer,
  'diffusion-pipe': diffusionPipeTrainer,
  generic: genericTrainer,
};

export function getTrainer(kind: TrainerKind): TrainerDefinition | undefined {
  return trainerDefinitions[kind];
}

/**
 * The config with every key it leaves out set to the value the form shows (common/fill-defaults.ts):
 * what configs.validate/preview/export, presets.save, jobs.enqueue/replace and the launch work on.
 */
export function withShownDefaults(config: TrainerConfig): TrainerConfig {
  const definition = getTrainer(config.trainer);
  return definition ? fillDefaults(definition, config) : config;
}

export * from './common';
