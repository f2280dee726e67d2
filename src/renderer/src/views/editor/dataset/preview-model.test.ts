/** The preview's words: figures labelled as each trainer's log says them, folder problems with what to do. */
import { describe, expect, it } from 'vitest';
import type { ConfigBucketFolder, ConfigBucketPreview } from '../../../../../shared/contract';
import { folderListOf, type FolderList } from './folder-list';
import { figuresOf, folderProblems, readableWarnings } from './preview-model';

function listOf(kind: 'sd-scripts' | 'diffusion-pipe'): FolderList {
  const list = folderListOf(kind);
  if (!list) throw new Error(kind);
  return list;
}

const folder = (over: Partial<ConfigBucketFolder>): ConfigBucketFolder => ({
  field: 'values.dataset.directories.0.path',
  path: '/data/clips',
  group: 0,
  repeats: 1,
  isReg: false,
  datasetId: null,
  scannedAt: null,
  problem: null,
  images: 4,
  imagesWithRepeats: 4,
  left: [],
  captionExtension: '.txt',
  missingCaptions: 0,
  ...over,
});

const dpPreview = (over: Partial<ConfigBucketPreview>): ConfigBucketPreview => ({
  trainer: 'diffusion-pipe',
  gpus: 2,
  folders: [folder({})],
  groups: [],
  imagesWithRepeats: 4,
  batchesPerEpoch: 4,
  stepsPerEpoch: 2,
  epochs: 1000,
  totalSteps: 2000,
  warnings: [],
  ...over,
});

describe('the bucket preview’s words', () => {
  it('labels diffusion-pipe’s figures by the lines it prints, with thousands separated', () => {
    const figures = figuresOf(dpPreview({}));
    expect(figures.map((f) => [f.label, f.value])).toEqual([
      ['images × repeats', '4'],
      ['steps per epoch', '2'],
      ['epochs', '1,000'],
      ['total steps', '2,000'],
    ]);
    expect(figures[1]?.hint).toContain('"Started new epoch: 2" follows the log line "steps: 2" (2 GPUs)');
  });

  it('names a diffusion-pipe folder whose images have no caption of the extension, and says what happens', () => {
    const uncaptioned = folder({
      images: 0,
      imagesWithRepeats: 0,
      missingCaptions: 2,
      left: [
        { path: 'a.png', reason: 'no .txt caption: diffusion-pipe skips it (skip_empty_caption)' },
        { path: 'b.png', reason: 'no .txt caption: diffusion-pipe skips it (skip_empty_caption)' },
      ],
    });
    expect(folderProblems(uncaptioned, 'diffusion-pipe', listOf('diffusion-pipe'))).toEqual([
      'No image in this folder has a .txt caption file: diffusion-pipe leaves them out unless "Skip uncaptioned images" is off. Set the caption extension to the one your caption files have, or write captions.',
    ]);
    expect(
      folderProblems(folder({ missingCaptions: 1, images: 4 }), 'diffusion-pipe', listOf('diffusion-pipe')),
    ).toEqual([
      '1 image has no .txt caption file: diffusion-pipe leaves them out unless "Skip uncaptioned images" is off.',
    ]);
  });

  it('sends the user to the folder field when a folder cannot be read, with one full stop', () => {
    const unread = folder({ problem: '/data/clips is not a folder.', images: 0 });
    expect(folderProblems(unread, 'diffusion-pipe', listOf('diffusion-pipe'))).toEqual([
      '/data/clips is not a folder. Check the path in Folder, or choose another folder.',
    ]);
  });

  it('words the host’s folder warnings by folder number, without repeating what the folder row says', () => {
    const empty = folder({
      field: 'values.subsets.0.image_dir',
      path: '/data/empty',
      images: 0,
      imagesWithRepeats: 0,
    });
    const preview = dpPreview({
      trainer: 'sd-scripts',
      folders: [empty, folder({ field: 'values.subsets.1.image_dir', path: '/data/cats', repeats: 0 })],
      warnings: [
        'values.subsets.0.image_dir: no image sd-scripts can train in /data/empty; it ignores this folder.',
        'values.subsets.1.image_dir: num_repeats is below 1; sd-scripts ignores this folder.',
        'No image lands in a bucket: sd-scripts has nothing to train on.',
      ],
    });
    expect(readableWarnings(preview, listOf('sd-scripts'))).toEqual([
      'Folder 2 (/data/cats): num_repeats is below 1; sd-scripts ignores this folder.',
      'No image lands in a bucket: sd-scripts has nothing to train on.',
    ]);
  });
});
