/** Adding folders to a config's folder list, as the dataset panel does for a picked or typed folder. */
import { describe, expect, it } from 'vitest';
import type { Dataset, TrainerConfig } from '../../../../../shared/contract';
import { getTrainer } from '../../../../../shared/trainers';
import type { EditorSchema } from '../state/editor-schema';
import {
  folderListOf,
  foldersOf,
  foldersOfDataset,
  joinFolder,
  listWithFolders,
  type FolderList,
} from './folder-list';

function schemaOf(kind: 'sd-scripts' | 'diffusion-pipe'): EditorSchema {
  const trainer = getTrainer(kind);
  if (!trainer) throw new Error(kind);
  return {
    trainer: kind,
    label: kind,
    families: trainer.families,
    sections: trainer.sections,
    schema: trainer.schema,
    conflicts: [],
    defaults: Object.fromEntries(trainer.families.map((f) => [f.id, trainer.defaults(f.id)])),
    source: 'built-in',
  };
}

const sd = schemaOf('sd-scripts');
function listOf(kind: 'sd-scripts' | 'diffusion-pipe'): FolderList {
  const list = folderListOf(kind);
  if (!list) throw new Error(`${kind} has no folder list`);
  return list;
}
const sdList = listOf('sd-scripts');
const newSd = (): TrainerConfig => ({
  trainer: 'sd-scripts',
  family: 'sdxl',
  values: structuredClone(sd.defaults.sdxl ?? {}),
});

function dataset(
  path: string,
  subsets: { path: string; repeats: number | null; images: number }[] | null,
): Dataset {
  return {
    id: 'd1',
    name: path.split('/').at(-1) ?? path,
    path,
    registeredAt: '2026-01-01T00:00:00Z',
    scan:
      subsets === null
        ? null
        : ({
            subsets: subsets.map((s) => ({ ...s, classTokens: null, videos: 0 })),
          } as unknown as Dataset['scan']),
  };
}

describe('the folder list of a config', () => {
  it('fills a new sd-scripts config’s blank image folder instead of adding a second subset', () => {
    const config = newSd();
    expect(foldersOf(config, sdList)).toEqual([]);
    const next = listWithFolders(sd, config, sdList, [{ path: '/data/cats', repeats: null, name: 'cats' }]);
    expect(next).toEqual([
      expect.objectContaining({
        image_dir: '/data/cats',
        name: 'cats',
        num_repeats: 1,
        caption_extension: '.txt',
      }),
    ]);
    expect(next).toHaveLength(1);
  });

  it('adds a second folder after the first with the item defaults, and never the same folder twice', () => {
    const config = newSd();
    config.values.subsets = [{ image_dir: '/data/cats', num_repeats: 4, caption_extension: '.caption' }];
    const next = listWithFolders(sd, config, sdList, [
      { path: '/data/cats', repeats: null, name: 'cats' },
      { path: '/data/dogs', repeats: 10, name: 'dogs' },
      { path: '/data/dogs', repeats: 10, name: 'dogs' },
    ]);
    expect(next).toEqual([
      { image_dir: '/data/cats', num_repeats: 4, caption_extension: '.caption' },
      expect.objectContaining({
        image_dir: '/data/dogs',
        num_repeats: 10,
        caption_extension: '.txt',
        keep_tokens: 0,
      }),
    ]);
    expect(
      listWithFolders(sd, config, sdList, [{ path: '/data/cats', repeats: null, name: 'cats' }]),
    ).toBeNull();
  });

  it('puts diffusion-pipe folders in dataset.directories as path with num_repeats', () => {
    const dp = schemaOf('diffusion-pipe');
    const list = listOf('diffusion-pipe');
    const family = dp.families[0]?.id ?? '';
    const config: TrainerConfig = {
      trainer: 'diffusion-pipe',
      family,
      values: structuredClone(dp.defaults[family] ?? {}),
    };
    const next = listWithFolders(dp, config, list, [{ path: '/data/clips', repeats: 5, name: 'clips' }]);
    expect(next).toEqual([{ path: '/data/clips', num_repeats: 5 }]);
    expect(folderListOf('generic')).toBeNull();
  });

  it('takes a kohya dataset’s "10_name" sub-folders one by one with their repeats, else the folder itself', () => {
    expect(
      foldersOfDataset(
        dataset('/data/mira', [
          { path: '', repeats: null, images: 0 },
          { path: '10_char', repeats: 10, images: 12 },
          { path: 'notes', repeats: null, images: 0 },
        ]),
      ),
    ).toEqual([{ path: '/data/mira/10_char', repeats: 10, name: '10_char' }]);
    expect(foldersOfDataset(dataset('/data/5_style', null))).toEqual([
      { path: '/data/5_style', repeats: 5, name: '5_style' },
    ]);
    expect(
      foldersOfDataset(
        dataset('/data/flat', [
          { path: '', repeats: null, images: 3 },
          { path: '2_more', repeats: 2, images: 4 },
        ]),
      ),
    ).toEqual([{ path: '/data/flat', repeats: null, name: 'flat' }]);
  });

  it('joins a sub-folder with the separator the host path uses', () => {
    expect(joinFolder('C:\\data\\mira', '10_char')).toBe('C:\\data\\mira\\10_char');
    expect(joinFolder('/data/mira/', 'a/b')).toBe('/data/mira/a/b');
  });
});
