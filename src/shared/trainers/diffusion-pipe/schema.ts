/**
 * diffusion-pipe's config as DPGui edits it: the main TOML's top-level keys, its [model], [adapter],
 * [optimizer] and [monitoring] tables, eval datasets, and the dataset TOML, with our tooltips and the
 * rules that grey fields (per model type, per adapter and optimizer) or make them required.
 * `values` mirrors the TOML layout; the model type is the config's family.
 */
import { defineField } from '../common/define-field';
import { dpChoiceLabels } from './choice-labels';
import type { FieldMeta, FieldSchema, ObjectSchema, PathSpec, Rule, SectionDef } from '../common/types';
import {
  diffusionModelDtypeModels,
  familiesReading,
  fluxShiftModels,
  modelPathKeys,
  shiftModels,
  textEncoderListModels,
  timestepModels,
  transformerDtypeModels,
} from './families';

export const sections: SectionDef[] = [
  { id: 'model', label: 'Model', description: 'The base model diffusion-pipe trains on, by its model type.' },
  {
    id: 'dataset',
    label: 'Dataset',
    description: 'Written as the dataset TOML: folders, resolutions and buckets.',
  },
  { id: 'training', label: 'Training' },
  { id: 'adapter', label: 'Adapter (LoRA / LoKr)' },
  { id: 'optimizer', label: 'Optimizer' },
  { id: 'saving', label: 'Output and saving' },
  { id: 'eval', label: 'Evaluation' },
  { id: 'memory', label: 'Memory and speed' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'advanced', label: 'Advanced', advanced: true },
];

/** diffusion-pipe's dtype names (utils/common.py DTYPE_MAP). */
export const dtypes = ['bfloat16', 'float16', 'float32', 'float8', 'float8_e4m3fn', 'float8_e5m2'];
const baseDtypes = ['bfloat16', 'float16', 'float32'];

/** Optimizer types diffusion-pipe knows by name (train.py get_optimizer); others come from pytorch_optimizer. */
export const builtInOptimizers = [
  'adamw',
  'adamw8bit',
  'adamw_optimi',
  'stableadamw',
  'sgd',
  'adamw8bitkahan',
  'offload',
  'automagic',
  'genericoptim',
];

/**
 * Keyword arguments each built-in optimizer's constructor accepts: every [optimizer] key but `type`
 * and `gradient_release` is passed to it (`beta2_half_life` is taken out first), so any other key
 * stops the run with a TypeError.
 */
const adamwArgs = [
  'lr',
  'betas',
  'eps',
  'weight_decay',
  'amsgrad',
  'maximize',
  'foreach',
  'capturable',
  'differentiable',
  'fused',
];
const bnbArgs = [
  'lr',
  'betas',
  'eps',
  'weight_decay',
  'amsgrad',
  'optim_bits',
  'args',
  'min_8bit_size',
  'percentile_clipping',
  'block_wise',
  'is_paged',
];
const optimiArgs = [
  'lr',
  'betas',
  'weight_decay',
  'eps',
  'decouple_lr',
  'max_lr',
  'kahan_sum',
  'foreach',
  'gradient_release',
];
export const optimizerArgs: Record<string, string[]> = {
  adamw: adamwArgs,
  adamw8bit: bnbArgs,
  adamw_optimi: optimiArgs,
  stableadamw: optimiArgs,
  sgd: [
    'lr',
    'momentum',
    'dampening',
    'weight_decay',
    'nesterov',
    'maximize',
    'foreach',
    'differentiable',
    'fused',
  ],
  adamw8bitkahan: [...bnbArgs, 'stabilize'],
  offload: [...adamwArgs, 'offload_gradients'],
  automagic: [
    'lr',
    'min_lr',
    'max_lr',
    'lr_bump',
    'eps',
    'clip_threshold',
    'beta2',
    'weight_decay',
    'do_paramiter_swapping',
    'paramiter_swapping_factor',
  ],
  genericoptim: [
    'lr',
    'betas',
    'eps',
    'weight_decay',
    'correct_bias',
    'momentum_type',
    'second_moment_type',
    'correct_dim',
    'cpu_offload',
    'kahan_buffer_offload',
    'muon',
    'adamuon',
    'normuon',
    'polar_express',
    'compile',
    'automagic',
    'min_lr',
    'max_lr',
    'lr_bump',
    'lr_decrease_factor',
    'skip_invalid_grads',
    'mpu',
  ],
};

const families = (ids: readonly string[]): string[] => [...ids];

type Extra = Omit<FieldSchema, 'x-dpgui' | 'type'>;
type MetaBits = Omit<FieldMeta, 'section' | 'label'>;

const str = (section: string, label: string, meta: MetaBits = {}, extra: Extra = {}): FieldSchema =>
  defineField({ type: 'string', ...extra }, { section, label, ...meta });
const int = (section: string, label: string, meta: MetaBits = {}, extra: Extra = {}): FieldSchema =>
  defineField({ type: 'integer', ...extra }, { section, label, ...meta });
const num = (section: string, label: string, meta: MetaBits = {}, extra: Extra = {}): FieldSchema =>
  defineField({ type: 'number', ...extra }, { section, label, ...meta });
const bool = (section: string, label: string, meta: MetaBits = {}, extra: Extra = {}): FieldSchema =>
  defineField({ type: 'boolean', ...extra }, { section, label, ...meta });
const choice = (
  section: string,
  label: string,
  values: string[],
  meta: MetaBits = {},
  extra: Extra = {},
): FieldSchema =>
  defineField(
    { type: 'string', enum: values, ...extra },
    { section, label, choiceLabels: dpChoiceLabels(values), ...meta },
  );
const list = (
  section: string,
  label: string,
  items: FieldSchema,
  meta: MetaBits = {},
  extra: Extra = {},
): FieldSchema =>
  defineField({ type: 'array', items, ...extra }, { section, label, widget: 'list', ...meta });
const object = (
  section: string,
  label: string,
  properties: Record<string, FieldSchema>,
  meta: MetaBits = {},
): FieldSchema =>
  defineField({ type: 'object', properties, additionalProperties: false }, { section, label, ...meta });

/** A table's schema with the tooltip of the table itself. */
const described = (table: FieldSchema, tooltip: string): FieldSchema => ({
  ...table,
  'x-dpgui': { ...(table['x-dpgui'] as FieldMeta), tooltip },
});

const plainNumber: FieldSchema = { type: 'number' };
const plainString: FieldSchema = { type: 'string' };

const noEval: Rule = { field: 'eval_datasets', falsy: true };
const adapterOff: Rule = { field: 'adapter.type', equals: 'none' };
const wandbOff: Rule = { field: 'monitoring.enable_wandb', falsy: true };
const arOff: Rule = { field: 'dataset.enable_ar_bucket', falsy: true };

const modelFilePath: PathSpec = {
  kind: 'file',
  extensions: ['.safetensors', '.ckpt', '.pt', '.pth', '.bin', '.sft', '.gguf'],
  repoId: 'error',
};

/** Tooltip, kind and requiredness of each model path key (what it must be differs a little per model type). */
const pathTooltips: Record<string, string> = {
  checkpoint_path:
    'The SDXL checkpoint as one local file (.safetensors or .ckpt). A Hugging Face repo id or a folder does not work here.',
  diffusers_path:
    'A local folder in diffusers layout (it holds model_index.json and sub-folders such as transformer/ and vae/).',
  transformer_path:
    'The diffusion transformer as a local file (ComfyUI or original weights). For FLUX and Qwen-Image it replaces the one in the diffusers folder; for Wan it may also be a folder holding config.json and the shards.',
  single_file_path:
    'One LTX-Video checkpoint file to take the transformer and VAE from instead of the diffusers folder.',
  ckpt_path:
    'The official checkpoint folder. Wan needs it even with ComfyUI files (it holds config.json and the VAE); for Wan 2.2 A14B point at the whole folder.',
  vae_path: 'The VAE weights as a local file.',
  llm_path: 'The language-model text encoder (a file; for HunyuanVideo the text-encoder folder).',
  clip_path: 'The CLIP text-encoder folder (HunyuanVideo).',
  text_encoder_path: 'The text encoder weights as a local file.',
  t5_path: 'The T5 text encoder weights (Cosmos-Predict2).',
  llama3_path: 'The Llama 3.1 8B Instruct folder in Hugging Face layout (HiDream).',
  byt5_path: 'The ByT5 glyph encoder weights (HunyuanImage).',
  diffusion_model: 'The diffusion model as one ComfyUI-compatible file.',
  vae: 'The VAE as one ComfyUI-compatible file.',
  audio_vae: 'The audio VAE file (MiniMax H3).',
  text_encoder: 'The text encoder as one file (LTX 2.3).',
};

const pathLabels: Record<string, string> = {
  checkpoint_path: 'Checkpoint file',
  diffusers_path: 'Diffusers folder',
  transformer_path: 'Transformer',
  single_file_path: 'Single checkpoint file',
  ckpt_path: 'Checkpoint folder',
  vae_path: 'VAE',
  llm_path: 'LLM text encoder',
  clip_path: 'CLIP folder',
  text_encoder_path: 'Text encoder',
  t5_path: 'T5 text encoder',
  llama3_path: 'Llama 3 folder',
  byt5_path: 'ByT5 encoder',
  diffusion_model: 'Diffusion model file',
  vae: 'VAE file',
  audio_vae: 'Audio VAE file',
  text_encoder: 'Text encoder file',
};

/** The rule under which a path key is required: its model types, minus those where another key replaces it. */
function requiredRule(key: string): Rule | undefined {
  const always: string[] = [];
  const conditional: Rule[] = [];
  for (const [family, keys] of Object.entries(modelPathKeys)) {
    const spec = keys.find((k) => k.key === key);
    if (!spec || spec.required === false) continue;
    if (spec.required === true) always.push(family);
    else
      conditional.push({
        all: [{ family: [family] }, { field: `model.${spec.required.unless}`, falsy: true }],
      });
  }
  const rules: Rule[] = [...(always.length > 0 ? [{ family: always }] : []), ...conditional];
  if (rules.length === 0) return undefined;
  return rules.length === 1 ? rules[0] : { any: rules };
}

function modelPathField(key: string): FieldSchema {
  const readers = familiesReading(key);
  const kinds = new Set(
    readers.flatMap((f) => (modelPathKeys[f] ?? []).filter((k) => k.key === key).map((k) => k.kind)),
  );
  // A key that is a file for one model type and a folder for another gets a picker for both.
  const path: PathSpec = !kinds.has('folder')
    ? modelFilePath
    : kinds.has('file') || kinds.has('file-or-folder')
      ? { ...modelFilePath, kind: 'model', diffusersFolder: true }
      : { kind: 'folder', repoId: 'error' };
  const required = requiredRule(key);
  return str('model', pathLabels[key] ?? key, {
    tooltip: pathTooltips[key],
    families: readers,
    path,
    ...(required ? { requiredWhen: required } : {}),
  });
}

const pathKeys = [...new Set(Object.values(modelPathKeys).flatMap((keys) => keys.map((k) => k.key)))];

const modelSchema = object(
  'model',
  'Model',
  {
    ...Object.fromEntries(pathKeys.map((key) => [key, modelPathField(key)])),
    text_encoders: list(
      'model',
      'Text encoders',
      defineField(
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            // models/base.py:577-583: each entry needs `path` or `paths`, and its `type`.
            path: str('model', 'File', {
              tooltip: 'One text-encoder file.',
              path: modelFilePath,
              requiredWhen: { field: '.paths', falsy: true },
            }),
            paths: list('model', 'Files', plainString, {
              tooltip:
                'Several files that together form this text encoder (HunyuanVideo 1.5); leave empty when one file is given.',
            }),
            type: str('model', 'Loader type', {
              requiredWhen: { family: families(textEncoderListModels) },
              tooltip:
                "ComfyUI's text-encoder type for this model (e.g. lumina2 for Z-Image, flux2 for FLUX.2 and ERNIE-Image). A wrong type caches fine and then fails with shape errors.",
            }),
          },
        },
        { section: 'model', label: 'Text encoder' },
      ),
      {
        tooltip: 'The text encoders to load, each with its file and ComfyUI loader type.',
        families: families(textEncoderListModels),
        requiredWhen: { family: families(textEncoderListModels) },
      },
    ),
    merge_adapters: list('model', 'Merge adapters first', plainString, {
      tooltip:
        'LoRA files merged into the base model before training (e.g. the Z-Image-Turbo training adapter).',
      families: families(diffusionModelDtypeModels),
      advanced: true,
    }),
    dtype: choice(
      'model',
      'Base dtype',
      baseDtypes,
      { tooltip: 'The precision every part of the model is loaded in.' },
      { default: 'bfloat16' },
    ),
    transformer_dtype: choice('model', 'Transformer dtype', dtypes, {
      tooltip: 'Load the transformer in another precision, e.g. float8 to save memory when training a LoRA.',
      families: families(transformerDtypeModels),
    }),
    diffusion_model_dtype: choice('model', 'Diffusion model dtype', dtypes, {
      tooltip:
        'Load the diffusion model in another precision, e.g. float8 to save memory (small quality loss).',
      families: families(diffusionModelDtypeModels),
    }),
    timestep_sample_method: choice('model', 'Timestep sampling', ['logit_normal', 'uniform'], {
      tooltip: 'How training timesteps are drawn: logit-normal favours the middle of the noise range.',
      families: timestepModels,
    }),
    sigmoid_scale: num('model', 'Sigmoid scale', {
      tooltip: 'Widens (above 1) or narrows the logit-normal timestep distribution.',
      families: timestepModels,
      advanced: true,
      greyedWhen: [
        {
          when: { field: 'model.timestep_sample_method', equals: 'uniform' },
          reason: 'Only used with logit-normal sampling.',
        },
      ],
    }),
    shift: num('model', 'Timestep shift', {
      tooltip: 'A fixed shift of timesteps towards more noise (1 = none).',
      families: shiftModels,
    }),
    flux_shift: bool('model', 'Resolution-dependent shift', {
      tooltip: 'Shift timesteps towards more noise the larger the image, as FLUX does.',
      families: fluxShiftModels,
    }),
    lumina_shift: bool('model', 'Lumina shift', {
      tooltip: 'Lumina 2’s resolution-dependent timestep shift.',
      families: ['lumina_2'],
    }),
    image_shift: num('model', 'Image timestep shift', {
      tooltip: 'The shift used for still images (MiniMax H3).',
      families: ['minimax_h3'],
      advanced: true,
    }),
    min_t: num(
      'model',
      'Minimum timestep',
      {
        tooltip:
          'Train only on timesteps from this value (0–1); Wan 2.2 trains its two experts on split ranges.',
        families: ['wan'],
      },
      { minimum: 0, maximum: 1 },
    ),
    max_t: num(
      'model',
      'Maximum timestep',
      { tooltip: 'Train only on timesteps up to this value (0–1).', families: ['wan'] },
      { minimum: 0, maximum: 1 },
    ),
    guidance: num('model', 'Guidance', {
      tooltip: 'The guidance value fed to guidance-distilled models during training.',
      families: ['flux', 'hunyuan-video'],
      advanced: true,
    }),
    cache_text_embeddings: bool('model', 'Cache text embeddings', {
      tooltip:
        'Encode captions once before training; turn off to re-encode every step (needed for caption shuffling to vary).',
      families: ['wan', 'cosmos_predict2', 'anima'],
      advanced: true,
    }),
    v_pred: bool('model', 'V-prediction', {
      tooltip: 'The checkpoint is a v-prediction model (e.g. NoobAI v-pred).',
      families: ['sdxl'],
    }),
    min_snr_gamma: num(
      'model',
      'Min-SNR gamma',
      {
        tooltip: 'Weights the loss by signal-to-noise ratio, capped at this value (5 is common).',
        families: ['sdxl'],
      },
      { exclusiveMinimum: 0 },
    ),
    debiased_estimation_loss: bool('model', 'Debiased estimation loss', {
      tooltip: 'Re-weights the loss to reduce bias towards high-noise steps.',
      families: ['sdxl'],
    }),
    unet_lr: num(
      'model',
      'UNet learning rate',
      { tooltip: "The UNet's own learning rate; the optimizer's when empty.", families: ['sdxl'] },
      { minimum: 0 },
    ),
    text_encoder_1_lr: num(
      'model',
      'Text encoder 1 learning rate',
      { tooltip: 'CLIP-L’s learning rate; the optimizer’s when empty.', families: ['sdxl'] },
      { minimum: 0 },
    ),
    text_encoder_2_lr: num(
      'model',
      'Text encoder 2 learning rate',
      { tooltip: 'CLIP-G’s learning rate; the optimizer’s when empty.', families: ['sdxl'] },
      { minimum: 0 },
    ),
    bypass_guidance_embedding: bool('model', 'Bypass guidance embedding', {
      tooltip: 'Recommended for Flex.1-alpha: train without its guidance embedding.',
      families: ['flux'],
    }),
    first_frame_conditioning_p: num(
      'model',
      'First-frame conditioning',
      {
        tooltip: 'How often the first frame is given as conditioning (image-to-video training), 0–1.',
        families: ['ltx-video'],
      },
      { minimum: 0, maximum: 1 },
    ),
    llama3_4bit: bool('model', 'Llama 3 in 4 bit', {
      tooltip: 'Load the Llama text encoder quantized to 4 bit to save memory.',
      families: ['hidream'],
    }),
    max_llama3_sequence_length: int(
      'model',
      'Llama 3 max tokens',
      {
        tooltip: 'Longest caption, in tokens, the Llama encoder sees.',
        families: ['hidream'],
        advanced: true,
      },
      { minimum: 1 },
    ),
    max_sequence_length: int(
      'model',
      'Max caption tokens',
      {
        tooltip: 'Longest caption in tokens: 768 for Pony V7, 256 for base AuraFlow.',
        families: ['auraflow'],
      },
      { minimum: 1 },
    ),
    llm_adapter_lr: num(
      'model',
      'LLM adapter learning rate',
      {
        tooltip:
          'Learning rate of the adapter between the text encoder and the model; 0 leaves it untrained.',
        families: ['anima'],
      },
      { minimum: 0 },
    ),
    cfg: num(
      'model',
      'Training CFG',
      {
        tooltip:
          'CFG-augmented training that keeps the distillation (MiniMax H3); above 1 needs one pipeline stage.',
        families: ['minimax_h3'],
      },
      { minimum: 0 },
    ),
  },
  { tooltip: "The [model] table; its type is the config's model type." },
);

const adapterSchema = object('adapter', 'Adapter', {
  type: choice(
    'adapter',
    'Adapter type',
    ['lora', 'lokr', 'none'],
    {
      tooltip: 'LoRA or LoKr; "none" trains the full model (only where diffusion-pipe supports it).',
    },
    { default: 'lora' },
  ),
  rank: int(
    'adapter',
    'Rank',
    {
      tooltip:
        'Size of the adapter. diffusion-pipe always sets alpha equal to the rank. For LoKr a very large rank (1000000) means full-matrix LoKr.',
      greyedWhen: [{ when: adapterOff, reason: 'Full fine-tune: no adapter.' }],
      requiredWhen: { not: adapterOff },
    },
    { minimum: 1, default: 32 },
  ),
  dtype: choice('adapter', 'Adapter dtype', baseDtypes, {
    tooltip: "The precision the adapter's weights are trained in; the model's base dtype when empty.",
    greyedWhen: [{ when: adapterOff, reason: 'Full fine-tune: no adapter.' }],
  }),
  dropout: num(
    'adapter',
    'Dropout',
    {
      tooltip: 'Share of LoRA activations dropped during training (0 = none).',
      greyedWhen: [
        { when: adapterOff, reason: 'Full fine-tune: no adapter.' },
        { when: { field: 'adapter.type', notEquals: 'lora' }, reason: 'Only LoRA has dropout.' },
      ],
    },
    { minimum: 0, maximum: 1 },
  ),
  decompose_factor: int('adapter', 'Decompose factor', {
    tooltip: 'How LoKr splits each weight into two factors (-1 = as square as possible).',
    greyedWhen: [{ when: { field: 'adapter.type', notEquals: 'lokr' }, reason: 'Only used by LoKr.' }],
  }),
  rank_dropout: num(
    'adapter',
    'Rank dropout',
    {
      tooltip: 'Share of LoKr ranks dropped during training.',
      greyedWhen: [{ when: { field: 'adapter.type', notEquals: 'lokr' }, reason: 'Only used by LoKr.' }],
    },
    { minimum: 0, maximum: 1 },
  ),
  init_from_existing: str('adapter', 'Start from adapter', {
    tooltip:
      'A folder holding exactly one .safetensors adapter (e.g. a previous run’s epochN folder) to start training from.',
    path: { kind: 'folder' },
    greyedWhen: [{ when: adapterOff, reason: 'Full fine-tune: no adapter.' }],
  }),
  fuse_adapters: list(
    'adapter',
    'Fuse LoRAs into the base',
    defineField(
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          path: str('adapter', 'LoRA file', {
            tooltip: 'A LoRA file merged into the base weights before training.',
            path: modelFilePath,
          }),
          weight: num(
            'adapter',
            'Weight',
            { tooltip: 'How strongly that LoRA is merged (1.0 = fully).' },
            { default: 1.0 },
          ),
        },
      },
      {
        section: 'adapter',
        label: 'LoRA to fuse',
        tooltip: 'One LoRA merged into the base weights, with its weight.',
      },
    ),
    {
      tooltip: 'LoRAs merged into the base weights before training (experimental).',
      families: ['flux', 'chroma'],
      advanced: true,
      greyedWhen: [{ when: adapterOff, reason: 'Full fine-tune: no adapter.' }],
    },
  ),
  exclude_modules: list('adapter', 'Exclude modules', plainString, {
    tooltip: 'Module names (or patterns) the adapter leaves alone.',
    advanced: true,
    greyedWhen: [{ when: adapterOff, reason: 'Full fine-tune: no adapter.' }],
  }),
});

const optimizerIs = (types: string[]): Rule => ({ field: 'optimizer.type', in: types });
const optimizerSchema = object('optimizer', 'Optimizer', {
  type: str(
    'optimizer',
    'Optimizer',
    {
      tooltip: `One of diffusion-pipe's own (${builtInOptimizers.join(', ')}; any case) or a class name from the pytorch_optimizer library, written exactly (e.g. Prodigy).`,
    },
    { minLength: 1, default: 'adamw_optimi' },
  ),
  lr: num(
    'optimizer',
    'Learning rate',
    { tooltip: 'The step size of training.' },
    { exclusiveMinimum: 0, default: 2e-5 },
  ),
  betas: list(
    'optimizer',
    'Betas',
    plainNumber,
    {
      tooltip: 'The two moving-average factors of Adam-style optimizers.',
      greyedWhen: [
        {
          when: optimizerIs(['sgd', 'SGD', 'automagic', 'Automagic']),
          reason: 'This optimizer takes no betas.',
        },
      ],
    },
    { minItems: 2, maxItems: 2, default: [0.9, 0.99] },
  ),
  weight_decay: num(
    'optimizer',
    'Weight decay',
    { tooltip: 'Pulls weights towards zero each step.' },
    { minimum: 0, default: 0.01 },
  ),
  eps: num(
    'optimizer',
    'Epsilon',
    {
      tooltip: 'A tiny number that keeps the update stable.',
      greyedWhen: [
        {
          when: optimizerIs(['sgd', 'SGD', 'automagic', 'Automagic']),
          reason: 'This optimizer takes no single epsilon.',
        },
      ],
    },
    { exclusiveMinimum: 0, default: 1e-8 },
  ),
  momentum: num(
    'optimizer',
    'Momentum',
    {
      tooltip: 'How much of the last update SGD carries into the next one.',
      greyedWhen: [{ when: { not: optimizerIs(['sgd', 'SGD']) }, reason: 'Only SGD takes momentum.' }],
    },
    { minimum: 0 },
  ),
  stabilize: bool('optimizer', 'Stabilize', {
    tooltip: 'AdamW8bitKahan: apply the StableAdamW update clipping.',
    greyedWhen: [
      {
        when: { not: optimizerIs(['adamw8bitkahan', 'AdamW8bitKahan']) },
        reason: 'Only AdamW8bitKahan has it.',
      },
    ],
  }),
  gradient_release: bool('optimizer', 'Gradient release', {
    tooltip:
      'Step each parameter as soon as its gradient is ready, to save memory. Turns off gradient clipping; needs one data-parallel group (pipeline stages = GPUs).',
    advanced: true,
  }),
  beta2_half_life: num(
    'optimizer',
    'Beta2 half-life',
    {
      tooltip: 'Sets the second beta from a half-life in examples and the global batch size.',
      advanced: true,
    },
    { exclusiveMinimum: 0 },
  ),
});

const monitoringSchema = object('monitoring', 'Monitoring', {
  enable_wandb: bool(
    'monitoring',
    'Log to Weights & Biases',
    {
      tooltip: 'Send losses to W&B as well as TensorBoard.',
      enables: ['monitoring.wandb_api_key', 'monitoring.wandb_tracker_name', 'monitoring.wandb_run_name'],
    },
    { default: false },
  ),
  wandb_api_key: str('monitoring', 'W&B API key', {
    tooltip: 'Your Weights & Biases key; diffusion-pipe logs in with it. It is saved in the job’s config.',
    widget: 'password',
    greyedWhen: [{ when: wandbOff, reason: 'W&B logging is off.' }],
  }),
  wandb_tracker_name: str('monitoring', 'W&B project', {
    tooltip: 'The W&B project the run is logged to.',
    greyedWhen: [{ when: wandbOff, reason: 'W&B logging is off.' }],
  }),
  wandb_run_name: str('monitoring', 'W&B run name', {
    tooltip: 'The name of this run in W&B.',
    greyedWhen: [{ when: wandbOff, reason: 'W&B logging is off.' }],
  }),
});

const resolutionList = (label: string, meta: MetaBits): FieldSchema =>
  list('dataset', label, { type: 'integer', minimum: 64 }, meta);

const directorySchema = defineField(
  {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: str(
        'dataset',
        'Folder',
        {
          tooltip:
            'A folder of images or videos; each caption is a .txt file of the same name beside its image.',
          path: { kind: 'folder', holdsImages: true },
        },
        { minLength: 1 },
      ),
      num_repeats: int(
        'dataset',
        'Repeats',
        { tooltip: 'How many times this folder counts per epoch.' },
        { minimum: 1, default: 1 },
      ),
      resolutions: resolutionList('Resolutions for this folder', {
        tooltip: 'Overrides the dataset’s resolutions for this folder; empty = the dataset’s.',
      }),
      mask_path: str('dataset', 'Mask folder', {
        tooltip:
          'Masks named like the images: white is trained, black ignored (only the red channel counts).',
        path: { kind: 'folder' },
      }),
      control_path: str('dataset', 'Control folder', {
        tooltip:
          'Edit training (FLUX Kontext, Qwen-Image-Edit, FLUX.2): one control image per target image, same names.',
        path: { kind: 'folder' },
      }),
    },
  },
  { section: 'dataset', label: 'Folder' },
);

const datasetSchema = object('dataset', 'Dataset', {
  directories: list(
    'dataset',
    'Folders',
    directorySchema,
    { tooltip: 'The folders to train on.' },
    { minItems: 1 },
  ),
  resolutions: resolutionList('Resolutions', {
    tooltip:
      'Square side lengths of the training areas. Every image is trained at each of them, so each entry multiplies the dataset. diffusion-pipe quits without training on more than three.',
    requiredWhen: { field: 'dataset.size_buckets', falsy: true },
  }),
  enable_ar_bucket: bool(
    'dataset',
    'Aspect-ratio buckets',
    {
      tooltip: 'Group images by aspect ratio instead of cropping them square.',
      enables: ['dataset.min_ar', 'dataset.max_ar', 'dataset.num_ar_buckets', 'dataset.ar_buckets'],
    },
    { default: true },
  ),
  min_ar: num(
    'dataset',
    'Smallest aspect ratio',
    {
      tooltip: 'Width / height of the narrowest bucket.',
      greyedWhen: [
        { when: arOff, reason: 'Aspect-ratio buckets are off.' },
        { when: { field: 'dataset.ar_buckets', truthy: true }, reason: 'Explicit buckets are given.' },
      ],
    },
    { exclusiveMinimum: 0, default: 0.5 },
  ),
  max_ar: num(
    'dataset',
    'Largest aspect ratio',
    {
      tooltip: 'Width / height of the widest bucket.',
      greyedWhen: [
        { when: arOff, reason: 'Aspect-ratio buckets are off.' },
        { when: { field: 'dataset.ar_buckets', truthy: true }, reason: 'Explicit buckets are given.' },
      ],
    },
    { exclusiveMinimum: 0, default: 2.0 },
  ),
  num_ar_buckets: int(
    'dataset',
    'Number of buckets',
    {
      tooltip: 'How many aspect-ratio buckets lie between the smallest and the largest.',
      greyedWhen: [
        { when: arOff, reason: 'Aspect-ratio buckets are off.' },
        { when: { field: 'dataset.ar_buckets', truthy: true }, reason: 'Explicit buckets are given.' },
      ],
    },
    { minimum: 1, default: 7 },
  ),
  ar_buckets: list(
    'dataset',
    'Explicit aspect ratios',
    { type: 'number', exclusiveMinimum: 0 },
    {
      tooltip: 'Exact width / height ratios to bucket into, instead of the range above.',
      advanced: true,
      greyedWhen: [{ when: arOff, reason: 'Aspect-ratio buckets are off.' }],
    },
  ),
  frame_buckets: list(
    'dataset',
    'Frame buckets',
    { type: 'integer', minimum: 1 },
    {
      tooltip:
        'Video clip lengths in frames; 1 (images) is always added. A video shorter than every bucket but 1 is dropped.',
    },
  ),
  size_buckets: list(
    'dataset',
    'Size buckets',
    { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 3, maxItems: 3 },
    {
      tooltip: 'Exact [width, height, frames] buckets instead of resolutions (needed for Cosmos).',
      advanced: true,
    },
  ),
  caption_prefix: str('dataset', 'Caption prefix', {
    tooltip: 'Text put in front of every caption (e.g. a system prompt for Lumina).',
  }),
  skip_empty_caption: bool(
    'dataset',
    'Skip uncaptioned images',
    {
      tooltip:
        'On (diffusion-pipe’s default): an image without a caption file is left out. Off: it is trained with an empty caption.',
    },
    { default: true },
  ),
  shuffle_tags: bool('dataset', 'Shuffle tags', { tooltip: 'Shuffle comma-separated tags in captions.' }),
  cache_shuffle_num: int(
    'dataset',
    'Shuffled caption copies',
    { tooltip: 'Cache this many shuffled versions of each caption (0 = none).' },
    { minimum: 0 },
  ),
  cache_shuffle_delimiter: str('dataset', 'Tag delimiter', {
    tooltip: 'What separates tags when shuffling.',
    greyedWhen: [
      { when: { field: 'dataset.cache_shuffle_num', falsy: true }, reason: 'No shuffled copies are cached.' },
    ],
  }),
  shuffle_metadata: bool('dataset', 'Shuffle order', {
    tooltip: 'Shuffle the order of examples.',
    advanced: true,
  }),
  subsample_ratio: num(
    'dataset',
    'Subsample ratio',
    { tooltip: 'Train on only this share of the dataset each epoch.', advanced: true },
    { exclusiveMinimum: 0, maximum: 1 },
  ),
});

const evalDatasetSchema = defineField(
  {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'path'],
    properties: {
      name: str(
        'eval',
        'Name',
        { tooltip: 'Shown as the loss curve’s name in TensorBoard.' },
        { minLength: 1 },
      ),
      path: str(
        'eval',
        'Folder',
        {
          tooltip: 'A folder of held-out images with captions.',
          path: { kind: 'folder', holdsImages: true },
        },
        { minLength: 1 },
      ),
      num_repeats: int(
        'eval',
        'Repeats',
        { tooltip: 'How many times each held-out image counts in one evaluation.' },
        { minimum: 1, default: 1 },
      ),
    },
  },
  { section: 'eval', label: 'Eval dataset' },
);

const evalOnly = (meta: MetaBits): MetaBits => ({
  ...meta,
  greyedWhen: [{ when: noEval, reason: 'No eval datasets.' }],
});

export const schema: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['model', 'adapter', 'optimizer', 'dataset'],
  properties: {
    model: modelSchema,
    dataset: described(
      datasetSchema,
      'Written as the dataset TOML: the image and video folders, resolutions and aspect-ratio buckets.',
    ),
    output_dir: str('saving', 'Output folder', {
      tooltip:
        'Each run makes a new dated folder in here, with epochN/ adapters and global_stepN/ training states.',
      path: { kind: 'folder', output: true },
      requiredWhen: { all: [] },
    }),
    epochs: int(
      'training',
      'Epochs',
      { tooltip: 'Passes over the dataset.', requiredWhen: { all: [] } },
      { minimum: 1, default: 100 },
    ),
    max_steps: int(
      'training',
      'Max steps',
      { tooltip: 'Stop after this many steps even if epochs remain.' },
      { minimum: 1 },
    ),
    micro_batch_size_per_gpu: int(
      'training',
      'Batch size per GPU',
      { tooltip: 'Examples per forward pass on each GPU.' },
      { minimum: 1, default: 1 },
    ),
    image_micro_batch_size_per_gpu: int(
      'training',
      'Image batch size per GPU',
      { tooltip: 'For mixed image and video training: the batch size for images.', advanced: true },
      { minimum: 1 },
    ),
    gradient_accumulation_steps: int(
      'training',
      'Gradient accumulation',
      { tooltip: 'Micro-batches per optimizer step.' },
      { minimum: 1, default: 1 },
    ),
    gradient_clipping: num(
      'training',
      'Gradient clipping',
      {
        tooltip: 'Largest gradient norm allowed.',
        greyedWhen: [
          {
            when: { field: 'optimizer.gradient_release', truthy: true },
            reason: 'Gradient release turns clipping off.',
          },
        ],
      },
      { minimum: 0, default: 1.0 },
    ),
    warmup_steps: int(
      'training',
      'Warm-up steps',
      { tooltip: 'Steps over which the learning rate rises linearly to its value.' },
      { minimum: 0, default: 0 },
    ),
    lr_scheduler: choice(
      'training',
      'LR schedule',
      ['constant', 'linear', 'cosine'],
      { tooltip: 'How the learning rate changes over the epochs.' },
      { default: 'constant' },
    ),
    force_constant_lr: num(
      'training',
      'Force learning rate',
      { tooltip: 'Use exactly this learning rate, also when resuming.', advanced: true },
      { exclusiveMinimum: 0 },
    ),
    uncond_fraction: num(
      'training',
      'Caption dropout',
      { tooltip: 'Share of examples trained with an empty caption.' },
      { minimum: 0, maximum: 1 },
    ),
    huber_delta: num(
      'training',
      'Huber loss delta',
      { tooltip: 'Use the Huber loss with this delta instead of squared error.', advanced: true },
      { exclusiveMinimum: 0 },
    ),
    smooth_l1_beta: num(
      'training',
      'Smooth L1 beta',
      { tooltip: 'Use the smooth L1 loss with this beta instead of squared error.', advanced: true },
      { exclusiveMinimum: 0 },
    ),
    video_clip_mode: choice('training', 'Video clip', ['single_beginning', 'single_middle'], {
      tooltip: 'Which clip of each video is trained: from its start or its middle.',
    }),
    save_every_n_epochs: int(
      'saving',
      'Save every N epochs',
      { tooltip: 'Write the adapter (or model) every N epochs.' },
      { minimum: 1, default: 2 },
    ),
    save_every_n_steps: int(
      'saving',
      'Save every N steps',
      { tooltip: 'Write the adapter (or model) every N steps.' },
      { minimum: 1 },
    ),
    save_every_n_examples: int(
      'saving',
      'Save every N examples',
      { tooltip: 'Write the adapter (or model) each time N more examples are trained.', advanced: true },
      { minimum: 1 },
    ),
    checkpoint_every_n_epochs: int(
      'saving',
      'Training state every N epochs',
      { tooltip: 'Write a resumable training state every N epochs.' },
      { minimum: 1 },
    ),
    checkpoint_every_n_minutes: num(
      'saving',
      'Training state every N minutes',
      { tooltip: 'Write a resumable training state every N minutes.', unit: 'min' },
      { exclusiveMinimum: 0 },
    ),
    save_dtype: choice('saving', 'Save dtype', dtypes, {
      tooltip: 'Precision of the saved files; the training dtype when empty.',
    }),
    eval_datasets: list('eval', 'Eval datasets', evalDatasetSchema, {
      tooltip: 'Held-out folders whose loss is measured during training.',
    }),
    eval_every_n_epochs: int(
      'eval',
      'Eval every N epochs',
      evalOnly({ tooltip: 'Measure the eval loss every N epochs.' }),
      { minimum: 1 },
    ),
    eval_every_n_steps: int(
      'eval',
      'Eval every N steps',
      evalOnly({ tooltip: 'Measure the eval loss every N steps.' }),
      { minimum: 1 },
    ),
    eval_every_n_examples: int(
      'eval',
      'Eval every N examples',
      evalOnly({ tooltip: 'Measure the eval loss each time N more examples are trained.', advanced: true }),
      { minimum: 1 },
    ),
    eval_before_first_step: bool(
      'eval',
      'Eval before training',
      evalOnly({ tooltip: 'Measure the eval loss once before training, as a starting point.' }),
      { default: true },
    ),
    eval_micro_batch_size_per_gpu: int(
      'eval',
      'Eval batch size per GPU',
      evalOnly({
        tooltip:
          'Eval examples per forward pass on each GPU; smaller drops fewer eval images. The training batch size when empty.',
      }),
      { minimum: 1 },
    ),
    eval_image_micro_batch_size_per_gpu: int(
      'eval',
      'Eval image batch size',
      evalOnly({
        tooltip:
          'For mixed image and video evaluation: the batch size for images; the eval batch size when empty.',
        advanced: true,
      }),
      {
        minimum: 1,
      },
    ),
    eval_gradient_accumulation_steps: int(
      'eval',
      'Eval accumulation',
      evalOnly({
        tooltip:
          'Micro-batches per eval step; fewer drop fewer eval images, as each bucket is cut to whole batches.',
        advanced: true,
      }),
      {
        minimum: 1,
      },
    ),
    disable_block_swap_for_eval: bool(
      'eval',
      'No block swap for eval',
      evalOnly({
        tooltip: 'Keep every block on the GPU while evaluating: faster evals, if the memory allows.',
        advanced: true,
      }),
    ),
    activation_checkpointing: choice(
      'memory',
      'Activation checkpointing',
      ['off', 'on', 'unsloth'],
      {
        tooltip:
          'Recompute activations instead of keeping them: far less memory, a little slower. "unsloth" saves even more.',
      },
      { default: 'on' },
    ),
    reentrant_activation_checkpointing: bool('memory', 'Reentrant checkpointing', {
      tooltip: 'The reentrant checkpointing method; some models need it with several pipeline stages.',
      advanced: true,
      greyedWhen: [
        {
          when: { field: 'activation_checkpointing', equals: 'off' },
          reason: 'Activation checkpointing is off.',
        },
        { when: { field: 'activation_checkpointing', equals: 'unsloth' }, reason: 'unsloth always uses it.' },
      ],
    }),
    blocks_to_swap: int(
      'memory',
      'Blocks to swap',
      {
        tooltip:
          'Transformer blocks kept in system RAM and swapped in: less VRAM, slower. LoRA only, one pipeline stage.',
      },
      { minimum: 0 },
    ),
    pipeline_stages: int(
      'memory',
      'Pipeline stages',
      { tooltip: 'GPUs one copy of the model is split across; the GPU count must divide by it.' },
      { minimum: 1, default: 1 },
    ),
    caching_batch_size: int(
      'memory',
      'Caching batch size',
      { tooltip: 'Batch size while caching latents and text embeddings.' },
      { minimum: 1, default: 1 },
    ),
    map_num_proc: int(
      'memory',
      'Caching processes',
      { tooltip: 'Processes used to cache the dataset (default: up to 8).', advanced: true },
      { minimum: 1 },
    ),
    compile: bool('memory', 'torch.compile', {
      tooltip: 'Compile the model: faster steps after a slow start; not tested on every model.',
      advanced: true,
    }),
    partition_method: str('advanced', 'Partition method', {
      tooltip: 'How DeepSpeed splits layers across pipeline stages ("parameters" or "manual").',
      advanced: true,
    }),
    partition_split: list(
      'advanced',
      'Partition split',
      { type: 'integer', minimum: 1 },
      {
        tooltip: 'Layer indexes where each pipeline stage starts (one fewer than the stages).',
        advanced: true,
        greyedWhen: [
          {
            when: { field: 'partition_method', notEquals: 'manual' },
            reason: 'Only used with the manual partition method.',
          },
        ],
      },
    ),
    steps_per_print: int(
      'advanced',
      'Print every N steps',
      { tooltip: 'How often a progress line is printed (DPGui reads these lines).', advanced: true },
      { minimum: 1 },
    ),
    logging_steps: int(
      'advanced',
      'Log every N steps',
      { tooltip: 'How often losses go to TensorBoard / W&B.', advanced: true },
      { minimum: 1 },
    ),
    x_axis_examples: bool('advanced', 'Examples on the x axis', {
      tooltip: 'Plot losses against examples seen instead of steps.',
      advanced: true,
    }),
    adapter: described(
      adapterSchema,
      'The [adapter] table: what is trained on top of the frozen model (type, rank, precision).',
    ),
    optimizer: described(
      optimizerSchema,
      'The [optimizer] table: which optimizer trains the adapter, and its settings.',
    ),
    monitoring: described(
      monitoringSchema,
      'The [monitoring] table: where losses are reported besides TensorBoard.',
    ),
  },
};

/** Keys of the dataset file's top level (the `dataset` object minus its folders). */
export const datasetKeys = Object.keys(datasetSchema.properties ?? {}).filter((key) => key !== 'directories');
