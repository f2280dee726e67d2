/** Which scanned files a bucket preview can place, for every trainer's rules. */
import type { BucketPreview } from '../../../../shared/contract';
import type { ScannedFile } from '../../datasets/scan/scan-record';

export type Left = BucketPreview['left'];

/** A readable file of known size; any other is listed in `left` with the reason. */
export function usable(
  file: ScannedFile,
  left: Left,
): file is ScannedFile & { width: number; height: number } {
  if (file.problem !== null) {
    left.push({ path: file.path, reason: `the file ${file.problem}` });
    return false;
  }
  if (file.width === null || file.height === null) {
    left.push({ path: file.path, reason: 'its size is unknown' });
    return false;
  }
  return true;
}
