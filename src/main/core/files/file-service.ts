/**
 * What the hosts' file routes call: the guard, then the bytes (a thumbnail or the original file). The
 * job output folders come from a provider the supervisor sets; until then there are none.
 */
import { realpathSync } from 'node:fs';
import type { DatasetFileLookup } from '../datasets/dataset-service';
import { contentTypeOf } from './content-types';
import { guardFileRequest, type FileAccess, type FileRequest } from './file-access-guard';
import { createThumbnailMaker, thumbnailSizes, type Thumbnail } from './thumbnails';

export interface FileService {
  /** Guard a request: the real file to serve, or why not. */
  resolve(request: FileRequest): FileAccess;
  /** The file's Content-Type. */
  contentType(file: string): string;
  thumbnail(file: string, size: number): Promise<Thumbnail>;
  /** The nearest thumbnail size the cache keeps (so sizes cannot fill the disk). */
  thumbnailSize(requested: number): number;
  setJobOutputFolders(provider: () => string[]): void;
}

export function createFileService(options: {
  dataDir: string;
  datasets: DatasetFileLookup;
  jobOutputFolders?: () => string[];
}): FileService {
  let jobOutputFolders = options.jobOutputFolders ?? (() => []);
  const thumbnails = createThumbnailMaker(options.dataDir);
  return {
    resolve: (request) =>
      guardFileRequest(request, {
        datasetFile: (id, path) => options.datasets.datasetFile(id, path),
        jobOutputFolders: () => jobOutputFolders(),
        realPath: (path) => {
          try {
            return realpathSync(path);
          } catch {
            return null;
          }
        },
      }),
    contentType: contentTypeOf,
    thumbnail: (file, size) => thumbnails.thumbnail(file, size),
    thumbnailSize: (requested) => thumbnailSizes.find((s) => s >= requested) ?? 512,
    setJobOutputFolders(provider) {
      jobOutputFolders = provider;
    },
  };
}
