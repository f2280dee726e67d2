/**
 * What the Datasets view says about a scan, as plain values: the headline counts, the image sizes and
 * aspect ratios, and the problems grouped by kind with what to do about each. Pure.
 */
import type { DatasetIssue, DatasetIssueKind, DatasetScanSummary } from '../../../../shared/contract';

export interface AspectShare {
  /** "1:1", "3:2", "16:9", … or "other". */
  label: string;
  /** Landscape, portrait or square, for the reader who thinks in those. */
  shape: 'square' | 'landscape' | 'portrait' | 'mixed';
  count: number;
}

export interface SizeStats {
  smallest: { width: number; height: number } | null;
  largest: { width: number; height: number } | null;
  /** The most frequent size and how many have it. */
  common: { width: number; height: number; count: number } | null;
  distinct: number;
  /** Images below 512 pixels on their shorter side (upscaled by the trainer, or left out with no-upscale). */
  small: number;
}

const ratios: readonly [number, number][] = [
  [1, 1],
  [5, 4],
  [4, 3],
  [3, 2],
  [16, 10],
  [16, 9],
  [2, 1],
  [21, 9],
];

/** The named ratio within 3 % of width/height ("4:3", "3:4"), or null. */
export function aspectLabel(width: number, height: number): string | null {
  if (width <= 0 || height <= 0) return null;
  const landscape = width >= height;
  const r = landscape ? width / height : height / width;
  for (const [a, b] of ratios) {
    if (Math.abs(r / (a / b) - 1) <= 0.03) return landscape || a === b ? `${a}:${b}` : `${b}:${a}`;
  }
  return null;
}

export function aspectShares(resolutions: DatasetScanSummary['resolutions']): AspectShare[] {
  const byLabel = new Map<string, AspectShare>();
  for (const { width, height, count } of resolutions) {
    const label = aspectLabel(width, height) ?? 'other';
    const shape =
      label === 'other' ? 'mixed' : width === height ? 'square' : width > height ? 'landscape' : 'portrait';
    const held = byLabel.get(label) ?? { label, shape, count: 0 };
    held.count += count;
    byLabel.set(label, held);
  }
  // Most frequent first; "other" last whatever its count.
  return [...byLabel.values()].sort(
    (a, b) => Number(a.label === 'other') - Number(b.label === 'other') || b.count - a.count,
  );
}

export function sizeStats(resolutions: DatasetScanSummary['resolutions']): SizeStats {
  let smallest: SizeStats['smallest'] = null;
  let largest: SizeStats['largest'] = null;
  let common: SizeStats['common'] = null;
  let small = 0;
  for (const { width, height, count } of resolutions) {
    const area = width * height;
    if (!smallest || area < smallest.width * smallest.height) smallest = { width, height };
    if (!largest || area > largest.width * largest.height) largest = { width, height };
    if (!common || count > common.count) common = { width, height, count };
    if (Math.min(width, height) < 512) small += count;
  }
  return { smallest, largest, common, distinct: resolutions.length, small };
}

export interface ProblemGroup {
  kind: DatasetIssueKind;
  title: string;
  /** What to do about it, in one or two sentences. */
  advice: string;
  /** How many files have it (from the counts where the scan counts it, else the listed issues). */
  count: number;
  issues: DatasetIssue[];
}

const problemText: Record<DatasetIssueKind, { title: string; advice: string }> = {
  corrupt: {
    title: 'Files that cannot be decoded',
    advice:
      'Re-save them as PNG, JPEG or WebP, or take them out of the folder: a trainer stops on an image it cannot read.',
  },
  unreadable: {
    title: 'Files DPGui may not read',
    advice:
      'Give the user running DPGui read access to them (or their folder), or take them out of the folder.',
  },
  broken_link: {
    title: 'Links that point nowhere',
    advice: 'Point the links at existing files or delete them.',
  },
  symlink_loop: {
    title: 'Links that loop back',
    advice: 'Remove the link that points back into its own folder; the scan skips it.',
  },
  missing_caption: {
    title: 'Images without a caption',
    advice:
      'Select an image and write its caption in the editor beside it, or give them all the same text with Bulk edit. Without one, sd-scripts trains the image on the folder’s class tokens (or an empty caption) and diffusion-pipe leaves it out.',
  },
  empty_caption: {
    title: 'Empty caption files',
    advice:
      'Write a caption into each, or delete the empty files if the images should train on class tokens.',
  },
  non_utf8_caption: {
    title: 'Captions that are not UTF-8',
    advice:
      'Save them as UTF-8 in a text editor; DPGui shows them decoded and does not rewrite them unless you save.',
  },
  exif_orientation: {
    title: 'Photos turned by their EXIF tag',
    advice:
      'Trainers read the pixels as stored, not as a viewer turns them: rotate the pixels (re-save the image upright) so the image trains the way it looks.',
  },
  video_size_unknown: {
    title: 'Videos of unknown size',
    advice: 'Install ffprobe (part of ffmpeg) on the machine running DPGui and scan again.',
  },
};

const countedKinds: Partial<Record<DatasetIssueKind, (c: DatasetScanSummary['counts']) => number>> = {
  missing_caption: (c) => c.missingCaptions,
  empty_caption: (c) => c.emptyCaptions,
  non_utf8_caption: (c) => c.nonUtf8Captions,
  corrupt: (c) => c.corrupt,
  exif_orientation: (c) => c.orientationWarnings,
};

/** The scan's problems by kind, in the order they matter (files that stop a training first). */
export function problemGroups(scan: DatasetScanSummary): ProblemGroup[] {
  const order: DatasetIssueKind[] = [
    'corrupt',
    'unreadable',
    'non_utf8_caption',
    'empty_caption',
    'missing_caption',
    'exif_orientation',
    'broken_link',
    'symlink_loop',
    'video_size_unknown',
  ];
  return order.flatMap((kind): ProblemGroup[] => {
    const issues = scan.issues.filter((issue) => issue.kind === kind);
    const counted = countedKinds[kind]?.(scan.counts);
    const count = Math.max(counted ?? 0, issues.length);
    return count === 0 ? [] : [{ kind, ...problemText[kind], count, issues }];
  });
}

/** Files that have a problem, for the list's badge. */
export function problemCount(scan: DatasetScanSummary): number {
  return problemGroups(scan).reduce((sum, group) => sum + group.count, 0);
}

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
