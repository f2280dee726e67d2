/**
 * diffusion-pipe's model types (its `[model] type`, our family) and what each one loads: the path
 * keys it reads and what they must be on disk. Read from diffusion-pipe's train.py model dispatch and
 * models/*.py (see tests/fixtures/configs/diffusion-pipe/README.md for file:line).
 */
import type { FamilyDef } from '../common/types';

export const modelTypes = [
  { id: 'sdxl', label: 'SDXL' },
  { id: 'flux', label: 'FLUX.1 (also Kontext, Flex)' },
  { id: 'chroma', label: 'Chroma' },
  { id: 'sd3', label: 'Stable Diffusion 3 / 3.5' },
  { id: 'ltx-video', label: 'LTX-Video' },
  { id: 'hunyuan-video', label: 'HunyuanVideo' },
  { id: 'cosmos', label: 'Cosmos 1.0' },
  { id: 'lumina_2', label: 'Lumina Image 2.0' },
  { id: 'wan', label: 'Wan 2.1 / 2.2' },
  { id: 'hidream', label: 'HiDream-I1' },
  { id: 'cosmos_predict2', label: 'Cosmos-Predict2' },
  { id: 'anima', label: 'Anima' },
  { id: 'omnigen2', label: 'OmniGen2' },
  { id: 'qwen_image', label: 'Qwen-Image / Qwen-Image-Edit' },
  { id: 'hunyuan_image', label: 'HunyuanImage 2.1' },
  { id: 'auraflow', label: 'AuraFlow / Pony V7' },
  { id: 'z_image', label: 'Z-Image' },
  { id: 'hunyuan_video_15', label: 'HunyuanVideo 1.5' },
  { id: 'flux2', label: 'FLUX.2 (also Klein)' },
  { id: 'ernie_image', label: 'ERNIE-Image' },
  { id: 'ltx2', label: 'LTX 2.3' },
  { id: 'ideogram4', label: 'Ideogram 4' },
  { id: 'krea2', label: 'Krea 2' },
  { id: 'minimax_h3', label: 'MiniMax H3' },
] as const satisfies readonly FamilyDef[];

export type ModelType = (typeof modelTypes)[number]['id'];
export const modelTypeIds: string[] = modelTypes.map((m) => m.id);

export function modelTypeLabel(id: string): string {
  return modelTypes.find((m) => m.id === id)?.label ?? id;
}

/** Models loaded from ComfyUI files through diffusion-pipe's shared loader (diffusion_model, vae, text_encoders). */
export const comfyModels = [
  'z_image',
  'hunyuan_video_15',
  'flux2',
  'ernie_image',
  'ideogram4',
  'krea2',
  'minimax_h3',
];

/** Models whose docs table says no full fine-tune: leaving out [adapter] would fail or do nothing useful. */
export const loraOnlyModels = [
  'ltx-video',
  'hunyuan-video',
  'cosmos',
  'hidream',
  'sd3',
  'omnigen2',
  'auraflow',
  'ltx2',
];

/** Models whose adapter code knows only `lora` (no LoKr). */
export const loraTypeOnlyModels = ['sdxl', 'flux'];

/** Models that read `[model] transformer_dtype` (fp8 for the transformer). */
export const transformerDtypeModels = [
  'flux',
  'ltx-video',
  'hunyuan-video',
  'chroma',
  'hidream',
  'sd3',
  'cosmos_predict2',
  'anima',
  'qwen_image',
  'hunyuan_image',
  'auraflow',
  'wan',
];

/** ComfyUI-loaded models read `diffusion_model_dtype` instead. */
export const diffusionModelDtypeModels = [...comfyModels, 'ltx2'];

/** Models that sample timesteps through diffusion-pipe's shared distribution (method, sigmoid scale). */
export const timestepModels = modelTypeIds.filter((id) => id !== 'sdxl' && id !== 'cosmos');

/** Models that read `shift` (a fixed timestep shift). */
export const shiftModels = modelTypeIds.filter((id) => !['sdxl', 'cosmos', 'ltx-video'].includes(id));

/** Models that read `flux_shift` (a resolution-dependent shift). */
export const fluxShiftModels = shiftModels.filter((id) => id !== 'hunyuan-video' && id !== 'lumina_2');

/** What a model path must be on disk. */
export type ModelPathKind = 'file' | 'folder' | 'file-or-folder';

export interface ModelPathKey {
  key: string;
  kind: ModelPathKind;
  /** Required for this model type, or required unless another key is given. */
  required: boolean | { unless: string };
  /** A folder that must hold this file (Wan's checkpoint folder holds config.json). */
  mustContain?: string;
  /** The file kinds the loader takes, where it is picky. */
  extensions?: string[];
}

const file = (key: string, required: ModelPathKey['required'] = true): ModelPathKey => ({
  key,
  kind: 'file',
  required,
});
const folder = (key: string, required: ModelPathKey['required'] = true): ModelPathKey => ({
  key,
  kind: 'folder',
  required,
});

/** The path keys each model type reads from `[model]`. */
export const modelPathKeys: Record<string, ModelPathKey[]> = {
  // Loaded with diffusers' from_single_file: one .safetensors or .ckpt file.
  sdxl: [{ ...file('checkpoint_path'), extensions: ['.safetensors', '.ckpt'] }],
  flux: [folder('diffusers_path'), file('transformer_path', false)],
  chroma: [folder('diffusers_path'), file('transformer_path')],
  sd3: [folder('diffusers_path')],
  // models/ltx_video.py:36-37 reads both unconditionally (the VAE and transformer come from the file).
  'ltx-video': [folder('diffusers_path'), file('single_file_path')],
  'hunyuan-video': [
    folder('ckpt_path', { unless: 'transformer_path' }),
    file('transformer_path', { unless: 'ckpt_path' }),
    file('vae_path', { unless: 'ckpt_path' }),
    folder('llm_path', { unless: 'ckpt_path' }),
    folder('clip_path', { unless: 'ckpt_path' }),
  ],
  cosmos: [file('transformer_path'), file('vae_path'), file('text_encoder_path')],
  lumina_2: [file('transformer_path'), file('llm_path'), file('vae_path')],
  wan: [
    { key: 'ckpt_path', kind: 'folder', required: true, mustContain: 'config.json' },
    { key: 'transformer_path', kind: 'file-or-folder', required: false },
    file('llm_path', false),
  ],
  hidream: [folder('diffusers_path'), folder('llama3_path')],
  cosmos_predict2: [file('transformer_path'), file('vae_path'), file('t5_path')],
  anima: [file('transformer_path'), file('vae_path'), file('llm_path')],
  omnigen2: [folder('diffusers_path')],
  qwen_image: [
    folder('diffusers_path', { unless: 'text_encoder_path' }),
    file('transformer_path', { unless: 'diffusers_path' }),
    file('text_encoder_path', { unless: 'diffusers_path' }),
    file('vae_path', { unless: 'diffusers_path' }),
  ],
  hunyuan_image: [file('transformer_path'), file('vae_path'), file('text_encoder_path'), file('byt5_path')],
  auraflow: [file('transformer_path'), file('text_encoder_path'), file('vae_path')],
  ltx2: [file('diffusion_model'), file('text_encoder')],
  ...Object.fromEntries(comfyModels.map((id) => [id, [file('diffusion_model'), file('vae')]])),
  minimax_h3: [file('diffusion_model'), file('vae'), file('audio_vae')],
};

/** Every model path key, with the model types that read it. */
export function familiesReading(key: string): string[] {
  return modelTypeIds.filter((id) => (modelPathKeys[id] ?? []).some((p) => p.key === key));
}

/** Model types that take a `text_encoders = [{path, type}]` list (the ComfyUI loader). */
export const textEncoderListModels = comfyModels;
