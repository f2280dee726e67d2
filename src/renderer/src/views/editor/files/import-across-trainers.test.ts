/**
 * Which trainer's importer the editor's Import… takes : the
 * editor's own first, the others when it cannot read the files — against the real importers of the
 * shared trainer definitions, with the files users have.
 */
import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../../../../shared/contract';
import { getTrainer, importWithDefaults } from '../../../../../shared/trainers';
import { importAcrossTrainers, type ImportAnswer } from './import-request';

// The files users have, cut to what tells the formats apart (the importers' own tests read them whole).
const pysideToml = `[[subsets]]
image_dir = "D:/data/10_char"
num_repeats = 10

[general_args.args]
pretrained_model_name_or_path = "D:/models/base.safetensors"
sdxl = true

[general_args.dataset_args]
resolution = 1024
batch_size = 2

[network_args.args]
network_dim = 32
`;
const datasetToml = `[general]
shuffle_caption = true

[[datasets]]
resolution = 768

[[datasets.subsets]]
image_dir = "/data/a"
`;
const dpConfig = `output_dir = "/out/dp"
dataset = "dataset.toml"
epochs = 10

[model]
type = "flux"
`;
const dpDataset = `resolutions = [512]

[[directory]]
path = "/data/grayscale"
num_repeats = 1
`;

/** configs.import as the host answers it (without the host's file reading), recording the trainers asked. */
function realImporter() {
  const asked: string[] = [];
  const ask = (request: RequestOf<'configs.import'>): Promise<ImportAnswer> => {
    asked.push(request.trainer);
    const definition = getTrainer(request.trainer);
    if (!definition || !request.files) throw new Error('test asks with files only');
    const result = importWithDefaults(
      definition,
      request.files,
      request.family ? { family: request.family } : {},
    );
    return Promise.resolve(result.ok ? { ...result, needsFamily: false } : result);
  };
  return { ask, asked };
}

describe('which trainer reads the files', () => {
  it('a PySide TOML in the sd-scripts editor: read at once, nobody else asked', async () => {
    const { ask, asked } = realImporter();
    const picked = await importAcrossTrainers(ask, 'sd-scripts', {
      files: [{ name: 'queue_item.toml', content: pysideToml }],
    });
    expect(asked).toEqual(['sd-scripts']);
    expect(picked.trainer).toBe('sd-scripts');
    expect(picked.answer).toMatchObject({
      ok: true,
      format: 'PySide trainer TOML',
      config: { family: 'sdxl' },
    });
  });

  it('a PySide TOML in the diffusion-pipe editor: read by sd-scripts, so the editor switches', async () => {
    const { ask, asked } = realImporter();
    const picked = await importAcrossTrainers(ask, 'diffusion-pipe', {
      files: [{ name: 'queue_item.toml', content: pysideToml }],
    });
    expect(asked).toEqual(['diffusion-pipe', 'sd-scripts']);
    expect(picked).toMatchObject({
      trainer: 'sd-scripts',
      answer: { ok: true, config: { trainer: 'sd-scripts' } },
    });
  });

  it('a diffusion-pipe config in the sd-scripts editor: read by diffusion-pipe', async () => {
    const { ask } = realImporter();
    const picked = await importAcrossTrainers(ask, 'sd-scripts', {
      files: [
        { name: 'train.toml', content: dpConfig },
        { name: 'dataset.toml', content: dpDataset },
      ],
    });
    expect(picked).toMatchObject({ trainer: 'diffusion-pipe', answer: { ok: true } });
  });

  it("an sd-scripts dataset alone: stays with the editor's trainer and asks the family, then takes it", async () => {
    const { ask } = realImporter();
    const source = { files: [{ name: 'dataset.toml', content: datasetToml }] };
    const asked = await importAcrossTrainers(ask, 'sd-scripts', source);
    expect(asked).toMatchObject({ trainer: 'sd-scripts', answer: { ok: false, needsFamily: true } });
    expect(asked.answer.families?.map((f) => f.id)).toContain('sdxl');

    const chosen = await importAcrossTrainers(ask, asked.trainer, source, 'sdxl');
    expect(chosen).toMatchObject({ trainer: 'sd-scripts', answer: { ok: true, config: { family: 'sdxl' } } });
  });

  it("files nobody reads: the editor trainer's refusal, which names the file", async () => {
    const { ask } = realImporter();
    const picked = await importAcrossTrainers(ask, 'sd-scripts', {
      files: [{ name: 'broken.toml', content: 'this is = = not toml' }],
    });
    expect(picked.trainer).toBe('sd-scripts');
    expect(picked.answer.ok).toBe(false);
    expect(picked.answer.message).toMatch(/broken\.toml/);
  });
});
