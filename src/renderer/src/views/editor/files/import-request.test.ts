/** From what the user gave (browsed paths, uploaded files) to configs.import requests. */
import { describe, expect, it } from 'vitest';
import {
  importRequest,
  importSourceName,
  isImportableName,
  readImportFiles,
  trainersToTry,
} from './import-request';

describe('import requests', () => {
  it('sends uploaded texts as files and host paths as paths, with the family once chosen', () => {
    const files = [{ name: 'a.toml', content: 'x = 1' }];
    expect(importRequest('sd-scripts', { files })).toEqual({ trainer: 'sd-scripts', files });
    expect(importRequest('diffusion-pipe', { paths: ['/c/train.toml'] }, 'flux')).toEqual({
      trainer: 'diffusion-pipe',
      paths: ['/c/train.toml'],
      family: 'flux',
    });
  });

  it('names an import by its file names, without folders', () => {
    expect(importSourceName({ paths: ['/home/me/train.toml', 'C:\\cfg\\dataset.toml'] })).toBe(
      'train.toml + dataset.toml',
    );
  });

  it('takes config files and leaves images and folders to others', () => {
    expect(['a.toml', 'B.JSON', 'c.yaml', 'p.txt'].every(isImportableName)).toBe(true);
    expect(['photo.png', 'folder', '.toml'].some(isImportableName)).toBe(false);
  });

  it('reads the text of browser files', async () => {
    const file = new File(['[model]\ntype = "flux"\n'], 'train.toml');
    expect(await readImportFiles([file])).toEqual([
      { name: 'train.toml', content: '[model]\ntype = "flux"\n' },
    ]);
  });

  it("asks the editor's trainer first, and the generic trainer only for YAML", () => {
    const toml = { files: [{ name: 'a.toml', content: '' }] };
    expect(trainersToTry('diffusion-pipe', toml)).toEqual(['diffusion-pipe', 'sd-scripts']);
    expect(trainersToTry('sd-scripts', { files: [{ name: 'c.yaml', content: '' }] })).toEqual([
      'sd-scripts',
      'generic',
    ]);
  });
});
