/**
 * The bucket preview of a scanned dataset: the files the trainer named in the settings would read, run
 * through its bucketing (each trainer's rules are in its runtime, src/main/core/trainers/<kind>/).
 */
import type { BucketPreview } from '../../../../shared/contract';
import { trainerRuntime } from '../../trainers';
import type { BucketSettings } from '../../trainers/runtime';
import type { ScanRecord } from '../scan/scan-record';

export function previewBuckets(
  record: ScanRecord,
  settings: BucketSettings,
  includeFiles: boolean,
): BucketPreview {
  return trainerRuntime(settings.trainer).previewBuckets(record.files, settings, includeFiles);
}
