/**
 * What the hosts' file routes call: the guard, then the bytes (a thumbnail, an original, a job's
 * output), each route's file work bounded (work-limiter.ts) so a slow or hostile file cannot take the
 * thread pool from the rest of the app. The job output folders come from a provider the supervisor
 * sets; until then there are none.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import type { DatasetFileLookup } from '../datasets/dataset-service';
import { guardFileRequest, type FileAccess, type FileRequest } from './file-access-guard';
import { openServedFile, refusal, refusalOfOpenError, type FileAnswer } from './open-served-file';
import { servePlanOf } from './serve-policy';
import { createThumbnailMaker, NoThumbnailError, thumbnailSizes } from './thumbnails';
import { bothLimits, BusyError, createWorkLimiter, type WorkLimiter, type WorkLimits } from './work-limiter';

export type { FileAnswer } from './open-served-file';

export type FileRoute = 'thumbnail' | 'original' | 'job-output';

export interface FileService {
  /** Guard a request: the real file it names, or why not (nothing is opened). */
  resolve(request: FileRequest): FileAccess;
  /**
   * Guard a request and open what it names: a thumbnail when `thumbnailSize` is given, else the file
   * itself (a stream of exactly `length` bytes, or a checked buffer), or why not.
   */
  serve(request: FileRequest, options?: { thumbnailSize?: number | null }): Promise<FileAnswer>;
  /** The nearest thumbnail size the cache keeps (so sizes cannot fill the disk). */
  thumbnailSize(requested: number): number;
  setJobOutputFolders(provider: () => string[]): void;
}

/** libuv's pool, which every file open and read (and sharp) runs on. */
const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/** All file routes together leave one pool thread to the rest of the app; one route takes at most 2. */
export function fileWorkLimits(poolSize = threadPoolSize): { shared: WorkLimits; perRoute: WorkLimits } {
  const shared = Math.max(1, poolSize - 1);
  const queue = { maxWaiting: 64, maxWaitMs: 10_000 };
  return {
    shared: { concurrency: shared, ...queue },
    perRoute: { concurrency: Math.min(2, shared), ...queue },
  };
}

export function createFileService(options: {
  dataDir: string;
  datasets: DatasetFileLookup;
  jobOutputFolders?: () => string[];
}): FileService {
  let jobOutputFolders = options.jobOutputFolders ?? (() => []);
  const thumbnails = createThumbnailMaker(options.dataDir);
  const limits = fileWorkLimits();
  const shared = createWorkLimiter(limits.shared);
  const routes: Record<FileRoute, WorkLimiter> = {
    thumbnail: createWorkLimiter(limits.perRoute),
    original: createWorkLimiter(limits.perRoute),
    'job-output': createWorkLimiter(limits.perRoute),
  };
  const gated = (route: FileRoute) => bothLimits(routes[route], shared);

  const realPath = (path: string): string | null => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  // The provider hands out the same list until the queue changes: resolve its folders once per list,
  // not once per request (thousands of jobs). A folder that did not exist then (a job not started) is
  // looked up again only when a request names a path below it.
  const folderIndexes = new WeakMap<readonly string[], { real: string[]; pending: Set<string> }>();
  const realJobOutputFolders = (requested: string): readonly string[] => {
    const folders = jobOutputFolders();
    let index = folderIndexes.get(folders);
    if (!index) {
      index = { real: [], pending: new Set() };
      for (const folder of new Set(folders)) {
        const real = realPath(folder);
        if (real === null) index.pending.add(resolvePath(folder));
        else index.real.push(real);
      }
      folderIndexes.set(folders, index);
    }
    for (let above = dirname(resolvePath(requested)); above !== dirname(above); above = dirname(above)) {
      if (!index.pending.has(above)) continue;
      const real = realPath(above);
      if (real === null) continue;
      index.pending.delete(above);
      index.real.push(real);
    }
    return index.real;
  };

  const resolve = (request: FileRequest): FileAccess =>
    guardFileRequest(request, {
      datasetFile: (id, path) => options.datasets.datasetFile(id, path),
      jobOutputFolders: realJobOutputFolders,
      realPath,
    });

  const busy = (error: BusyError): FileAnswer => ({
    ...refusal(503, error.message),
    retryAfterSeconds: error.retryAfterSeconds,
  });

  return {
    resolve,
    async serve(request, serveOptions) {
      const access = resolve(request);
      if (!access.ok) return access;
      const thumbnailSize = serveOptions?.thumbnailSize ?? null;
      try {
        if (thumbnailSize !== null) {
          const made = await gated('thumbnail').run(() =>
            thumbnails.thumbnail(access.file, access.kind, thumbnailSize),
          );
          return { ok: true, contentType: made.contentType, length: made.body.length, body: made.body };
        }
        const route: FileRoute = request.source === 'dataset' ? 'original' : 'job-output';
        const plan = servePlanOf(
          access.kind === null
            ? { source: 'job-output', name: basename(access.file) }
            : { source: 'dataset', kind: access.kind },
        );
        const limiter = gated(route);
        return await openServedFile(access.file, plan, {
          open: (work) => limiter.run(work),
          read: (work) => limiter.run(work, { queued: 'always' }),
        });
      } catch (error) {
        if (error instanceof BusyError) return busy(error);
        if (error instanceof NoThumbnailError) return refusal(422, error.message);
        const opened = refusalOfOpenError(error);
        if (opened.status === 404 || thumbnailSize === null) return opened;
        const reason = error instanceof Error ? error.message : String(error);
        return refusal(422, `No thumbnail can be made of this file: ${reason}`);
      }
    },
    thumbnailSize: (requested) => thumbnailSizes.find((s) => s >= requested) ?? 512,
    setJobOutputFolders(provider) {
      jobOutputFolders = provider;
    },
  };
}
