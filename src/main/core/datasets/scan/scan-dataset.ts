/**
 * One scan of a dataset folder: list it, then read the header of each media file and the state of its
 * caption — reusing the previous scan's answer for every file whose size and modification time have
 * not changed. Synchronous file-system calls: this runs in a worker thread (scan-worker.ts). Captions
 * are read as any file DPGui did not make: regular files only, at most `maxCaptionBytes`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptionState } from '../../../../shared/contract';
import { notAFileError, readUserFileSync } from '../../fs/read-user-file';
import { captionProblemOf, decodeCaption, maxCaptionBytes } from './caption-text';
import { captionNameFor } from './media-kinds';
import { readImageHeader } from './read-image-header';
import { hasFfprobe, readVideoHeader } from './read-video-header';
import {
  defaultScanLimits,
  type ScanLimits,
  type ScannedFile,
  type ScanProgress,
  type ScanRecord,
} from './scan-record';
import { summarizeScan } from './summarize-scan';
import { walkDataset, type ListedFile } from './walk-dataset';

export interface ScanInput {
  datasetPath: string;
  captionExtension: string;
  previous: ScanRecord | null;
  now: string;
  limits?: ScanLimits;
  /** The user's home folder (links to it are not followed). */
  home?: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** What the progress and the summary say once the walk passed `warnEntries`. */
export function largeFolderWarning(limits: ScanLimits): string {
  return `This folder holds more than ${count(limits.warnEntries)} entries: the scan may take long (it stops at ${count(limits.maxEntries)}). Cancel it (datasets.cancelScan) if this is not the dataset folder you meant.`;
}

export function stoppedWalkNote(limits: ScanLimits): string {
  return `The scan stopped after ${count(limits.maxEntries)} folder entries, its limit: files beyond them are left out. Register the folder that holds only the dataset.`;
}

export function scanDataset(
  input: ScanInput,
  onProgress: (progress: ScanProgress) => void = () => {},
): ScanRecord {
  const started = performance.now();
  const limits = input.limits ?? defaultScanLimits;
  // The first report goes out at once: a client sees the scan start (and can cancel it) right away.
  let lastReport = Number.NEGATIVE_INFINITY;
  let warning: string | undefined;
  let entries = 0;
  const report = (progress: Omit<ScanProgress, 'entries' | 'warning'>, force = false): void => {
    const t = performance.now();
    // Passing the threshold is reported at once, not up to 100 ms later.
    const warnNow = warning === undefined && entries > limits.warnEntries;
    if (warnNow) warning = largeFolderWarning(limits);
    if (!force && !warnNow && t - lastReport < 100) return;
    lastReport = t;
    onProgress({ ...progress, entries, ...(warning === undefined ? {} : { warning }) });
  };
  const listing = walkDataset(input.datasetPath, {
    limits,
    home: input.home ?? '',
    onFolder: (done, seen) => {
      entries = seen;
      report({ phase: 'listing', done, total: 0 });
    },
  });
  entries = listing.entries;
  const sameCaptions = input.previous?.captionExtension === input.captionExtension;
  const cached = new Map((input.previous?.files ?? []).map((file) => [file.path, file]));
  const namesByFolder = new Map(listing.folders.map((folder) => [folder.path, folder]));
  const total = listing.files.length;
  const files: ScannedFile[] = [];
  listing.files.forEach((listed, index) => {
    files.push(
      scanFile(listed, cached.get(listed.path), sameCaptions, input.captionExtension, namesByFolder),
    );
    report({ phase: 'reading', done: index + 1, total });
  });
  report({ phase: 'done', done: total, total }, true);
  const notes: string[] = [];
  if (warning !== undefined) notes.push(warning);
  if (listing.stopped) notes.push(stoppedWalkNote(limits));
  if (files.some((f) => f.kind === 'video') && !hasFfprobe()) {
    notes.push(
      'ffprobe is not installed (Debian package ffmpeg): MP4, MOV, WebM and MKV sizes come from their headers, frame counts are unknown, and video thumbnails are placeholders.',
    );
  }
  return {
    version: 1,
    datasetPath: input.datasetPath,
    captionExtension: input.captionExtension,
    files,
    folderIssues: listing.issues,
    summary: summarizeScan(files, listing.issues, {
      scannedAt: input.now,
      durationMs: Math.round(performance.now() - started),
      captionExtension: input.captionExtension,
      notes,
    }),
  };
}

function scanFile(
  listed: ListedFile,
  previous: ScannedFile | undefined,
  sameCaptions: boolean,
  captionExtension: string,
  folders: Map<string, { absolutePath: string; names: Set<string> }>,
): ScannedFile {
  const base: ScannedFile = {
    path: listed.path,
    realPath: listed.realPath,
    kind: listed.kind,
    subset: listed.subset,
    bytes: 0,
    mtimeMs: 0,
    width: null,
    height: null,
    frames: null,
    orientation: null,
    problem: null,
    sizeUnknown: false,
    caption: 'missing',
    captionProblem: null,
    captionBytes: null,
    captionMtimeMs: null,
  };
  let file: ScannedFile;
  try {
    const stat = statSync(listed.absolutePath);
    base.bytes = stat.size;
    base.mtimeMs = stat.mtimeMs;
    const unchanged =
      previous !== undefined &&
      previous.bytes === stat.size &&
      previous.mtimeMs === stat.mtimeMs &&
      previous.realPath === listed.realPath &&
      !previous.sizeUnknown;
    file = unchanged ? { ...previous, subset: listed.subset } : readHeader(base, listed);
  } catch (error) {
    return { ...base, problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  return readCaptionState(file, previous, sameCaptions, captionExtension, folders.get(listed.subset));
}

function readHeader(base: ScannedFile, listed: ListedFile): ScannedFile {
  if (listed.kind === 'image') {
    const header = readImageHeader(listed.absolutePath, base.bytes);
    return header.ok
      ? { ...base, width: header.width, height: header.height, orientation: header.orientation, frames: 1 }
      : { ...base, problem: header.reason };
  }
  const header = readVideoHeader(listed.absolutePath);
  if (header.ok) return { ...base, width: header.width, height: header.height, frames: header.frames };
  return header.unknown ? { ...base, sizeUnknown: true } : { ...base, problem: header.reason };
}

function readCaptionState(
  file: ScannedFile,
  previous: ScannedFile | undefined,
  sameCaptions: boolean,
  captionExtension: string,
  folder: { absolutePath: string; names: Set<string> } | undefined,
): ScannedFile {
  const name = captionNameFor(file.path.slice(file.path.lastIndexOf('/') + 1), captionExtension);
  if (!folder?.names.has(name))
    return { ...file, caption: 'missing', captionProblem: null, captionBytes: null, captionMtimeMs: null };
  const captionFile = join(folder.absolutePath, name);
  try {
    const stat = statSync(captionFile);
    // A FIFO, a device or a folder reports size 0: never "empty", and never opened for reading.
    if (!stat.isFile()) throw notAFileError(captionFile, stat, maxCaptionBytes);
    if (
      sameCaptions &&
      previous &&
      previous.captionBytes === stat.size &&
      previous.captionMtimeMs === stat.mtimeMs &&
      previous.caption !== 'unreadable'
    ) {
      return {
        ...file,
        caption: previous.caption,
        captionProblem: null,
        captionBytes: stat.size,
        captionMtimeMs: stat.mtimeMs,
      };
    }
    const caption = captionStateOf(readUserFileSync(captionFile, maxCaptionBytes));
    return { ...file, caption, captionProblem: null, captionBytes: stat.size, captionMtimeMs: stat.mtimeMs };
  } catch (error) {
    return {
      ...file,
      caption: 'unreadable',
      captionProblem: captionProblemOf(error),
      captionBytes: null,
      captionMtimeMs: null,
    };
  }
}

function captionStateOf(bytes: Buffer): CaptionState {
  const decoded = decodeCaption(bytes);
  if (!decoded.utf8) return 'non_utf8';
  return decoded.text.trim() === '' ? 'empty' : 'ok';
}
