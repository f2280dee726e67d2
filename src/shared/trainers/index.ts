/**
 * The registry of trainer kinds: each folder beside this file declares one TrainerDefinition and is
 * listed here once. Everything else (form, validator, writers, presets) looks trainers up by kind.
 */
import type { TrainerDefinition, TrainerKind } from './common/types';
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

export * from './common';
