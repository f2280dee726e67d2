/**
 * The one rule for every file the UI sees (thumbnails, originals, samples): a file is served only if
 * (a) the last scan of a registered dataset enumerated it, named by its dataset-relative path, and it
 * still resolves to the real path the scan recorded; or (b) its real path lies inside an output folder
 * of one of DPGui's jobs. Nothing in the request is used as a path to open: `..`, encoded forms,
 * absolute paths and links pointing out all fail one of the two lookups. Pure: the file system comes
 * in as `world`, so each case is tested with plain values.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { MediaKind } from '../datasets/scan/media-kinds';

export type FileRequest =
  { source: 'dataset'; datasetId: string; path: string } | { source: 'job-output'; path: string };

export interface FileWorld {
  datasetFile(
    datasetId: string,
    path: string,
  ): { absolutePath: string; realPath: string; kind: MediaKind } | undefined;
  /** Real paths of the output folders of DPGui's jobs (those that exist), for a request of `path`. */
  jobOutputFolders(path: string): readonly string[];
  /** realpath(3), or null where the path does not resolve. */
  realPath(path: string): string | null;
}

/** `kind`: what the scan found a dataset file to be; null for a job output (known by name only). */
export type FileAccess =
  { ok: true; file: string; kind: MediaKind | null } | { ok: false; status: 400 | 403 | 404; reason: string };

const refuse = (status: 400 | 403 | 404, reason: string): FileAccess => ({ ok: false, status, reason });

export function guardFileRequest(request: FileRequest, world: FileWorld): FileAccess {
  if (request.path.includes('\0') || (request.source === 'dataset' && request.datasetId.includes('\0')))
    return refuse(400, 'A path cannot contain a NUL character.');
  if (request.source === 'dataset') {
    const entry = world.datasetFile(request.datasetId, request.path);
    if (!entry) return refuse(404, 'Not a file of that dataset’s last scan.');
    // Swapped for a link (or moved) since the scan: whatever it points at now was never enumerated.
    if (world.realPath(entry.absolutePath) !== entry.realPath) {
      return refuse(403, 'The file changed since the scan; scan the dataset again.');
    }
    return { ok: true, file: entry.realPath, kind: entry.kind };
  }
  if (!isAbsolute(request.path)) return refuse(400, 'A job output file is named by its absolute path.');
  const real = world.realPath(request.path);
  if (real === null) return refuse(404, 'No such file.');
  for (const folder of world.jobOutputFolders(request.path)) {
    if (isStrictlyInside(real, folder)) return { ok: true, file: real, kind: null };
  }
  return refuse(403, 'Not inside an output folder of a DPGui job.');
}

export function isStrictlyInside(child: string, folder: string): boolean {
  const rel = relative(folder, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
