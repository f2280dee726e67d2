/**
 * Readable labels from machine names: a trainer option's key ("min_snr_gamma" → "Min SNR gamma") and
 * a choice value ("euler_a" → "Euler a"), with the acronyms and product names people know spelled as
 * they know them. For fields that have no label of our own (generated options, engine configs).
 */

/** Words spelled otherwise than lower case; the rest stay lower case (the first is capitalised). */
const spelled: Record<string, string> = {
  '8bit': '8-bit',
  '16bit': '16-bit',
  adam: 'Adam',
  adamw: 'AdamW',
  ae: 'AE',
  ai: 'AI',
  aot: 'AOT',
  api: 'API',
  attn: 'attention',
  aug: 'augmentation',
  bf16: 'BF16',
  cfg: 'CFG',
  ckpt: 'checkpoint',
  clip: 'CLIP',
  cpu: 'CPU',
  cuda: 'CUDA',
  cudagraphs: 'CUDA graphs',
  ddim: 'DDIM',
  ddp: 'DDP',
  deepspeed: 'DeepSpeed',
  dir: 'folder',
  dit: 'DiT',
  dora: 'DoRA',
  dpm: 'DPM',
  dpmsolver: 'DPM-Solver',
  'dpmsolver++': 'DPM-Solver++',
  dtype: 'dtype',
  ema: 'EMA',
  emb: 'embedding',
  eff: 'efficient',
  fp8: 'FP8',
  fp16: 'FP16',
  fp32: 'FP32',
  gpu: 'GPU',
  gpus: 'GPUs',
  highvram: 'high VRAM',
  huggingface: 'Hugging Face',
  id: 'ID',
  ip: 'IP',
  ipex: 'IPEX',
  l1: 'L1',
  l2: 'L2',
  lms: 'LMS',
  json: 'JSON',
  lg: 'L/G',
  lion: 'Lion',
  lora: 'LoRA',
  lowram: 'low RAM',
  lr: 'LR',
  mmap: 'mmap',
  multires: 'multi-res',
  n: 'N',
  nan: 'NaN',
  num: 'number of',
  nvfuser: 'nvFuser',
  nvme: 'NVMe',
  onnxrt: 'ONNX Runtime',
  pndm: 'PNDM',
  pos: 'position',
  pred: 'prediction',
  ram: 'RAM',
  reg: 'regularisation',
  reso: 'resolution',
  sd: 'SD',
  sd3: 'SD3',
  sdpa: 'SDPA',
  sdxl: 'SDXL',
  snr: 'SNR',
  t5: 'T5',
  t5xxl: 'T5-XXL',
  te: 'TE',
  tensorboard: 'TensorBoard',
  tvm: 'TVM',
  toml: 'TOML',
  ts: 'TS',
  unet: 'U-Net',
  url: 'URL',
  v2: 'v2',
  vae: 'VAE',
  vram: 'VRAM',
  wandb: 'W&B',
  xformers: 'xFormers',
  zero3: 'ZeRO-3',
};

/** Two-word names read as one ("clip_l" → "CLIP-L"). */
const pairs: [RegExp, string][] = [
  [/\bclip l\b/g, 'CLIP-L'],
  [/\bclip g\b/g, 'CLIP-G'],
  [/\bv pred\b/g, 'v-pred'],
  [/\bzero stage\b/g, 'ZeRO stage'],
];

/** The first letter upper case, unless the first word is spelled otherwise ("xFormers", "nvFuser"). */
function capitalise(text: string): string {
  return /^[a-z]+[A-Z]/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** A label for a snake_case, kebab-case or camelCase key. */
export function labelFromKey(key: string): string {
  let words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-\s.]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase())
    .join(' ');
  for (const [pair, label] of pairs) words = words.replace(pair, label);
  const out = words
    .split(' ')
    .map((word) => spelled[word] ?? word)
    .join(' ');
  return capitalise(out);
}

/** A label for one choice of an enum: numbers as they are, names read like keys. */
export function labelFromChoice(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return '(none)';
    // Already a name people read (upper case like "INFO", or mixed case like "AdamW8bit").
    if (/^[A-Z0-9_]+$/.test(value)) return capitalise(value.toLowerCase().replace(/_/g, ' '));
    if (/[A-Z]/.test(value)) return value;
    return labelFromKey(value);
  }
  return String(value);
}

/** Choice labels for every value of an enum, keyed as `FieldMeta.choiceLabels` is. */
export function choiceLabelsOf(values: readonly unknown[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [String(value), labelFromChoice(value)]));
}
