/** A scan as a job with files for input and output: what the worker runs (and the in-process fallback). */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../fs/write-file-atomic';
import { scanDataset } from './scan-dataset';
import type { ScanLimits, ScanProgress, ScanRecord } from './scan-record';

export interface ScanJob {
  datasetPath: string;
  captionExtension: string;
  /** The cache file: read as the previous scan (unless `full`), written with the new one. */
  cacheFile: string;
  full: boolean;
  now: string;
  limits: ScanLimits;
  /** The user's home folder (links to it are not followed). */
  home: string;
}

export type ScanWorkerMessage =
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'done'; record: ScanRecord }
  | { type: 'failed'; message: string; code: string | null };

export function readScanCache(cacheFile: string): ScanRecord | null {
  try {
    if (!existsSync(cacheFile)) return null;
    const parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as ScanRecord;
    return Array.isArray(parsed.files) ? parsed : null;
  } catch {
    return null; // a damaged cache only costs a full scan
  }
}

export function runScanJob(job: ScanJob, onProgress: (progress: ScanProgress) => void): ScanRecord {
  const previous = job.full ? null : readScanCache(job.cacheFile);
  const record = scanDataset(
    {
      datasetPath: job.datasetPath,
      captionExtension: job.captionExtension,
      previous: previous?.datasetPath === job.datasetPath ? previous : null,
      now: job.now,
      limits: job.limits,
      home: job.home,
    },
    onProgress,
  );
  mkdirSync(dirname(job.cacheFile), { recursive: true });
  writeFileAtomic(job.cacheFile, JSON.stringify(record));
  return record;
}
