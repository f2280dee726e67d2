/** Every trainer's built-in starters, by id. Each trainer folder exports its list; add it here. */
import type { BuiltInPreset } from '../../../shared/trainers/common';
import { sdScriptsBuiltInPresets } from '../../../shared/trainers/sd-scripts';
import { builtInPresets as diffusionPipeBuiltInPresets } from '../../../shared/trainers/diffusion-pipe/presets';

export const builtInPresets: readonly BuiltInPreset[] = [
  ...sdScriptsBuiltInPresets,
  ...diffusionPipeBuiltInPresets,
];
