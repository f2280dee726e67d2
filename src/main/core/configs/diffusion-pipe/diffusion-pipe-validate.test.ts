/**
 * Validating diffusion-pipe configs as a user meets it: the world (model paths, dataset folders,
 * output folder) and the traps diffusion-pipe falls into at run time, each issue at a field path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PathFacts, TrainerConfig, WorldProbe } from '../../../../shared/trainers/common';
import { diffusionPipeDefaults, diffusionPipeTrainer } from '../../../../shared/trainers/diffusion-pipe';
import { modelPathKeys, modelTypeIds } from '../../../../shared/trainers/diffusion-pipe/families';
import { createNodeWorldProbe } from '../node-world-probe';
import { validateWithDefinition } from '../validate-config';

/** A file system made of a listing: folders map to their entries, files to null. */
function fakeProbe(tree: Record<string, string[] | null>): WorldProbe {
  return {
    stat: (path): PathFacts =>
      path in tree ? { kind: tree[path] === null ? 'file' : 'folder' } : { kind: 'missing' },
    listDir: (path) => tree[path] ?? null,
    canWriteIn: (path) => !path.startsWith('/readonly'),
  };
}

const world: Record<string, string[] | null> = {
  '/models/sdxl.safetensors': null,
  '/models/sdxl.gguf': null,
  '/models/flux-dev': ['model_index.json', 'transformer', 'vae'],
  '/models/wan': ['config.json', 'Wan2.1_VAE.pth'],
  '/models/wan22': ['low_noise_model', 'high_noise_model'],
  '/models/wan22/low_noise_model': ['config.json'],
  '/data/set': ['1.png', '1.txt', '2.jpg', '2.txt', 'clip.mp4', 'clip.txt'],
  '/data/half-captioned': ['1.png', '1.txt', '2.png', '3.png'],
  '/data/uncaptioned': ['1.png', '2.png'],
  '/data/json-captions': ['1.png', '2.png', 'captions.json'],
  '/data/empty': ['notes.txt'],
  '/data/set/out': [],
  '/runs': [],
};

function sdxl(edit: (values: Record<string, unknown>) => void = () => undefined): TrainerConfig {
  const values = diffusionPipeDefaults('sdxl');
  values.output_dir = '/runs/sdxl';
  (values.model as Record<string, unknown>).checkpoint_path = '/models/sdxl.safetensors';
  (values.dataset as Record<string, unknown>).directories = [{ path: '/data/set', num_repeats: 1 }];
  edit(values);
  return { trainer: 'diffusion-pipe', family: 'sdxl', values };
}

function issuesOf(config: TrainerConfig, tree = world) {
  return validateWithDefinition(diffusionPipeTrainer, config, { probe: fakeProbe(tree) });
}

const messagesAt = (config: TrainerConfig, path: string) =>
  issuesOf(config)
    .issues.filter((i) => i.path === path)
    .map((i) => `${i.severity}: ${i.message}`);

describe('a complete diffusion-pipe config', () => {
  it('is valid with no issue', () => {
    expect(issuesOf(sdxl()).issues).toEqual([]);
    expect(issuesOf(sdxl()).valid).toBe(true);
  });

  it('every model type’s defaults pass the schema (only empty paths and folders are asked for)', () => {
    for (const family of modelTypeIds) {
      const result = validateWithDefinition(
        diffusionPipeTrainer,
        { trainer: 'diffusion-pipe', family, values: diffusionPipeDefaults(family) },
        { probe: fakeProbe({}) },
      );
      for (const issue of result.issues) {
        expect(`${family} ${issue.path} ${issue.message}`).toMatch(/is required\.$|must not be empty\.$/);
      }
      const asked = result.issues
        .filter((i) => i.path.startsWith('values.model.'))
        .map((i) => i.path.slice('values.model.'.length));
      const required = (modelPathKeys[family] ?? []).filter((k) => k.required === true).map((k) => k.key);
      expect(asked, family).toEqual(expect.arrayContaining(required));
    }
  });
});

describe('model paths', () => {
  it('a Hugging Face repo id where diffusion-pipe needs a local file is an error with the download hint', () => {
    const config = sdxl(
      (v) =>
        ((v.model as Record<string, unknown>).checkpoint_path = 'stabilityai/stable-diffusion-xl-base-1.0'),
    );
    expect(messagesAt(config, 'values.model.checkpoint_path')).toEqual([
      expect.stringMatching(
        /^error: "stabilityai\/stable-diffusion-xl-base-1.0" looks like a Hugging Face repo id.*local files only.*huggingface-cli download/,
      ),
    ]);
  });

  it('a folder where a file is needed, a missing file, a file of the wrong kind', () => {
    const folder = sdxl((v) => ((v.model as Record<string, unknown>).checkpoint_path = '/models/flux-dev'));
    expect(messagesAt(folder, 'values.model.checkpoint_path')).toEqual([
      expect.stringMatching(/is a folder; SDXL needs a file/),
    ]);
    const missing = sdxl(
      (v) => ((v.model as Record<string, unknown>).checkpoint_path = '/models/none.safetensors'),
    );
    expect(messagesAt(missing, 'values.model.checkpoint_path')).toEqual([
      'error: "/models/none.safetensors" does not exist.',
    ]);
    const gguf = sdxl((v) => ((v.model as Record<string, unknown>).checkpoint_path = '/models/sdxl.gguf'));
    expect(messagesAt(gguf, 'values.model.checkpoint_path')).toEqual([
      'error: "/models/sdxl.gguf" is not a .safetensors or .ckpt file, which SDXL needs here.',
    ]);
  });

  it("Wan's checkpoint folder must hold config.json (itself or in low_noise_model/)", () => {
    const wan = (ckpt: string): TrainerConfig => {
      const config = sdxl();
      const values = diffusionPipeDefaults('wan');
      Object.assign(values, { output_dir: '/runs/wan', dataset: config.values.dataset });
      (values.model as Record<string, unknown>).ckpt_path = ckpt;
      return { trainer: 'diffusion-pipe', family: 'wan', values };
    };
    expect(messagesAt(wan('/models/wan'), 'values.model.ckpt_path')).toEqual([]);
    expect(messagesAt(wan('/models/wan22'), 'values.model.ckpt_path')).toEqual([]);
    expect(messagesAt(wan('/models/flux-dev'), 'values.model.ckpt_path')).toEqual([
      expect.stringMatching(/holds no config.json/),
    ]);
    expect(messagesAt(wan('Wan-AI/Wan2.1-T2V-14B'), 'values.model.ckpt_path')).toEqual([
      expect.stringMatching(/repo id.*local folders only/),
    ]);
  });

  it('paths of other model types are greyed, kept and not checked', () => {
    const config = sdxl((v) => ((v.model as Record<string, unknown>).diffusers_path = 'org/not-checked'));
    const result = issuesOf(config);
    expect(result.issues).toEqual([]);
    expect(result.greyed).toContainEqual({
      path: 'values.model.diffusers_path',
      reason: 'Does not apply to SDXL.',
    });
  });
});

describe('dataset folders', () => {
  const withFolder = (path: string, skipEmptyCaption?: boolean) =>
    sdxl((v) => {
      const dataset = v.dataset as Record<string, unknown>;
      dataset.directories = [{ path, num_repeats: 1 }];
      if (skipEmptyCaption !== undefined) dataset.skip_empty_caption = skipEmptyCaption;
    });
  const at = 'values.dataset.directories.0.path';

  it('must exist and hold images or videos', () => {
    expect(messagesAt(withFolder('/data/nope'), at)).toEqual(['error: "/data/nope" does not exist.']);
    expect(messagesAt(withFolder('/data/empty'), at)).toEqual([
      expect.stringMatching(/holds no images or videos/),
    ]);
  });

  it('uncaptioned images: a warning when some, an error when all, nothing once they are trained empty', () => {
    expect(messagesAt(withFolder('/data/half-captioned'), at)).toEqual([
      expect.stringMatching(/^warning: 2 of 3 images .* have no caption .*diffusion-pipe skips them/),
    ]);
    expect(messagesAt(withFolder('/data/uncaptioned'), at)).toEqual([
      expect.stringMatching(/^error: None of the 2 images/),
    ]);
    expect(messagesAt(withFolder('/data/uncaptioned', false), at)).toEqual([]);
    expect(messagesAt(withFolder('/data/json-captions'), at)).toEqual([]);
  });

  it('more than three resolutions is an error: diffusion-pipe would quit without training', () => {
    const config = sdxl((v) => ((v.dataset as Record<string, unknown>).resolutions = [512, 768, 1024, 1280]));
    expect(messagesAt(config, 'values.dataset.resolutions')).toEqual([
      expect.stringMatching(/4 resolutions.*quits \(exit status 0\) without training/),
    ]);
  });

  it('the output folder may not lie inside a dataset, and must be writable', () => {
    expect(
      messagesAt(
        sdxl((v) => (v.output_dir = '/data/set/out')),
        'values.output_dir',
      ),
    ).toEqual([expect.stringMatching(/inside the dataset folder "\/data\/set"/)]);
    expect(
      messagesAt(
        sdxl((v) => (v.output_dir = '/readonly/out')),
        'values.output_dir',
      ),
    ).toEqual([expect.stringMatching(/cannot write/)]);
  });
});

describe("diffusion-pipe's traps and conflicts", () => {
  it('no save frequency at all is an error on each save field', () => {
    // Cleared by the user (null); a key left out would take the shown default.
    const config = sdxl((v) => (v.save_every_n_epochs = null));
    for (const key of ['save_every_n_epochs', 'save_every_n_steps', 'save_every_n_examples']) {
      expect(messagesAt(config, `values.${key}`)).toEqual([
        expect.stringMatching(/will not start .* unless it is told how often to save/),
      ]);
    }
  });

  it('an [optimizer] key the optimizer does not take is an error; alpha in [adapter] too', () => {
    const config = {
      ...sdxl(),
      passThrough: {
        'config.optimizer.d_coef': 2,
        'config.optimizer.kahan_sum': true,
        'config.adapter.alpha': 8,
      },
    };
    expect(messagesAt(config, 'passThrough.config.optimizer.d_coef')).toEqual([
      expect.stringMatching(/^error: adamw_optimi takes no "d_coef".*TypeError/),
    ]);
    expect(messagesAt(config, 'passThrough.config.optimizer.kahan_sum')).toEqual([]);
    expect(messagesAt(config, 'passThrough.config.adapter.alpha')).toEqual([
      expect.stringMatching(/^error: diffusion-pipe refuses alpha/),
    ]);
  });

  it('LoKr where only LoRA exists, full fine-tune where none exists, block swap without an adapter', () => {
    expect(
      messagesAt(
        sdxl((v) => ((v.adapter as Record<string, unknown>).type = 'lokr')),
        'values.adapter.type',
      ),
    ).toEqual([expect.stringMatching(/only LoRA/)]);
    const sd3 = { ...sdxl(), family: 'sd3' };
    (sd3.values.adapter as Record<string, unknown>).type = 'none';
    expect(messagesAt(sd3, 'values.adapter.type')).toEqual([expect.stringMatching(/cannot fully fine-tune/)]);
    const swap = sdxl((v) => {
      v.blocks_to_swap = 10;
      (v.adapter as Record<string, unknown>).type = 'none';
    });
    expect(messagesAt(swap, 'values.blocks_to_swap')).toEqual([
      expect.stringMatching(/only when training an adapter/),
    ]);
  });

  it('greyed fields with values are not errors', () => {
    const config = sdxl((v) => {
      (v.adapter as Record<string, unknown>).decompose_factor = 'not even a number';
      (v.monitoring as Record<string, unknown>).wandb_api_key = 12;
    });
    const result = issuesOf(config);
    expect(result.issues).toEqual([]);
    expect(result.greyed.map((g) => g.path)).toEqual(
      expect.arrayContaining(['values.adapter.decompose_factor', 'values.monitoring.wandb_api_key']),
    );
  });
});

describe('on the real file system', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpgui-dp-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a config whose files exist passes, and one whose files are gone names each', () => {
    mkdirSync(join(root, 'set'));
    writeFileSync(join(root, 'set', 'a.png'), 'x');
    writeFileSync(join(root, 'set', 'a.txt'), 'a cat');
    writeFileSync(join(root, 'base.safetensors'), 'x');
    const config = sdxl((v) => {
      v.output_dir = join(root, 'out');
      (v.model as Record<string, unknown>).checkpoint_path = join(root, 'base.safetensors');
      (v.dataset as Record<string, unknown>).directories = [{ path: join(root, 'set'), num_repeats: 1 }];
    });
    const probe = createNodeWorldProbe();
    expect(validateWithDefinition(diffusionPipeTrainer, config, { probe }).issues).toEqual([]);
    rmSync(join(root, 'base.safetensors'));
    rmSync(join(root, 'set', 'a.txt'));
    const issues = validateWithDefinition(diffusionPipeTrainer, config, { probe }).issues.map((i) => i.path);
    expect(issues).toEqual(['values.model.checkpoint_path', 'values.dataset.directories.0.path']);
  });
});
