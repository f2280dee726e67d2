/**
 * What the bucket preview shows, from datasets.configBuckets' answer: the figures labelled as the
 * trainer's own log says them (so a user can hold the two side by side), each folder with its
 * problems worded as what is wrong and what to do, and the buckets as rows with a share of the largest.
 */
import type { ConfigBucketFolder, ConfigBucketPreview } from '../../../../../shared/contract';
import type { FolderList } from './folder-list';

export interface Figure {
  /** As the trainer prints it (sd-scripts' "num batches per epoch"), or in our words where it prints none. */
  label: string;
  value: string;
  hint: string;
  testId: string;
}

const shown = (value: number | null): string => (value === null ? '—' : value.toLocaleString('en-US'));

const gpusText = (gpus: number): string => (gpus === 1 ? '1 GPU' : `${gpus} GPUs`);

/** The figures in the order the trainer prints them. */
export function figuresOf(preview: ConfigBucketPreview): Figure[] {
  if (preview.trainer === 'sd-scripts')
    return [
      {
        label: 'num train images * repeats',
        value: shown(preview.imagesWithRepeats),
        hint: 'Training images times their repeats (regularisation images not counted).',
        testId: 'figure-images',
      },
      {
        label: 'num batches per epoch',
        value: shown(preview.batchesPerEpoch),
        hint: `Batches each GPU process loads in one epoch (${gpusText(preview.gpus)}).`,
        testId: 'figure-batches',
      },
      {
        label: 'num epochs',
        value: shown(preview.epochs),
        hint: 'Epochs sd-scripts runs (from the steps when training is set in steps).',
        testId: 'figure-epochs',
      },
      {
        label: 'steps per epoch',
        value: shown(preview.stepsPerEpoch),
        hint: 'Optimizer steps in one epoch: the batches divided by the gradient accumulation, rounded up. sd-scripts does not print it.',
        testId: 'figure-steps-per-epoch',
      },
      {
        label: 'total optimization steps',
        value: shown(preview.totalSteps),
        hint: 'The length of the progress bar sd-scripts shows.',
        testId: 'figure-total-steps',
      },
    ];
  return [
    {
      label: 'images × repeats',
      value: shown(preview.imagesWithRepeats),
      hint: 'Images and videos that land in a bucket, times their folder’s repeats (once per resolution).',
      testId: 'figure-images',
    },
    {
      label: 'steps per epoch',
      value: shown(preview.stepsPerEpoch),
      hint: `diffusion-pipe does not print it: "Started new epoch: 2" follows the log line "steps: ${shown(preview.stepsPerEpoch)}" (${gpusText(preview.gpus)}).`,
      testId: 'figure-steps-per-epoch',
    },
    {
      label: 'epochs',
      value: shown(preview.epochs),
      hint: 'The config’s epochs.',
      testId: 'figure-epochs',
    },
    {
      label: 'total steps',
      value: shown(preview.totalSteps),
      hint: 'The last "steps: N" line diffusion-pipe prints (epochs × steps per epoch, or max_steps if fewer).',
      testId: 'figure-total-steps',
    },
  ];
}

const trainerName = (trainer: ConfigBucketPreview['trainer']): string => trainer;

/**
 * Why a folder trains less than it looks like, each a sentence with what to do: it cannot be read,
 * nothing in it can be trained, or its images have no caption of the extension set (".txt" chosen,
 * ".caption" files on disk).
 */
export function folderProblems(
  folder: ConfigBucketFolder,
  trainer: ConfigBucketPreview['trainer'],
  list: FolderList,
): string[] {
  const name = trainerName(trainer);
  if (folder.problem !== null) {
    const problem = folder.problem.replace(/\.$/, '');
    if (folder.path === '') return [`${problem}.`];
    return [`${problem}. Check the path in ${list.folderLabel}, or choose another folder.`];
  }
  const problems: string[] = [];
  const missing = folder.missingCaptions ?? 0;
  const allMissing = missing > 0 && missing >= folder.images + folder.left.length;
  if (folder.images === 0 && folder.left.length === 0)
    problems.push(
      `No images in ${folder.path}: ${name} trains nothing from it. Put the images directly in this folder (not in sub-folders), or choose another folder.`,
    );
  else if (folder.images === 0 && !allMissing)
    problems.push(`None of the images in ${folder.path} can be trained; the reasons are listed below.`);
  if (missing > 0) {
    const extension = folder.captionExtension ?? '.txt';
    const what =
      trainer === 'sd-scripts'
        ? 'sd-scripts trains them with an empty caption'
        : 'diffusion-pipe leaves them out unless "Skip uncaptioned images" is off';
    problems.push(
      allMissing
        ? `No image in this folder has a ${extension} caption file: ${what}. Set the caption extension to the one your caption files have, or write captions.`
        : `${missing} image${missing === 1 ? ' has' : 's have'} no ${extension} caption file: ${what}.`,
    );
  }
  return problems;
}

export interface BucketRow {
  key: string;
  size: string;
  images: number;
  imagesWithRepeats: number;
  batches: number;
  /** 0–100: its share of the fullest bucket, for the bar. */
  share: number;
}

/** Every bucket of every pool, in the order the host gives them. */
export function bucketRows(
  preview: ConfigBucketPreview,
): { group: number; batchSize: number; rows: BucketRow[] }[] {
  return preview.groups.map((group) => {
    const most = Math.max(1, ...group.buckets.map((bucket) => bucket.imagesWithRepeats));
    const rows = group.buckets.map((bucket) => ({
      key: `${bucket.width}x${bucket.height}x${bucket.frames}x${bucket.aspectRatio ?? ''}`,
      size: `${bucket.width}×${bucket.height}${bucket.frames > 1 ? ` × ${bucket.frames} frames` : ''}`,
      images: bucket.images,
      imagesWithRepeats: bucket.imagesWithRepeats,
      batches: bucket.steps,
      share: Math.round((bucket.imagesWithRepeats / most) * 100),
    }));
    return { group: group.group, batchSize: group.batchSize, rows };
  });
}

/**
 * The host's warnings for the user: a folder's field ("values.subsets.0.image_dir: …") becomes
 * "Folder 1 (path): …", and "no image it can train" is left out where the folder row already says so.
 */
export function readableWarnings(preview: ConfigBucketPreview, list: FolderList): string[] {
  const out: string[] = [];
  for (const warning of preview.warnings) {
    const index = preview.folders.findIndex((folder) => warning.startsWith(`${folder.field}: `));
    const folder = preview.folders[index];
    if (!folder) {
      out.push(warning);
      continue;
    }
    const rest = warning.slice(folder.field.length + 2);
    if (folderProblems(folder, preview.trainer, list).length > 0 && /^no image/.test(rest)) continue;
    out.push(`Folder ${index + 1}${folder.path ? ` (${folder.path})` : ''}: ${rest}`);
  }
  return out;
}
