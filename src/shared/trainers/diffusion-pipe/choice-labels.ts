/**
 * The display label of every choice the diffusion-pipe form offers, by value. The values stay
 * diffusion-pipe's own (they are what the writer puts in the TOML); `choice` fields take labels here.
 */
import { labelFromChoice } from '../common/key-labels';

const labels: Record<string, string> = {
  // dtypes (utils/common.py DTYPE_MAP)
  bfloat16: 'bfloat16',
  float16: 'float16',
  float32: 'float32',
  float8: 'float8 (e4m3fn)',
  float8_e4m3fn: 'float8 e4m3fn',
  float8_e5m2: 'float8 e5m2',
  // timestep sampling
  logit_normal: 'Logit-normal',
  uniform: 'Uniform',
  // adapters
  lora: 'LoRA',
  lokr: 'LoKr',
  none: 'None (full fine-tune)',
  // learning-rate schedules
  constant: 'Constant',
  linear: 'Linear decay',
  cosine: 'Cosine',
  // video clips
  single_beginning: 'One clip from the start',
  single_middle: 'One clip from the middle',
  // activation checkpointing
  off: 'Off',
  on: 'On',
  unsloth: 'Unsloth (offloads to RAM)',
};

/** The labels of a choice field's values (our words where we have them, else read from the value). */
export function dpChoiceLabels(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v, labels[v] ?? labelFromChoice(v)]));
}
