/**
 * The trainer kinds DPGui runs: the one list. Jobs, configs, presets and the trainer definitions
 * (src/shared/trainers/) all read it from here.
 */
export const trainerKinds = ['sd-scripts', 'diffusion-pipe', 'generic'] as const;

export const trainerKindSchema = { type: 'string', enum: trainerKinds } as const;

export type TrainerKind = (typeof trainerKinds)[number];
