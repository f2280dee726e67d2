/**
 * How many of a folder's images and videos (those directly in it, as both trainers read it) have no
 * caption file of the folder's caption extension: the sign of a caption extension that does not
 * match the captions (".txt" set, ".caption" files on disk), which the editor names.
 */
import type { ConfigFolderScan } from '../runtime';

export function missingCaptionsOf(scan: ConfigFolderScan | undefined): number {
  let missing = 0;
  for (const file of scan?.files ?? []) if (file.subset === '' && file.caption === 'missing') missing += 1;
  return missing;
}
