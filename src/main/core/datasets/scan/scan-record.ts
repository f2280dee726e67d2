/** What a scan keeps about each file (also its cache between scans: size and mtime decide a re-read). */
import type {
  CaptionState,
  DatasetIssue,
  DatasetScanSummary,
  EventPayloadOf,
} from '../../../../shared/contract';
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
  /** Why an `unreadable` caption cannot be read; absent in caches written before it was kept. */
  captionProblem?: string | null;
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

/** What the worker reports; the service adds the dataset's id (and reports `canceled` itself). */
export type ScanProgress = Omit<EventPayloadOf<'dataset.scanProgress'>, 'id' | 'phase'> & {
  phase: 'listing' | 'reading' | 'done';
};

/** How far a walk may go: past `warnEntries` the progress says so; at `maxEntries` the walk stops. */
export interface ScanLimits {
  warnEntries: number;
  maxEntries: number;
}

export const defaultScanLimits: ScanLimits = { warnEntries: 100_000, maxEntries: 1_000_000 };
