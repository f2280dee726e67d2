/**
 * Required means what the trainer's script loads: per family, every model file the script reads for it
 * is required, and only those. The expected lists are read from the trainers' sources (file:line beside
 * each), not from DPGui's tables: sd-scripts at the commit generated-options.json records,
 * diffusion-pipe at the commit tests/fixtures/configs/diffusion-pipe/README.md records.
 */
import { describe, expect, it } from 'vitest';
import type { ConfigIssue, PathFacts, TrainerConfig, WorldProbe } from '../../../shared/trainers/common';
import { diffusionPipeDefaults } from '../../../shared/trainers/diffusion-pipe/defaults';
import { modelTypeIds } from '../../../shared/trainers/diffusion-pipe/families';
import { sdScriptsDefaults } from '../../../shared/trainers/sd-scripts/defaults';
import { validateConfig } from './validate-config';

/** Everything exists: a name with an extension is a file, anything else a folder holding what loaders look for. */
const probe: WorldProbe = {
  stat: (path): PathFacts => ({ kind: /\.[a-z0-9]+$/i.test(path) ? 'file' : 'folder' }),
  listDir: () => ['model_index.json', 'config.json', 'a.png', 'a.txt'],
  canWriteIn: () => true,
};

const issuesOf = (config: TrainerConfig): ConfigIssue[] => validateConfig(config, { probe }).issues;
const requiredPaths = (config: TrainerConfig): string[] =>
  issuesOf(config)
    .filter((i) => i.message === 'is required.' || i.message === 'must not be empty.')
    .map((i) => i.path)
    .sort();

describe('sd-scripts: the files each script loads are required, and only those', () => {
  /** The model paths each family's script loads without a fallback. */
  const cases: { name: string; family: string; values?: Record<string, unknown>; loads: string[] }[] = [
    // train_network.py load_target_model → train_util.load_target_model: the checkpoint only (VAE optional).
    { name: 'SD 1.x', family: 'sd', loads: ['pretrained_model_name_or_path'] },
    { name: 'SD 2.x', family: 'sd', values: { v2: true }, loads: ['pretrained_model_name_or_path'] },
    // sdxl_train_network.py load_target_model → sdxl_train_util.load_target_model: the checkpoint only.
    { name: 'SDXL', family: 'sdxl', loads: ['pretrained_model_name_or_path'] },
    // sd3_train_network.py load_target_model: CLIP-L, CLIP-G, T5-XXL and VAE fall back to the
    // checkpoint's state_dict (sd3_utils.load_clip_l/_g/load_t5xxl/load_vae with state_dict=).
    { name: 'SD3', family: 'sd3', loads: ['pretrained_model_name_or_path'] },
    // flux_train_network.py:135-157: load_clip_l(args.clip_l) unless Chroma, load_t5xxl(args.t5xxl), load_ae(args.ae).
    { name: 'FLUX.1', family: 'flux', loads: ['ae', 'clip_l', 'pretrained_model_name_or_path', 't5xxl'] },
    {
      name: 'Chroma',
      family: 'flux',
      values: { model_type: 'chroma' },
      loads: ['ae', 'pretrained_model_name_or_path', 't5xxl'],
    },
  ];
  const modelKeys = ['pretrained_model_name_or_path', 'vae', 'ae', 'clip_l', 'clip_g', 't5xxl'];

  for (const c of cases) {
    it(`${c.name}: ${c.loads.join(', ')}`, () => {
      const values: Record<string, unknown> = Object.fromEntries(
        Object.entries({
          ...sdScriptsDefaults(c.family),
          ...c.values,
          output_dir: '/outputs/run',
          subsets: [{ image_dir: '/data/images' }],
        }).filter(([key]) => !modelKeys.includes(key)),
      );
      const config: TrainerConfig = { trainer: 'sd-scripts', family: c.family, values };
      expect(requiredPaths(config)).toEqual(c.loads.map((k) => `values.${k}`).sort());

      const given = Object.fromEntries(c.loads.map((k) => [k, `/models/${k}.safetensors`]));
      const complete: TrainerConfig = { ...config, values: { ...values, ...given } };
      expect(requiredPaths(complete)).toEqual([]);
      const modelPaths = new Set(modelKeys.map((k) => `values.${k}`));
      expect(issuesOf(complete).filter((i) => modelPaths.has(i.path))).toEqual([]);
    });
  }
});

describe('diffusion-pipe: the files each model type loads are required, and only those', () => {
  /**
   * What each models/*.py reads as `model_config[key]` (a KeyError without it), per model type.
   * `alternatives`: other complete sets where the loader falls back (`'x' in model_config`, `.get`).
   */
  const loads: Record<string, { keys: string[]; alternatives?: string[][] }> = {
    sdxl: { keys: ['checkpoint_path'] }, // models/sdxl.py:386
    flux: { keys: ['diffusers_path'] }, // models/flux.py:186 (transformer_path: .get, L174)
    chroma: { keys: ['diffusers_path', 'transformer_path'] }, // models/chroma.py:143,153
    sd3: { keys: ['diffusers_path'] }, // models/sd3.py:35 (NotImplementedError without)
    'ltx-video': { keys: ['diffusers_path', 'single_file_path'] }, // models/ltx_video.py:36-37
    // models/hunyuan_video.py:210-316: ckpt_path, or each part on its own.
    'hunyuan-video': {
      keys: ['ckpt_path', 'clip_path', 'llm_path', 'transformer_path', 'vae_path'],
      alternatives: [['ckpt_path'], ['transformer_path', 'vae_path', 'llm_path', 'clip_path']],
    },
    cosmos: { keys: ['text_encoder_path', 'transformer_path', 'vae_path'] }, // models/cosmos.py:153-171
    lumina_2: { keys: ['llm_path', 'transformer_path', 'vae_path'] }, // models/lumina_2.py:48-71
    wan: { keys: ['ckpt_path'] }, // models/wan/wan.py:81 (llm_path, transformer_path: .get)
    hidream: { keys: ['diffusers_path', 'llama3_path'] }, // models/hidream.py:55-61
    cosmos_predict2: { keys: ['t5_path', 'transformer_path', 'vae_path'] }, // cosmos_predict2.py:210-278
    anima: { keys: ['llm_path', 'transformer_path', 'vae_path'] }, // cosmos_predict2.py:248-278
    omnigen2: { keys: ['diffusers_path'] }, // models/omnigen2.py:44
    // models/qwen_image.py:201-259: each part from its own path, else from diffusers_path.
    qwen_image: {
      keys: ['diffusers_path', 'text_encoder_path', 'transformer_path', 'vae_path'],
      alternatives: [['diffusers_path'], ['text_encoder_path', 'vae_path', 'transformer_path']],
    },
    hunyuan_image: { keys: ['byt5_path', 'text_encoder_path', 'transformer_path', 'vae_path'] }, // L64-110
    auraflow: { keys: ['text_encoder_path', 'transformer_path', 'vae_path'] }, // models/auraflow.py:35-68
    ltx2: { keys: ['diffusion_model', 'text_encoder'] }, // models/ltx2.py:207,238
    // ComfyUI loader, models/base.py:551 (vae), 577 (text_encoders), 641 (diffusion_model).
    ...Object.fromEntries(
      ['z_image', 'hunyuan_video_15', 'flux2', 'ernie_image', 'ideogram4', 'krea2'].map((id) => [
        id,
        { keys: ['diffusion_model', 'text_encoders', 'vae'] },
      ]),
    ),
    minimax_h3: { keys: ['audio_vae', 'diffusion_model', 'text_encoders', 'vae'] }, // minimax_h3.py:218,241
  };

  it('covers every model type DPGui offers', () => {
    expect(Object.keys(loads).sort()).toEqual([...modelTypeIds].sort());
  });

  const folders = ['diffusers_path', 'ckpt_path', 'llama3_path', 'clip_path'];
  const pathValue = (key: string): unknown =>
    key === 'text_encoders'
      ? [{ path: '/models/te.safetensors', type: 'qwen_image' }]
      : `/models/${key}${folders.includes(key) ? '' : '.safetensors'}`;

  for (const [family, expected] of Object.entries(loads)) {
    it(`${family}: ${expected.keys.join(', ')}`, () => {
      const values = diffusionPipeDefaults(family);
      values.output_dir = '/outputs/run';
      (values.dataset as Record<string, unknown>).directories = [{ path: '/data/images', num_repeats: 1 }];
      const config: TrainerConfig = { trainer: 'diffusion-pipe', family, values };
      expect(requiredPaths(config)).toEqual(expected.keys.map((k) => `values.model.${k}`).sort());

      for (const set of expected.alternatives ?? [expected.keys]) {
        const model = { ...(values.model as Record<string, unknown>) };
        for (const key of set) model[key] = pathValue(key);
        expect(requiredPaths({ ...config, values: { ...values, model } }), set.join(', ')).toEqual([]);
      }
    });
  }

  it('each text encoder of a ComfyUI-loaded model needs a file and its loader type (models/base.py:577-583)', () => {
    const values = diffusionPipeDefaults('z_image');
    values.output_dir = '/outputs/run';
    (values.dataset as Record<string, unknown>).directories = [{ path: '/data/images', num_repeats: 1 }];
    values.model = { ...(values.model as Record<string, unknown>), text_encoders: [{}] };
    const paths = requiredPaths({ trainer: 'diffusion-pipe', family: 'z_image', values });
    expect(paths).toContain('values.model.text_encoders.0.path');
    expect(paths).toContain('values.model.text_encoders.0.type');
  });
});
