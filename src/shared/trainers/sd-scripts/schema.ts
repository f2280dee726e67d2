/**
 * The sd-scripts schema: every field of the old PySide form (field-catalogue.md A.1–A.12), in our
 * words, with its greying rules (A.15), followed by every other sd-scripts option as an advanced field
 * (generated-options.json). Keys are sd-scripts' own option names wherever one exists; the few form-only
 * keys (algorithm, train-on, toggles) are interpreted by the writer and marked `target: 'ui'`.
 */
import { defineField } from '../common/define-field';
import type { FieldMeta, FieldSchema, GreyRule, ObjectSchema, SectionDef } from '../common/types';
import { kohyaAlgos, lycorisAlgos, networkAlgos } from './families';
import { advancedFields } from './advanced-fields';
import { sdChoiceLabels } from './choice-labels';

export const sdSections: SectionDef[] = [
  { id: 'model', label: 'Model' },
  { id: 'training', label: 'Training' },
  // Noise sits beside training (the timesteps and input noise are in Training itself).
  { id: 'noise', label: 'Noise' },
  { id: 'dataset', label: 'Dataset' },
  { id: 'network', label: 'Network' },
  { id: 'block-weights', label: 'Block weights', advanced: true },
  { id: 'optimizer', label: 'Optimizer' },
  { id: 'saving', label: 'Saving' },
  { id: 'buckets', label: 'Buckets' },
  { id: 'samples', label: 'Sample images' },
  { id: 'logging', label: 'Logging' },
  { id: 'dit', label: 'FLUX.1 / SD3' },
  { id: 'advanced', label: 'Every other sd-scripts option', advanced: true },
];

const MAX = 16777215;
const modelExtensions = ['.safetensors', '.ckpt', '.pt', '.sft'];

const off = (field: string, reason: string): GreyRule => ({ when: { field, falsy: true }, reason });
const onlyAlgos = (algos: readonly string[], reason: string): GreyRule => ({
  when: { field: 'network_algo', notIn: [...algos] },
  reason,
});

type Meta = Omit<FieldMeta, 'section'>;
const bool = (section: string, meta: Meta, dflt = false): FieldSchema =>
  defineField({ type: 'boolean', default: dflt }, { section, ...meta });
const int = (section: string, meta: Meta, extra: Omit<FieldSchema, 'type' | 'x-dpgui'> = {}): FieldSchema =>
  defineField({ type: 'integer', ...extra }, { section, ...meta });
const num = (section: string, meta: Meta, extra: Omit<FieldSchema, 'type' | 'x-dpgui'> = {}): FieldSchema =>
  defineField({ type: 'number', ...extra }, { section, ...meta });
const str = (section: string, meta: Meta, extra: Omit<FieldSchema, 'type' | 'x-dpgui'> = {}): FieldSchema =>
  defineField({ type: 'string', ...extra }, { section, ...meta });
const choice = (section: string, meta: Meta, values: string[], dflt: string): FieldSchema =>
  defineField(
    { type: 'string', enum: values, default: dflt },
    { section, choiceLabels: sdChoiceLabels(values), ...meta },
  );
const keyValues = (section: string, meta: Meta): FieldSchema =>
  defineField(
    { type: 'object', additionalProperties: { type: 'string' }, default: {} },
    { section, widget: 'key-values', ...meta },
  );
const numberList = (section: string, meta: Meta, count: number, integer = false): FieldSchema =>
  defineField(
    { type: 'array', items: { type: integer ? 'integer' : 'number' }, minItems: count, maxItems: count },
    { section, widget: 'list', target: 'network_args', ...meta },
  );

const ditFamilies = ['sd3', 'flux'];
const lycorisOnly = onlyAlgos(lycorisAlgos, 'Only LyCORIS algorithms have this option.');
const blockWeightAlgos = onlyAlgos(
  ['lora', 'locon', 'dylora'],
  'Block settings apply to LoRA, LoCon and DyLoRA only.',
);
const notIa3: GreyRule = { when: { field: 'network_algo', equals: 'ia3' }, reason: 'IA3 has no dropout.' };

/** Dataset subset fields ([[datasets.subsets]]). */
const subsetProperties: Record<string, FieldSchema> = {
  name: str('dataset', { label: 'Name', tooltip: 'Only for you; not written.', target: 'ui' }),
  image_dir: str(
    'dataset',
    {
      label: 'Image folder',
      tooltip: 'The folder that holds the images (directly, not in sub-folders) and their caption files.',
      path: { kind: 'folder', holdsImages: true },
    },
    { minLength: 1 },
  ),
  conditioning_data_dir: str('dataset', {
    label: 'Mask folder',
    tooltip: 'Masks with the same file names as the images; white is trained, black ignored.',
    path: { kind: 'folder', holdsImages: true },
    greyedWhen: [off('masked_loss', 'Used only with Masked loss (Optimizer).')],
  }),
  num_repeats: int(
    'dataset',
    { label: 'Repeats', tooltip: 'How many times each image is seen per epoch.' },
    { default: 1, minimum: 1, maximum: MAX },
  ),
  keep_tokens: int(
    'dataset',
    {
      label: 'Keep tokens',
      tooltip: 'How many leading caption tokens stay in place when captions are shuffled.',
      greyedWhen: [
        {
          when: { field: 'keep_tokens_separator_enabled', truthy: true },
          reason: 'The keep-tokens separator decides what stays in place.',
        },
      ],
    },
    { default: 0, minimum: 0, maximum: 99 },
  ),
  caption_extension: str(
    'dataset',
    {
      label: 'Caption extension',
      tooltip: 'File extension of the caption files.',
      suggestions: ['.txt', '.caption'],
    },
    { default: '.txt', minLength: 1 },
  ),
  shuffle_caption: bool('dataset', {
    label: 'Shuffle captions',
    tooltip: 'Shuffle comma-separated caption tags each step.',
  }),
  flip_aug: bool('dataset', { label: 'Flip', tooltip: 'Mirror images at random.' }),
  color_aug: bool('dataset', {
    label: 'Colour augmentation',
    tooltip: 'Shift hues at random.',
    greyedWhen: [
      {
        when: { field: 'cache_latents', truthy: true },
        reason: 'Cached latents cannot be colour-augmented.',
      },
    ],
  }),
  random_crop: bool('dataset', {
    label: 'Random crop',
    tooltip: 'Crop images at random places instead of the centre.',
    greyedWhen: [
      {
        when: { field: 'cache_latents', truthy: true },
        reason: 'Cached latents cannot be cropped at random.',
      },
      {
        when: { field: 'masked_loss', truthy: true },
        reason: 'Masked loss needs the masks aligned with the images.',
      },
    ],
  }),
  is_reg: bool('dataset', {
    label: 'Regularisation images',
    tooltip: 'These images regularise the training instead of teaching the subject.',
  }),
  class_tokens: str('dataset', {
    label: 'Class tokens',
    tooltip: 'The caption used for images that have no caption file.',
  }),
  caption_prefix: str('dataset', {
    label: 'Caption prefix',
    tooltip: 'Text put before every caption.',
    advanced: true,
  }),
  caption_suffix: str('dataset', {
    label: 'Caption suffix',
    tooltip: 'Text put after every caption.',
    advanced: true,
  }),
  secondary_separator: str('dataset', {
    label: 'Secondary separator',
    tooltip: 'Joins tags that shuffle and drop out as one.',
    advanced: true,
  }),
  enable_wildcard: bool('dataset', {
    label: 'Wildcards',
    tooltip: 'Pick one of {a|b|c} in captions at random.',
    advanced: true,
  }),
  alpha_mask: bool('dataset', {
    label: 'Alpha as mask',
    tooltip: 'Use the image transparency as the loss mask.',
    advanced: true,
  }),
  face_crop_aug_range: defineField(
    { type: 'array', items: { type: 'number', minimum: 1 }, minItems: 2, maxItems: 2 },
    {
      section: 'dataset',
      label: 'Face crop range',
      tooltip: 'Zoom range around the face (width, height multipliers); empty = off.',
      widget: 'list',
    },
  ),
  caption_dropout_rate: num(
    'dataset',
    { label: 'Caption dropout', tooltip: 'Share of steps that train without a caption.' },
    { default: 0, minimum: 0, maximum: 1 },
  ),
  caption_dropout_every_n_epochs: int(
    'dataset',
    { label: 'Caption dropout every N epochs', tooltip: 'Train without captions every N-th epoch.' },
    { default: 0, minimum: 0 },
  ),
  caption_tag_dropout_rate: num(
    'dataset',
    { label: 'Tag dropout', tooltip: 'Chance that each tag is left out.' },
    { default: 0, minimum: 0, maximum: 1 },
  ),
  token_warmup_min: int(
    'dataset',
    { label: 'Token warm-up minimum', tooltip: 'Tags used at the start of token warm-up.' },
    { default: 1, minimum: 1, maximum: 255 },
  ),
  token_warmup_step: int(
    'dataset',
    { label: 'Token warm-up steps', tooltip: 'Steps until every tag is used.' },
    { default: 0, minimum: 0 },
  ),
};

const promptProperties: Record<string, FieldSchema> = {
  prompt: str(
    'samples',
    { label: 'Prompt', tooltip: 'What the sample image shows, written as you would prompt the model.' },
    { minLength: 1 },
  ),
  negative_prompt: str('samples', {
    label: 'Negative prompt',
    tooltip: 'What the sample image should not show.',
  }),
  width: int(
    'samples',
    { label: 'Width', tooltip: 'Width of the sample image.', unit: 'px' },
    { minimum: 64, maximum: 8192 },
  ),
  height: int(
    'samples',
    { label: 'Height', tooltip: 'Height of the sample image.', unit: 'px' },
    { minimum: 64, maximum: 8192 },
  ),
  sample_steps: int(
    'samples',
    { label: 'Steps', tooltip: 'Denoising steps for the sample image.' },
    { minimum: 1, maximum: 1000 },
  ),
  scale: num(
    'samples',
    { label: 'CFG scale', tooltip: 'How closely the sample follows the prompt (classifier-free guidance).' },
    { minimum: 0, maximum: 100 },
  ),
  guidance_scale: num(
    'samples',
    {
      label: 'Guidance (FLUX.1)',
      tooltip: 'The guidance value FLUX.1 dev is given for this sample (its distilled guidance, not CFG).',
      families: ['flux'],
    },
    { minimum: 0, maximum: 100 },
  ),
  seed: int(
    'samples',
    { label: 'Seed', tooltip: 'Fixes the noise, so the sample compares across epochs; empty = random.' },
    { minimum: 0, maximum: 4294967295 },
  ),
  sample_sampler: str('samples', { label: 'Sampler', tooltip: 'Empty: the sampler chosen for all samples.' }),
};

const samplers = [
  'ddim',
  'pndm',
  'lms',
  'euler',
  'euler_a',
  'heun',
  'dpm_2',
  'dpm_2_a',
  'dpmsolver',
  'dpmsolver++',
  'dpmsingle',
  'k_lms',
  'k_euler',
  'k_euler_a',
  'k_dpm_2',
  'k_dpm_2_a',
];

const noSamples: GreyRule = {
  when: { field: 'sample_prompts_list', falsy: true },
  reason: 'Add a sample prompt first.',
};

/** Fields of the form, in its order. */
export const formProperties: Record<string, FieldSchema> = {
  // Model
  pretrained_model_name_or_path: str(
    'model',
    {
      label: 'Base model',
      tooltip: 'The checkpoint to train on: a .safetensors/.ckpt file or a diffusers folder.',
      path: { kind: 'model', extensions: modelExtensions, diffusersFolder: true, repoId: 'warning' },
    },
    { minLength: 1 },
  ),
  v2: bool('model', {
    label: 'SD 2.x model',
    tooltip: 'The base model is Stable Diffusion 2.x.',
    families: ['sd'],
  }),
  v_parameterization: bool('model', {
    label: 'V-prediction',
    tooltip: 'The model predicts velocity (v-pred models).',
    enables: ['scale_v_pred_loss_like_noise_pred'],
    families: ['sd', 'sdxl'],
  }),
  scale_v_pred_loss_like_noise_pred: bool('model', {
    label: 'Scale v-pred loss',
    tooltip: 'Scale the v-prediction loss like a noise-prediction loss.',
    families: ['sd', 'sdxl'],
    greyedWhen: [off('v_parameterization', 'Only for v-prediction models.')],
  }),
  vae: str('model', {
    label: 'External VAE',
    tooltip: 'A VAE to use instead of the model’s own.',
    families: ['sd', 'sdxl'],
    path: { kind: 'model', extensions: modelExtensions, diffusersFolder: true, repoId: 'warning' },
  }),
  ae: str('dit', {
    label: 'Autoencoder (AE)',
    tooltip: 'FLUX.1’s autoencoder file (ae.safetensors).',
    families: ['flux'],
    path: { kind: 'file', extensions: modelExtensions, repoId: 'error' },
    requiredWhen: { family: ['flux'] },
  }),
  clip_l: str('dit', {
    label: 'CLIP-L',
    tooltip: 'The CLIP-L text encoder file.',
    families: ditFamilies,
    path: { kind: 'file', extensions: modelExtensions, repoId: 'error' },
    greyedWhen: [{ when: { field: 'model_type', equals: 'chroma' }, reason: 'Chroma has no CLIP-L.' }],
    // flux_train_network.py loads it for FLUX.1 (Chroma is greyed); SD3 reads it from the checkpoint.
    requiredWhen: { family: ['flux'] },
  }),
  clip_g: str('dit', {
    label: 'CLIP-G',
    tooltip: 'SD3’s CLIP-G text encoder file; empty = from the checkpoint.',
    families: ['sd3'],
    path: { kind: 'file', extensions: modelExtensions, repoId: 'error' },
  }),
  t5xxl: str('dit', {
    label: 'T5-XXL',
    tooltip: 'The T5-XXL text encoder file.',
    families: ditFamilies,
    path: { kind: 'file', extensions: modelExtensions, repoId: 'error' },
    requiredWhen: { family: ['flux'] },
  }),
  model_type: choice(
    'dit',
    { label: 'FLUX model type', tooltip: 'FLUX.1, or Chroma (FLUX-based, no CLIP-L).', families: ['flux'] },
    ['flux', 'chroma'],
    'flux',
  ),

  // Training
  mixed_precision: choice(
    'training',
    { label: 'Training precision', tooltip: '“no” trains in full float32.' },
    ['no', 'fp16', 'bf16'],
    'fp16',
  ),
  full_fp16: bool('training', {
    label: 'Full fp16',
    tooltip: 'Keep the whole network in fp16 (less memory, less stable).',
  }),
  full_bf16: bool('training', { label: 'Full bf16', tooltip: 'Keep the whole network in bf16.' }),
  fp8_base: bool('training', {
    label: 'fp8 base model',
    tooltip: 'Load the frozen base model in fp8 to save memory.',
  }),
  no_half_vae: bool('training', {
    label: 'VAE in float32',
    tooltip: 'Avoids black images with some SDXL VAEs.',
    families: ['sd', 'sdxl'],
  }),
  lowram: bool('training', {
    label: 'Low RAM',
    tooltip: 'Load the model onto the GPU directly to save system memory.',
  }),
  highvram: bool('training', { label: 'High VRAM', tooltip: 'Keep caches on the GPU.' }),
  seed: int(
    'training',
    { label: 'Seed', tooltip: 'Fixes the randomness of a run.' },
    { default: 23, minimum: 0, maximum: 2147483647 },
  ),
  clip_skip: int(
    'training',
    { label: 'Clip skip', tooltip: 'Use the text encoder’s N-th layer from the end.', families: ['sd'] },
    { default: 2, minimum: 1, maximum: 12 },
  ),
  prior_loss_weight: num(
    'training',
    { label: 'Prior loss weight', tooltip: 'Weight of regularisation images in the loss.' },
    { default: 1.0, minimum: 0, maximum: 100 },
  ),
  max_token_length: defineField(
    { type: 'integer', enum: [75, 150, 225], default: 225 },
    {
      section: 'training',
      label: 'Max caption tokens',
      tooltip: 'Captions longer than this are cut.',
      choiceLabels: { '75': '75 tokens', '150': '150 tokens', '225': '225 tokens' },
      unit: 'tokens',
      families: ['sd', 'sdxl'],
    },
  ),
  cache_latents: bool('training', {
    label: 'Cache latents',
    tooltip: 'Encode images once (faster; no colour or crop augmentation).',
    enables: ['cache_latents_to_disk'],
  }),
  cache_latents_to_disk: bool('training', {
    label: 'Cache latents to disk',
    tooltip: 'Keep the encoded images next to them for later runs.',
    greyedWhen: [off('cache_latents', 'Only when latents are cached.')],
  }),
  xformers: bool('training', {
    label: 'xformers attention',
    tooltip: 'Memory-efficient attention through xformers.',
  }),
  sdpa: bool(
    'training',
    { label: 'SDPA attention', tooltip: 'PyTorch’s own memory-efficient attention.' },
    true,
  ),
  max_train_unit: choice(
    'training',
    {
      label: 'Train for',
      tooltip: 'Whether the training length is set in epochs or in steps.',
      target: 'ui',
    },
    ['epochs', 'steps'],
    'epochs',
  ),
  max_train_epochs: int(
    'training',
    {
      label: 'Epochs',
      tooltip: 'How many times training goes through every image (times its repeats).',
      // Without it sd-scripts trains its own max_train_steps (1600), which the form does not show.
      requiredWhen: { field: 'max_train_unit', notEquals: 'steps' },
      greyedWhen: [
        { when: { field: 'max_train_unit', equals: 'steps' }, reason: 'Training length is set in steps.' },
      ],
    },
    { default: 10, minimum: 1, maximum: MAX },
  ),
  max_train_steps: int(
    'training',
    {
      label: 'Steps',
      tooltip: 'How many optimizer steps training runs in all.',
      greyedWhen: [
        {
          when: { field: 'max_train_unit', notEquals: 'steps' },
          reason: 'Training length is set in epochs.',
        },
      ],
    },
    { default: 1600, minimum: 1, maximum: MAX },
  ),
  keep_tokens_separator_enabled: bool('training', {
    label: 'Keep-tokens separator',
    tooltip: 'Keep everything before a separator in place instead of counting tokens.',
    enables: ['keep_tokens_separator'],
    target: 'ui',
  }),
  keep_tokens_separator: str('training', {
    label: 'Separator',
    tooltip: 'Caption text before this separator is never shuffled or dropped, e.g. |||.',
    greyedWhen: [off('keep_tokens_separator_enabled', 'Turn on the keep-tokens separator first.')],
    requiredWhen: { field: 'keep_tokens_separator_enabled', truthy: true },
  }),
  gradient_accumulation_steps: int(
    'training',
    { label: 'Gradient accumulation', tooltip: 'Steps whose gradients add up before one update.' },
    { default: 1, minimum: 1, maximum: 1024 },
  ),
  gradient_checkpointing: bool('training', {
    label: 'Gradient checkpointing',
    tooltip: 'Less memory for more compute.',
  }),
  training_comment: str('training', {
    label: 'Comment',
    tooltip: 'Stored in the LoRA’s metadata.',
    widget: 'textarea',
  }),
  max_data_loader_n_workers: int(
    'training',
    {
      label: 'Data loader workers',
      tooltip: 'Processes that load images in the background: more is faster and uses more RAM (0 = none).',
      advanced: true,
    },
    { default: 1, minimum: 0, maximum: 64 },
  ),
  persistent_data_loader_workers: bool(
    'training',
    {
      label: 'Keep data loader workers',
      tooltip: 'Keep the loading processes between epochs, so each epoch starts at once (uses more RAM).',
      advanced: true,
    },
    true,
  ),

  // Dataset ([general] of the dataset TOML) and subsets
  resolution: int(
    'dataset',
    {
      label: 'Resolution',
      tooltip: 'Training resolution (the width when a height is set).',
      unit: 'px',
      target: 'dataset',
    },
    { default: 512, minimum: 64, maximum: MAX },
  ),
  resolution_height_enabled: bool('dataset', {
    label: 'Separate height',
    tooltip: 'Train at a rectangular size: Resolution is then the width, and the height is set below.',
    target: 'ui',
    enables: ['resolution_height'],
  }),
  resolution_height: int(
    'dataset',
    {
      label: 'Height',
      tooltip: 'Training height, when it differs from the width.',
      unit: 'px',
      target: 'ui',
      greyedWhen: [off('resolution_height_enabled', 'The resolution is square.')],
    },
    { default: 512, minimum: 64, maximum: MAX },
  ),
  batch_size: int(
    'dataset',
    { label: 'Batch size', tooltip: 'Images per step.', target: 'dataset' },
    { default: 1, minimum: 1, maximum: 256 },
  ),
  subsets: defineField(
    {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['image_dir'],
        properties: subsetProperties,
      },
    },
    {
      section: 'dataset',
      label: 'Image folders',
      tooltip: 'Each folder is one subset with its own repeats and caption options.',
    },
  ),

  // Network
  network_algo: choice(
    'network',
    {
      label: 'Algorithm',
      tooltip: 'LoRA and LoCon from sd-scripts, or a LyCORIS algorithm (needs the lycoris package).',
      target: 'ui',
    },
    [...networkAlgos],
    'lora',
  ),
  network_dim: int(
    'network',
    { label: 'Rank (dim)', tooltip: 'Size of the LoRA; bigger learns more and takes more space.' },
    { default: 32, minimum: 1, maximum: MAX },
  ),
  network_alpha: num(
    'network',
    { label: 'Alpha', tooltip: 'Scales the update: alpha / rank.' },
    { default: 16.0, minimum: 0, maximum: MAX },
  ),
  conv_dim: int(
    'network',
    {
      label: 'Conv rank',
      tooltip: 'Rank of the convolution layers.',
      target: 'network_args',
      greyedWhen: [
        {
          when: { field: 'network_algo', in: ['lora', 'ia3', 'full'] },
          reason: 'This algorithm trains no convolution rank.',
        },
      ],
    },
    { default: 32, minimum: 0, maximum: MAX },
  ),
  conv_alpha: num(
    'network',
    {
      label: 'Conv alpha',
      tooltip: 'Scales the convolution update: conv alpha / conv rank.',
      target: 'network_args',
      greyedWhen: [
        {
          when: { field: 'network_algo', in: ['lora', 'ia3', 'full'] },
          reason: 'This algorithm trains no convolution rank.',
        },
      ],
    },
    { default: 16.0, minimum: 0, maximum: MAX },
  ),
  min_timestep: int(
    'training',
    { label: 'Min timestep', tooltip: 'Lowest noise timestep trained.' },
    { default: 0, minimum: 0, maximum: 999 },
  ),
  max_timestep: int(
    'training',
    { label: 'Max timestep', tooltip: 'Highest noise timestep trained.' },
    { default: 1000, minimum: 1, maximum: 1000 },
  ),
  network_dropout: num(
    'network',
    {
      label: 'Network dropout',
      tooltip: 'Drops neurons at random while training; empty = off.',
      greyedWhen: [
        notIa3,
        {
          when: {
            all: [
              { field: 'dora_wd', truthy: true },
              { field: 'network_algo', in: [...lycorisAlgos] },
            ],
          },
          reason: 'DoRA has no network dropout.',
        },
      ],
    },
    { minimum: 0, maximum: 1 },
  ),
  rank_dropout: num(
    'network',
    {
      label: 'Rank dropout',
      tooltip: 'Drops ranks at random; empty = off.',
      target: 'network_args',
      greyedWhen: [notIa3],
    },
    { minimum: 0, maximum: 1 },
  ),
  module_dropout: num(
    'network',
    {
      label: 'Module dropout',
      tooltip: 'Drops whole modules at random; empty = off.',
      target: 'network_args',
      greyedWhen: [notIa3],
    },
    { minimum: 0, maximum: 1 },
  ),
  lora_fa: bool('network', {
    label: 'LoRA-FA',
    tooltip: 'Freeze the down projection (less memory).',
    families: ['sd', 'sdxl'],
    target: 'ui',
    greyedWhen: [onlyAlgos(kohyaAlgos, 'LoRA-FA is for LoRA, LoCon and DyLoRA.')],
  }),
  ip_noise_gamma: num(
    'training',
    {
      label: 'Input perturbation noise',
      tooltip: 'Extra noise on the inputs (0.1 is typical); empty = off.',
    },
    { minimum: 0, maximum: 100 },
  ),
  lycoris_preset: str('network', {
    label: 'LyCORIS preset',
    tooltip: 'Which layers LyCORIS trains (empty = its default, "full").',
    target: 'network_args',
    greyedWhen: [lycorisOnly],
  }),
  train_on: choice(
    'network',
    {
      label: 'Train',
      tooltip: 'Both the U-Net/transformer and the text encoder, or one of them.',
      target: 'ui',
    },
    ['both', 'unet', 'text_encoder'],
    'both',
  ),
  cache_text_encoder_outputs: bool('network', {
    label: 'Cache text-encoder outputs',
    tooltip: 'Encode captions once (saves memory; no caption shuffling or dropout).',
    enables: ['cache_text_encoder_outputs_to_disk'],
    families: ['sdxl', 'sd3', 'flux'],
  }),
  cache_text_encoder_outputs_to_disk: bool('network', {
    label: 'Cache them to disk',
    tooltip: 'Keep the encoded captions in files beside the images, so later runs skip encoding them.',
    families: ['sdxl', 'sd3', 'flux'],
    greyedWhen: [off('cache_text_encoder_outputs', 'Only when text-encoder outputs are cached.')],
  }),
  use_tucker: bool('network', {
    label: 'Tucker decomposition',
    tooltip: 'Factor convolution layers with a Tucker decomposition (LyCORIS): smaller files.',
    target: 'network_args',
    greyedWhen: [lycorisOnly],
  }),
  train_norm: bool('network', {
    label: 'Train norm layers',
    tooltip: 'Also train the normalisation layers (LyCORIS).',
    target: 'network_args',
    greyedWhen: [lycorisOnly],
  }),
  dora_wd: bool('network', {
    label: 'DoRA',
    tooltip: 'Weight-decomposed training (LyCORIS LoCon, LoHa, LoKr).',
    enables: ['wd_on_output'],
    target: 'network_args',
    greyedWhen: [
      onlyAlgos(['lycoris-locon', 'loha', 'lokr'], 'DoRA is for LyCORIS LoCon, LoHa and LoKr.'),
      { when: { field: 'bypass_mode', truthy: true }, reason: 'Bypass mode excludes DoRA.' },
    ],
  }),
  wd_on_output: bool('network', {
    label: 'DoRA on output',
    tooltip: 'Decompose on the output axis, as the paper does.',
    target: 'network_args',
    greyedWhen: [off('dora_wd', 'Only with DoRA.')],
  }),
  rescaled: bool('network', {
    label: 'Rescaled (OFT)',
    tooltip: 'Give the OFT / BOFT output a trainable scale (LyCORIS).',
    target: 'network_args',
    greyedWhen: [lycorisOnly],
  }),
  constraint: num('network', {
    label: 'Constraint (OFT)',
    tooltip: 'Limits how far OFT may turn the weights; empty = no limit.',
    target: 'network_args',
    greyedWhen: [lycorisOnly],
  }),
  bypass_mode: bool('network', {
    label: 'Bypass mode',
    tooltip:
      'Add the adapter’s output beside the frozen layer instead of changing its weights; needed with an fp8 base.',
    target: 'network_args',
    greyedWhen: [
      lycorisOnly,
      { when: { field: 'dora_wd', truthy: true }, reason: 'DoRA excludes bypass mode.' },
    ],
  }),
  dylora_unit: int(
    'network',
    {
      label: 'DyLoRA unit',
      tooltip: 'Ranks trained together.',
      target: 'network_args',
      greyedWhen: [onlyAlgos(['dylora', 'lycoris-dylora'], 'Only for DyLoRA.')],
    },
    { default: 4, minimum: 1, maximum: 99 },
  ),
  network_weights: str('network', {
    label: 'Start from LoRA',
    tooltip: 'Continue training these LoRA weights.',
    path: { kind: 'file', extensions: modelExtensions },
  }),
  dim_from_weights: bool('network', {
    label: 'Rank from those weights',
    tooltip: 'Take rank and alpha from the LoRA above.',
    greyedWhen: [off('network_weights', 'Choose the LoRA to start from first.')],
  }),
  split_qkv: bool('dit', {
    label: 'Split QKV',
    tooltip: 'Separate LoRA for the q, k and v projections.',
    families: ['flux'],
    target: 'network_args',
  }),
  network_args_extra: keyValues('network', {
    label: 'More network arguments',
    tooltip: 'Written as name=value into network_args, unchecked.',
    target: 'network_args',
  }),

  // Block weights (sd-scripts' networks.lora for U-Net models)
  down_lr_weight: numberList(
    'block-weights',
    {
      label: 'Down-block LR weights',
      tooltip: '12 learning-rate multipliers, one for each U-Net down (input) block.',
      families: ['sd', 'sdxl'],
      greyedWhen: [blockWeightAlgos],
    },
    12,
  ),
  mid_lr_weight: num(
    'block-weights',
    {
      label: 'Mid-block LR weight',
      tooltip: 'The learning-rate multiplier of the U-Net’s middle block.',
      families: ['sd', 'sdxl'],
      target: 'network_args',
      greyedWhen: [blockWeightAlgos],
    },
    { minimum: 0 },
  ),
  up_lr_weight: numberList(
    'block-weights',
    {
      label: 'Up-block LR weights',
      tooltip: '12 learning-rate multipliers, one for each U-Net up (output) block.',
      families: ['sd', 'sdxl'],
      greyedWhen: [blockWeightAlgos],
    },
    12,
  ),
  block_dims: numberList(
    'block-weights',
    {
      label: 'Block ranks',
      tooltip: 'A rank for each of the 25 U-Net blocks (12 down, the middle, 12 up).',
      families: ['sd', 'sdxl'],
      greyedWhen: [blockWeightAlgos],
    },
    25,
    true,
  ),
  block_alphas: numberList(
    'block-weights',
    {
      label: 'Block alphas',
      tooltip: 'An alpha for each of the 25 U-Net blocks, in the order of the block ranks.',
      families: ['sd', 'sdxl'],
      greyedWhen: [blockWeightAlgos],
    },
    25,
  ),
  conv_block_dims: numberList(
    'block-weights',
    {
      label: 'Conv block ranks',
      tooltip: 'A convolution rank for each of the 25 U-Net blocks.',
      families: ['sd', 'sdxl'],
      greyedWhen: [onlyAlgos(['locon', 'dylora'], 'Conv blocks apply to LoCon and DyLoRA.')],
    },
    25,
    true,
  ),
  conv_block_alphas: numberList(
    'block-weights',
    {
      label: 'Conv block alphas',
      tooltip: 'A convolution alpha for each of the 25 U-Net blocks, in the order of the conv ranks.',
      families: ['sd', 'sdxl'],
      greyedWhen: [onlyAlgos(['locon', 'dylora'], 'Conv blocks apply to LoCon and DyLoRA.')],
    },
    25,
  ),

  // Optimizer
  optimizer_type: str(
    'optimizer',
    {
      label: 'Optimizer',
      tooltip: 'A name sd-scripts knows, or a Python class path.',
      suggestions: [
        'AdamW',
        'AdamW8bit',
        'PagedAdamW8bit',
        'Lion',
        'Lion8bit',
        'SGDNesterov',
        'SGDNesterov8bit',
        'DAdaptAdam',
        'DAdaptAdaGrad',
        'DAdaptAdan',
        'DAdaptSGD',
        'AdaFactor',
        'Prodigy',
        'RAdamScheduleFree',
      ],
    },
    { default: 'AdamW8bit', minLength: 1 },
  ),
  optimizer_args: keyValues('optimizer', {
    label: 'Optimizer arguments',
    tooltip: 'name=value pairs passed to the optimizer, e.g. weight_decay=0.1.',
  }),
  learning_rate: num(
    'optimizer',
    {
      label: 'Learning rate',
      tooltip: 'Step size of each update; the U-Net and text encoder use it unless given their own.',
    },
    { default: 0.0001, minimum: 0, maximum: 10 },
  ),
  unet_lr: num(
    'optimizer',
    { label: 'U-Net learning rate', tooltip: 'Empty = the learning rate.' },
    { minimum: 0, maximum: 10 },
  ),
  text_encoder_lr: num(
    'optimizer',
    { label: 'Text-encoder learning rate', tooltip: 'Empty = the learning rate.' },
    { minimum: 0, maximum: 10 },
  ),
  lr_scheduler: str(
    'optimizer',
    {
      label: 'LR schedule',
      tooltip: 'How the learning rate changes during training (cosine lowers it smoothly towards zero).',
      suggestions: [
        'constant',
        'constant_with_warmup',
        'cosine',
        'cosine_with_restarts',
        'linear',
        'polynomial',
        'adafactor',
        'inverse_sqrt',
        'cosine_with_min_lr',
        'warmup_stable_decay',
        'piecewise_constant',
      ],
    },
    { default: 'cosine', minLength: 1 },
  ),
  lr_warmup_steps: num(
    'optimizer',
    { label: 'Warm-up', tooltip: 'Steps of warm-up; a value below 1 is a share of all steps.' },
    { default: 0, minimum: 0 },
  ),
  lr_scheduler_num_cycles: int(
    'optimizer',
    {
      label: 'Restarts',
      tooltip: 'How many times the cosine schedule starts again from the full learning rate.',
      greyedWhen: [
        {
          when: { field: 'lr_scheduler', notEquals: 'cosine_with_restarts' },
          reason: 'Only for cosine with restarts.',
        },
      ],
    },
    { default: 1, minimum: 1 },
  ),
  lr_scheduler_power: num(
    'optimizer',
    {
      label: 'Polynomial power',
      tooltip: 'The curve of the polynomial schedule (1 = a straight line down).',
      greyedWhen: [
        {
          when: { field: 'lr_scheduler', notEquals: 'polynomial' },
          reason: 'Only for the polynomial schedule.',
        },
      ],
    },
    { default: 1.0, minimum: 0 },
  ),
  lr_scheduler_args: keyValues('optimizer', {
    label: 'Schedule arguments',
    tooltip: 'name=value pairs passed to the learning-rate scheduler.',
    advanced: true,
  }),
  loss_type: choice(
    'optimizer',
    {
      label: 'Loss',
      tooltip: 'How the error is measured; Huber and smooth L1 are less thrown by outliers.',
    },
    ['l1', 'l2', 'huber', 'smooth_l1'],
    'l2',
  ),
  huber_schedule: choice(
    'optimizer',
    {
      label: 'Huber schedule',
      tooltip: 'How the Huber parameter changes with the noise level.',
      greyedWhen: [
        { when: { field: 'loss_type', in: ['l1', 'l2'] }, reason: 'Only for Huber and smooth L1 losses.' },
      ],
    },
    ['constant', 'exponential', 'snr'],
    'snr',
  ),
  huber_c: num(
    'optimizer',
    {
      label: 'Huber parameter',
      tooltip: 'Where the Huber loss turns from squared to linear; smaller is more robust to outliers.',
      greyedWhen: [
        { when: { field: 'loss_type', in: ['l1', 'l2'] }, reason: 'Only for Huber and smooth L1 losses.' },
      ],
    },
    { default: 0.1, minimum: 0 },
  ),
  max_grad_norm: num(
    'optimizer',
    {
      label: 'Max gradient norm',
      tooltip: 'Gradients are scaled down to this norm at most; 0 = no clipping.',
    },
    { default: 1.0, minimum: 0, maximum: 100 },
  ),
  scale_weight_norms: num(
    'optimizer',
    { label: 'Scale weight norms', tooltip: 'Caps the LoRA weights’ norm (1.0 is typical); empty = off.' },
    { exclusiveMinimum: 0 },
  ),
  min_snr_gamma: num(
    'optimizer',
    { label: 'Min-SNR gamma', tooltip: '5 is typical; empty = off.', families: ['sd', 'sdxl'] },
    { minimum: 0, maximum: 100 },
  ),
  zero_terminal_snr: bool('optimizer', {
    label: 'Zero terminal SNR',
    tooltip:
      'Rescale the noise schedule so its last step is pure noise (truer darks and brights with v-prediction).',
    families: ['sd', 'sdxl'],
  }),
  masked_loss: bool('optimizer', {
    label: 'Masked loss',
    enables: ['subsets.*.conditioning_data_dir'],
    tooltip: 'Train only where a mask (per subset) is white.',
  }),

  // Saving
  output_dir: str(
    'saving',
    {
      label: 'Output folder',
      tooltip: 'Where the LoRA files are saved.',
      path: { kind: 'folder', output: true },
    },
    { minLength: 1 },
  ),
  output_name: str(
    'saving',
    { label: 'Output name', tooltip: 'File name of the LoRA, without extension.' },
    { minLength: 1 },
  ),
  save_precision: choice(
    'saving',
    { label: 'Save precision', tooltip: 'Precision of the saved LoRA file.' },
    ['float', 'fp16', 'bf16'],
    'fp16',
  ),
  save_model_as: choice(
    'saving',
    { label: 'File format', tooltip: 'File format of the saved LoRA (.safetensors is the safe one).' },
    ['safetensors', 'ckpt', 'pt'],
    'safetensors',
  ),
  save_every_n_epochs: int(
    'saving',
    { label: 'Save every N epochs', tooltip: 'Empty = only at the end.' },
    { minimum: 1, maximum: MAX },
  ),
  save_every_n_steps: int(
    'saving',
    { label: 'Save every N steps', tooltip: 'Also save the LoRA every N steps; empty = off.' },
    { minimum: 1, maximum: MAX },
  ),
  save_last_n_epochs: int(
    'saving',
    { label: 'Keep last N epochs', tooltip: 'Older epoch files are deleted; empty = keep all.' },
    { minimum: 1, maximum: MAX },
  ),
  save_last_n_steps: int(
    'saving',
    { label: 'Keep last N steps', tooltip: 'Step files older than this many steps are deleted.' },
    { minimum: 1, maximum: MAX },
  ),
  save_n_epoch_ratio: int(
    'saving',
    {
      label: 'Save N times in all',
      tooltip: 'Save N files spread evenly over the run, whatever the number of epochs.',
      advanced: true,
    },
    { minimum: 1, maximum: 99 },
  ),
  save_state: bool('saving', {
    label: 'Save training state',
    tooltip: 'Also save the optimizer state, so a run can be resumed.',
    enables: ['save_last_n_epochs_state', 'save_last_n_steps_state'],
  }),
  save_last_n_epochs_state: int(
    'saving',
    {
      label: 'Keep last N epoch states',
      tooltip: 'How many epoch training states to keep; older ones are deleted.',
      greyedWhen: [off('save_state', 'Only when the training state is saved.')],
    },
    { minimum: 1 },
  ),
  save_last_n_steps_state: int(
    'saving',
    {
      label: 'Keep last N step states',
      tooltip: 'Training states older than this many steps are deleted.',
      greyedWhen: [off('save_state', 'Only when the training state is saved.')],
    },
    { minimum: 1 },
  ),
  resume: str('saving', {
    label: 'Resume from state',
    tooltip: 'A saved state folder to continue from.',
    path: { kind: 'folder' },
  }),

  // Buckets ([general])
  enable_bucket: bool(
    'buckets',
    {
      label: 'Aspect-ratio buckets',
      tooltip: 'Train images of different shapes without cropping.',
      enables: ['bucket_no_upscale', 'min_bucket_reso', 'max_bucket_reso', 'bucket_reso_steps'],
      target: 'dataset',
    },
    true,
  ),
  bucket_no_upscale: bool('buckets', {
    label: 'Never upscale',
    tooltip: 'Put small images in smaller buckets instead of enlarging them.',
    target: 'dataset',
    greyedWhen: [off('enable_bucket', 'Buckets are off.')],
  }),
  min_bucket_reso: int(
    'buckets',
    {
      label: 'Smallest bucket side',
      tooltip: 'No bucket has a side shorter than this.',
      unit: 'px',
      target: 'dataset',
      greyedWhen: [off('enable_bucket', 'Buckets are off.')],
    },
    { default: 256, minimum: 64, maximum: MAX },
  ),
  max_bucket_reso: int(
    'buckets',
    {
      label: 'Largest bucket side',
      tooltip: 'No bucket has a side longer than this.',
      unit: 'px',
      target: 'dataset',
      greyedWhen: [off('enable_bucket', 'Buckets are off.')],
    },
    { default: 1024, minimum: 64, maximum: MAX },
  ),
  bucket_reso_steps: int(
    'buckets',
    {
      label: 'Bucket step',
      tooltip: 'Bucket sides are multiples of this (64 suits every model).',
      unit: 'px',
      target: 'dataset',
      greyedWhen: [off('enable_bucket', 'Buckets are off.')],
    },
    { default: 64, minimum: 8, maximum: 1024 },
  ),

  // Noise
  noise_offset: num(
    'noise',
    { label: 'Noise offset', tooltip: 'Helps very dark and bright images (0.05–0.1); empty = off.' },
    { minimum: 0, maximum: 1 },
  ),
  multires_noise_iterations: int(
    'noise',
    {
      label: 'Pyramid noise iterations',
      tooltip: 'Adds noise at this many coarser scales (6 to 10 is typical); empty = off.',
    },
    { minimum: 1, maximum: 99 },
  ),
  multires_noise_discount: num(
    'noise',
    {
      label: 'Pyramid noise discount',
      tooltip: 'How much weaker each coarser scale of pyramid noise is (0.3 is typical).',
      greyedWhen: [off('multires_noise_iterations', 'Pyramid noise is off.')],
    },
    { default: 0.3, minimum: 0.01, maximum: 1 },
  ),

  // Samples
  sample_prompts_list: defineField(
    {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['prompt'],
        properties: promptProperties,
      },
    },
    {
      section: 'samples',
      label: 'Sample prompts',
      tooltip: 'Images made during training to watch progress; empty = none.',
      widget: 'prompts',
      target: 'ui',
    },
  ),
  sample_sampler: choice(
    'samples',
    { label: 'Sampler', tooltip: 'The sampler that makes the sample images.', greyedWhen: [noSamples] },
    samplers,
    'euler_a',
  ),
  sample_every_n_epochs: int(
    'samples',
    {
      label: 'Sample every N epochs',
      tooltip: 'Make the sample images every N epochs.',
      greyedWhen: [noSamples],
    },
    { minimum: 1, maximum: MAX },
  ),
  sample_every_n_steps: int(
    'samples',
    {
      label: 'Sample every N steps',
      tooltip: 'Make the sample images every N steps.',
      greyedWhen: [noSamples],
    },
    { minimum: 1, maximum: MAX },
  ),
  sample_at_first: bool('samples', {
    label: 'Sample before training',
    tooltip: 'Make the sample images once before training, to compare the later ones with.',
    greyedWhen: [noSamples],
  }),

  // Logging
  logging_dir: str('logging', {
    label: 'Log folder',
    tooltip: 'Where TensorBoard logs go; empty = no logs.',
    path: { kind: 'folder', output: true },
  }),
  log_with: choice(
    'logging',
    {
      label: 'Log to',
      tooltip: 'Where the losses are logged: TensorBoard files, Weights & Biases, or both.',
      greyedWhen: [off('logging_dir', 'Choose a log folder first.')],
    },
    ['tensorboard', 'wandb', 'all'],
    'tensorboard',
  ),
  log_prefix: str('logging', {
    label: 'Log folder prefix',
    tooltip: 'Text put before the name of each run’s log folder.',
    greyedWhen: [off('logging_dir', 'Choose a log folder first.')],
  }),
  log_tracker_name: str('logging', {
    label: 'Tracker name',
    tooltip: 'The project name the run is logged under (the W&B project).',
    greyedWhen: [off('logging_dir', 'Choose a log folder first.')],
  }),
  wandb_api_key: str('logging', {
    label: 'wandb API key',
    tooltip: 'Your Weights & Biases key, to log in before training; it is saved in the job’s config.',
    widget: 'password',
    greyedWhen: [
      { when: { field: 'log_with', notIn: ['wandb', 'all'] }, reason: 'Only when logging to wandb.' },
      off('logging_dir', 'Choose a log folder first.'),
    ],
  }),

  // FLUX.1 / SD3
  apply_t5_attn_mask: bool('dit', {
    label: 'T5 attention mask',
    tooltip: 'Required for Chroma.',
    families: ditFamilies,
  }),
  apply_lg_attn_mask: bool('dit', {
    label: 'CLIP-L/G attention mask',
    tooltip: 'Mask the padding of the CLIP-L and CLIP-G captions so it does not affect training.',
    families: ['sd3'],
  }),
  t5xxl_max_token_length: int(
    'dit',
    { label: 'T5 max tokens', tooltip: '512 for FLUX.1 dev, 256 for schnell.', families: ditFamilies },
    { minimum: 1, maximum: 4096 },
  ),
  guidance_scale: num(
    'dit',
    { label: 'Guidance scale', tooltip: '1.0 for FLUX.1 dev; 0.0 for Chroma.', families: ['flux'] },
    { default: 1.0, minimum: 0, maximum: 100 },
  ),
  split_mode: bool('dit', {
    label: 'Split mode (deprecated)',
    tooltip: 'sd-scripts prefers block swapping now.',
    families: ['flux'],
    advanced: true,
  }),
  timestep_sampling: choice(
    'dit',
    {
      label: 'Timestep sampling',
      tooltip: 'How noise levels are picked while training FLUX.1.',
      families: ['flux'],
    },
    ['sigma', 'uniform', 'sigmoid', 'shift', 'flux_shift'],
    'sigmoid',
  ),
  sigmoid_scale: num(
    'dit',
    {
      label: 'Sigmoid scale',
      tooltip:
        'Spread of the sigmoid timestep sampling; larger favours the very noisy and the nearly clean steps.',
      families: ['flux'],
      greyedWhen: [
        {
          when: { field: 'timestep_sampling', notIn: ['sigmoid', 'shift', 'flux_shift'] },
          reason: 'Only for sigmoid, shift and flux_shift sampling.',
        },
      ],
    },
    { default: 1.0, minimum: 0 },
  ),
  discrete_flow_shift: num(
    'dit',
    {
      label: 'Flow shift',
      tooltip: 'Shift of the shifted-sigmoid sampling; higher trains more on noisy steps.',
      families: ['flux'],
      greyedWhen: [
        { when: { field: 'timestep_sampling', notEquals: 'shift' }, reason: 'Only for shift sampling.' },
      ],
    },
    { default: 3.0, minimum: 0 },
  ),
  training_shift: num(
    'dit',
    {
      label: 'Training shift',
      tooltip: 'Shifts SD3’s training timesteps towards noisier steps (1 = no shift).',
      families: ['sd3'],
    },
    { default: 1.0, minimum: 0 },
  ),
  weighting_scheme: choice(
    'dit',
    {
      label: 'Loss weighting',
      tooltip: 'How the loss of each noise level is weighted (uniform and none are the same).',
      families: ditFamilies,
    },
    ['uniform', 'none', 'sigma_sqrt', 'logit_normal', 'mode', 'cosmap'],
    'uniform',
  ),
  logit_mean: num(
    'dit',
    {
      label: 'Logit mean',
      tooltip: 'Centre of the logit-normal timestep distribution (0 = the middle).',
      families: ditFamilies,
      greyedWhen: [
        {
          when: { field: 'weighting_scheme', notEquals: 'logit_normal' },
          reason: 'Only for logit-normal weighting.',
        },
      ],
    },
    { default: 0.0 },
  ),
  logit_std: num(
    'dit',
    {
      label: 'Logit std',
      tooltip: 'Spread of the logit-normal timestep distribution.',
      families: ditFamilies,
      greyedWhen: [
        {
          when: { field: 'weighting_scheme', notEquals: 'logit_normal' },
          reason: 'Only for logit-normal weighting.',
        },
      ],
    },
    { default: 1.0, minimum: 0 },
  ),
  mode_scale: num(
    'dit',
    {
      label: 'Mode scale',
      tooltip: 'Strength of the mode weighting.',
      families: ditFamilies,
      greyedWhen: [
        { when: { field: 'weighting_scheme', notEquals: 'mode' }, reason: 'Only for mode weighting.' },
      ],
    },
    { default: 1.29 },
  ),
  model_prediction_type: choice(
    'dit',
    {
      label: 'Prediction type',
      tooltip: 'How FLUX.1’s output is read: as it is, added to the noisy input, or scaled by sigma.',
      families: ['flux'],
    },
    ['raw', 'additive', 'sigma_scaled'],
    'raw',
  ),
  blocks_to_swap: int(
    'dit',
    {
      label: 'Blocks to swap',
      tooltip: 'Move this many blocks to the CPU to save GPU memory; empty = none.',
      families: ditFamilies,
    },
    { minimum: 0, maximum: 60 },
  ),
};

/** Options whose value the writer derives from form fields (not edited as advanced fields). */
export const derivedOptions = [
  'network_module',
  'network_args',
  'network_train_unet_only',
  'network_train_text_encoder_only',
  'sample_prompts',
  'dataset_config',
  'config_file',
  'output_config',
  'keep_tokens',
  'train_data_dir',
  'reg_data_dir',
  'in_json',
];

export const sdScriptsSchema: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  // What the script needs (resolution: train_util asserts it), and the choices the writer turns into
  // options (an empty one would be written as LoRA on both, which the form would not show).
  required: [
    'pretrained_model_name_or_path',
    'output_dir',
    'subsets',
    'resolution',
    'network_algo',
    'train_on',
  ],
  properties: {
    ...formProperties,
    // Options each image folder sets (caption extension, flips, dropouts, …) are edited per folder: a
    // top-level copy would only apply to folders that leave them out, which the form never does.
    ...advancedFields(
      new Set([...Object.keys(formProperties), ...derivedOptions, ...Object.keys(subsetProperties)]),
    ),
  },
};
