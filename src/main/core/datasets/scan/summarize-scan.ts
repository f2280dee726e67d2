/** The scan summary the UI shows, from the scanned files: counts, subsets, sizes, the first issues. Pure. */
import type { DatasetIssue, DatasetScanSummary, DatasetSubset } from '../../../../shared/contract';
import { orientationWarning } from './read-image-header';
import type { ScannedFile } from './scan-record';

const maxIssues = 200;

/** sd-scripts' reading of a folder name: "<repeats>_<class tokens>", split on the first "_". */
export function parseRepeatFolder(name: string): { repeats: number; classTokens: string } | null {
  const [first = '', ...rest] = name.split('_');
  // Python's int() accepts surrounding blanks and a sign; a repeat count below 1 is ignored like no prefix.
  if (!/^\s*\+?\d+\s*$/.test(first)) return null;
  const repeats = Number.parseInt(first.trim(), 10);
  return repeats >= 1 ? { repeats, classTokens: rest.join('_') } : null;
}

export function fileIssues(file: ScannedFile): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  if (file.problem !== null) {
    const unreadable = file.problem.startsWith('cannot be');
    issues.push({
      kind: unreadable ? 'unreadable' : 'corrupt',
      path: file.path,
      message: `This file ${file.problem.replace(/[.\s]+$/, '')}: ${unreadable ? 'check that DPGui may read it' : 're-save it as an image or video the trainer reads'}, or take it out of the folder.`,
    });
    return issues;
  }
  if (file.sizeUnknown) {
    issues.push({
      kind: 'video_size_unknown',
      path: file.path,
      message: 'Its size is unknown without ffprobe.',
    });
  }
  const warning = orientationWarning(file.orientation);
  if (warning) issues.push({ kind: 'exif_orientation', path: file.path, message: `${warning}.` });
  switch (file.caption) {
    case 'missing':
      issues.push({ kind: 'missing_caption', path: file.path, message: 'No caption file.' });
      break;
    case 'empty':
      issues.push({
        kind: 'empty_caption',
        path: file.path,
        message: 'The caption file is empty (sd-scripts stops on an empty caption file).',
      });
      break;
    case 'non_utf8':
      issues.push({
        kind: 'non_utf8_caption',
        path: file.path,
        message:
          'The caption is not UTF-8 (sd-scripts stops on it); it is shown decoded lossily and never rewritten without your say.',
      });
      break;
    case 'unreadable':
      issues.push({
        kind: 'unreadable',
        path: file.path,
        message: file.captionProblem
          ? `The caption file cannot be read: ${file.captionProblem}.`
          : 'The caption file cannot be read.',
      });
      break;
    default:
      break;
  }
  return issues;
}

export function summarizeScan(
  files: readonly ScannedFile[],
  folderIssues: readonly DatasetIssue[],
  meta: Pick<DatasetScanSummary, 'scannedAt' | 'durationMs' | 'captionExtension' | 'notes'>,
): DatasetScanSummary {
  const counts = {
    images: 0,
    videos: 0,
    captioned: 0,
    missingCaptions: 0,
    emptyCaptions: 0,
    nonUtf8Captions: 0,
    corrupt: 0,
    unreadable: folderIssues.length,
    orientationWarnings: 0,
  };
  const subsets = new Map<string, DatasetSubset>();
  const sizes = new Map<string, { width: number; height: number; count: number }>();
  const issues: DatasetIssue[] = [...folderIssues];
  let totalIssues = folderIssues.length;
  for (const file of files) {
    const subset =
      subsets.get(file.subset) ??
      (() => {
        const isChild = file.subset !== '' && !file.subset.includes('/');
        const parsed = isChild ? parseRepeatFolder(file.subset) : null;
        const created: DatasetSubset = {
          path: file.subset,
          repeats: parsed?.repeats ?? null,
          classTokens: parsed?.classTokens ?? null,
          images: 0,
          videos: 0,
        };
        subsets.set(file.subset, created);
        return created;
      })();
    if (file.kind === 'image') {
      counts.images += 1;
      subset.images += 1;
    } else {
      counts.videos += 1;
      subset.videos += 1;
    }
    if (file.problem !== null) {
      if (file.problem.startsWith('cannot be')) counts.unreadable += 1;
      else counts.corrupt += 1;
    } else {
      if (orientationWarning(file.orientation)) counts.orientationWarnings += 1;
      if (file.width !== null && file.height !== null) {
        const key = `${file.width}x${file.height}`;
        const entry = sizes.get(key) ?? { width: file.width, height: file.height, count: 0 };
        entry.count += 1;
        sizes.set(key, entry);
      }
    }
    if (file.caption === 'ok') counts.captioned += 1;
    else if (file.caption === 'missing') counts.missingCaptions += 1;
    else if (file.caption === 'empty') counts.emptyCaptions += 1;
    else if (file.caption === 'non_utf8') counts.nonUtf8Captions += 1;
    else counts.unreadable += 1;
    const found = fileIssues(file);
    totalIssues += found.length;
    if (issues.length < maxIssues) issues.push(...found);
  }
  return {
    ...meta,
    counts,
    subsets: [...subsets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    resolutions: [...sizes.values()].sort(
      (a, b) => b.count - a.count || a.width - b.width || a.height - b.height,
    ),
    issues: issues.slice(0, maxIssues),
    issuesLeftOut: totalIssues - Math.min(issues.length, maxIssues),
  };
}
