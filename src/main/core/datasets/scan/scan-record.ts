/** What a scan keeps about each file (also its cache between scans: size and mtime decide a re-read). */
import type { CaptionState, DatasetIssue, DatasetScanSummary } from '../../../../shared/contract';
import type { MediaKind } from './media-kinds';

export interface ScannedFile {
  /** Relative to the dataset folder, "/" separators: the name requests use. */
  path: string;
  /** The file's resolved real path when it was scanned: the only path the file route serves. */
  realPath: string;
  kind: MediaKind;
  /** The folder it is in, relative ("" for the dataset folder). */
  subset: string;
  bytes: number;
  mtimeMs: number;
  width: number | null;
  height: number | null;
  frames: number | null;
  orientation: number | null;
  problem: string | null;
  /** True where the size could not be found out without the missing tool (not a fault of the file). */
  sizeUnknown: boolean;
  caption: CaptionState;
  captionBytes: number | null;
  captionMtimeMs: number | null;
}

export interface ScanRecord {
  version: 1;
  datasetPath: string;
  captionExtension: string;
  files: ScannedFile[];
  /** Problems that belong to folders and links rather than to one media file. */
  folderIssues: DatasetIssue[];
  summary: DatasetScanSummary;
}

export interface ScanProgress {
  phase: 'listing' | 'reading' | 'done';
  done: number;
  total: number;
}
