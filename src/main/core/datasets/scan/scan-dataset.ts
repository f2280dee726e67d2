/**
 * One scan of a dataset folder: list it, then read the header of each media file and the state of its
 * caption — reusing the previous scan's answer for every file whose size and modification time have
 * not changed. Synchronous file-system calls: this runs in a worker thread (scan-worker.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptionState } from '../../../../shared/contract';
import { decodeCaption } from './caption-text';
import { captionNameFor } from './media-kinds';
import { readImageHeader } from './read-image-header';
import { hasFfprobe, readVideoHeader } from './read-video-header';
import type { ScannedFile, ScanProgress, ScanRecord } from './scan-record';
import { summarizeScan } from './summarize-scan';
import { walkDataset, type ListedFile } from './walk-dataset';

export interface ScanInput {
  datasetPath: string;
  captionExtension: string;
  previous: ScanRecord | null;
  now: string;
}

export function scanDataset(
  input: ScanInput,
  onProgress: (progress: ScanProgress) => void = () => {},
): ScanRecord {
  const started = performance.now();
  let lastReport = 0;
  const report = (progress: ScanProgress, force = false): void => {
    const t = performance.now();
    if (!force && t - lastReport < 100) return;
    lastReport = t;
    onProgress(progress);
  };
  const listing = walkDataset(input.datasetPath, (done) => report({ phase: 'listing', done, total: 0 }));
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
  if (files.some((f) => f.kind === 'video') && !hasFfprobe()) {
    notes.push(
      'ffprobe is not installed (Debian package ffmpeg): MP4/MOV sizes come from their headers, other video sizes are unknown, and video thumbnails are placeholders.',
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
    return { ...file, caption: 'missing', captionBytes: null, captionMtimeMs: null };
  const captionFile = join(folder.absolutePath, name);
  try {
    const stat = statSync(captionFile);
    if (
      sameCaptions &&
      previous &&
      previous.captionBytes === stat.size &&
      previous.captionMtimeMs === stat.mtimeMs &&
      previous.caption !== 'unreadable'
    ) {
      return { ...file, caption: previous.caption, captionBytes: stat.size, captionMtimeMs: stat.mtimeMs };
    }
    const caption: CaptionState = stat.size === 0 ? 'empty' : captionStateOf(readFileSync(captionFile));
    return { ...file, caption, captionBytes: stat.size, captionMtimeMs: stat.mtimeMs };
  } catch {
    return { ...file, caption: 'unreadable', captionBytes: null, captionMtimeMs: null };
  }
}

function captionStateOf(bytes: Buffer): CaptionState {
  const decoded = decodeCaption(bytes);
  if (!decoded.utf8) return 'non_utf8';
  return decoded.text.trim() === '' ? 'empty' : 'ok';
}
