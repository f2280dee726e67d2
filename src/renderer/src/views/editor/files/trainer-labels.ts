/** People's names for the trainer kinds, for messages. */
import type { TrainerKind } from '../../../../../shared/contract/trainer-kinds';

export const trainerLabels: Record<TrainerKind, string> = {
  'sd-scripts': 'sd-scripts',
  'diffusion-pipe': 'diffusion-pipe',
  generic: 'Generic (YAML)',
};
