/**
 * The display label of every choice the sd-scripts form offers, by value. The values stay sd-scripts'
 * own (they are what the writer puts in the TOML); the schema's `choice` fields take their labels here.
 */
import { labelFromChoice } from '../common/key-labels';

const labels: Record<string, string> = {
  // FLUX model type
  flux: 'FLUX.1',
  chroma: 'Chroma',
  // precisions
  no: 'None (float32)',
  float: 'float32',
  fp16: 'fp16',
  bf16: 'bf16',
  // training length
  epochs: 'Epochs',
  steps: 'Steps',
  // network algorithms
  lora: 'LoRA',
  locon: 'LoCon',
  dylora: 'DyLoRA',
  'lycoris-locon': 'LoCon (LyCORIS)',
  loha: 'LoHa (LyCORIS)',
  lokr: 'LoKr (LyCORIS)',
  ia3: 'IA3 (LyCORIS)',
  'lycoris-dylora': 'DyLoRA (LyCORIS)',
  boft: 'BOFT (LyCORIS)',
  'diag-oft': 'Diag-OFT (LyCORIS)',
  full: 'Full fine-tune (LyCORIS)',
  // what is trained
  both: 'U-Net and text encoder',
  unet: 'U-Net / transformer only',
  text_encoder: 'Text encoder only',
  // losses
  l1: 'L1',
  l2: 'L2 (squared error)',
  huber: 'Huber',
  smooth_l1: 'Smooth L1',
  constant: 'Constant',
  exponential: 'Exponential',
  snr: 'By SNR',
  // file formats
  safetensors: '.safetensors',
  ckpt: '.ckpt',
  pt: '.pt',
  // samplers
  ddim: 'DDIM',
  pndm: 'PNDM',
  lms: 'LMS',
  euler: 'Euler',
  euler_a: 'Euler a',
  heun: 'Heun',
  dpm_2: 'DPM2',
  dpm_2_a: 'DPM2 a',
  dpmsolver: 'DPM-Solver',
  'dpmsolver++': 'DPM-Solver++',
  dpmsingle: 'DPM-Solver single-step',
  k_lms: 'LMS (k-diffusion)',
  k_euler: 'Euler (k-diffusion)',
  k_euler_a: 'Euler a (k-diffusion)',
  k_dpm_2: 'DPM2 (k-diffusion)',
  k_dpm_2_a: 'DPM2 a (k-diffusion)',
  // loggers
  tensorboard: 'TensorBoard',
  wandb: 'Weights & Biases',
  all: 'TensorBoard and W&B',
  // FLUX.1 timestep sampling
  sigma: 'Sigma-based',
  uniform: 'Uniform',
  sigmoid: 'Sigmoid',
  shift: 'Shifted sigmoid',
  flux_shift: 'FLUX.1 shift (by resolution)',
  // SD3 / FLUX.1 loss weighting
  none: 'None',
  sigma_sqrt: 'Sigma square root',
  logit_normal: 'Logit-normal',
  mode: 'Mode',
  cosmap: 'CosMap',
  // FLUX.1 prediction type
  raw: 'Raw',
  additive: 'Additive',
  sigma_scaled: 'Sigma-scaled',
};

/** The labels of a choice field's values (our words where we have them, else read from the value). */
export function sdChoiceLabels(values: readonly (string | number)[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [String(v), labels[String(v)] ?? labelFromChoice(v)]));
}
