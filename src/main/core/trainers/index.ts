/**
 * The trainer runtimes, registered once: one per kind in the contract's list (the mapped type makes a
 * missing kind a type error). Everything that differs by trainer kind is asked of `trainerRuntime`.
 */
import type { TrainerKind } from '../../../shared/contract';
import { diffusionPipeRuntime } from './diffusion-pipe/runtime';
import { genericRuntime } from './generic/runtime';
import type { TrainerRuntime } from './runtime';
import { sdScriptsRuntime } from './sd-scripts/runtime';

const runtimes: { [K in TrainerKind]: TrainerRuntime<K> } = {
  'sd-scripts': sdScriptsRuntime,
  'diffusion-pipe': diffusionPipeRuntime,
  generic: genericRuntime,
};

export function trainerRuntime<K extends TrainerKind>(kind: K): TrainerRuntime<K> {
  return runtimes[kind];
}

export type { TrainerRuntime } from './runtime';
