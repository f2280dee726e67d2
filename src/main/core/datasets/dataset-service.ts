/**
 * The datasets domain as one service: the registry, scans (in a worker) and their cached records, the
 * bucket preview, captions, and watching a folder while it is shown. `registerFolder` is what configs
 * and the queue call for folders named in a config.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BucketPreview,
  BulkRequest,
  Caption,
  Dataset,
  DatasetFileEntry,
  RequestOf,
  ResponseOf,
} from '../../../shared/contract';
import { contractError } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import type { EventBus } from '../events/event-bus';
import { previewBuckets } from './buckets/preview-buckets';
import { createCaptionService, type ScannedDataset } from './captions/caption-service';
import { DatasetFolderError, openDatasetRegistry, type RegisteredDataset } from './registry/dataset-registry';
import { runScan } from './scan/run-scan';
import { readScanCache } from './scan/scan-job';
import { fileIssues } from './scan/summarize-scan';
import { createFolderWatcher } from './watch/folder-watcher';

export interface DatasetServiceOptions {
  dataDir: string;
  events: EventBus;
  now: () => Date;
  log: (line: string) => void;
}

export interface DatasetFileLookup {
  /** A file the last scan of that dataset enumerated, by its dataset-relative path. */
  datasetFile(
    id: string,
    path: string,
  ): { absolutePath: string; realPath: string; kind: 'image' | 'video' } | undefined;
}

export interface DatasetService extends DatasetFileLookup {
  registerFolder(path: string, name?: string): Dataset;
  list(): Dataset[];
  get(id: string): Dataset;
  remove(id: string): boolean;
  scan(request: RequestOf<'datasets.scan'>): Promise<Dataset>;
  files(request: RequestOf<'datasets.files'>): ResponseOf<'datasets.files'>;
  buckets(request: RequestOf<'datasets.buckets'>): BucketPreview;
  getCaption(id: string, path: string): Caption;
  setCaption(request: RequestOf<'datasets.caption.set'>): Caption;
  previewBulk(request: BulkRequest): ResponseOf<'datasets.bulk.preview'>;
  applyBulk(request: BulkRequest): ResponseOf<'datasets.bulk.apply'>;
  undoBulk(id: string): ResponseOf<'datasets.undoBulk'>;
  tags(id: string, separator?: string): ResponseOf<'datasets.tags'>;
  watch(id: string, seconds: number): boolean;
  close(): void;
}

export function createDatasetService(options: DatasetServiceOptions): DatasetService {
  const { dataDir, events, now, log } = options;
  const registry = openDatasetRegistry(dataDir, now, log);
  const cacheDir = join(dataDir, 'cache', 'datasets');
  const cacheFile = (id: string): string => join(cacheDir, `${id}.json`);
  const journalFile = (id: string): string => join(cacheDir, `${id}.undo.json`);
  const records = new Map<string, ScannedDataset>();
  const scans = new Map<string, Promise<Dataset>>();

  const entryOf = (id: string): RegisteredDataset => {
    const entry = registry.get(id);
    if (!entry)
      throw new HandlerError(contractError('not_found', `There is no dataset with the id "${id}".`));
    return entry;
  };
  /** The last scan, from memory or (after a restart) from its cache file. */
  const recordOf = (id: string): ScannedDataset | undefined => {
    const held = records.get(id);
    if (held) return held;
    const entry = registry.get(id);
    const record = entry ? readScanCache(cacheFile(id)) : null;
    if (!entry || !record || record.datasetPath !== entry.path) return undefined;
    const loaded = { record, byPath: new Map(record.files.map((f) => [f.path, f])) };
    records.set(id, loaded);
    return loaded;
  };
  const scanned = (id: string): ScannedDataset => {
    entryOf(id);
    const held = recordOf(id);
    if (!held) throw new HandlerError(contractError('conflict', 'Scan this dataset first (datasets.scan).'));
    return held;
  };
  const toDataset = (entry: RegisteredDataset): Dataset => ({
    id: entry.id,
    name: entry.name,
    path: entry.path,
    registeredAt: entry.registeredAt,
    scan: recordOf(entry.id)?.record.summary ?? null,
  });

  const scan = (request: RequestOf<'datasets.scan'>): Promise<Dataset> => {
    const running = scans.get(request.id);
    if (running) return running;
    const entry = entryOf(request.id);
    const captionExtension = request.captionExtension ?? entry.captionExtension;
    if (captionExtension !== entry.captionExtension) registry.update(entry.id, { captionExtension });
    if (!existsSync(entry.path)) {
      throw new HandlerError(contractError('not_found', `The folder ${entry.path} is not there any more.`));
    }
    const promise = runScan(
      {
        datasetPath: entry.path,
        captionExtension,
        cacheFile: cacheFile(entry.id),
        full: request.full ?? false,
        now: now().toISOString(),
      },
      (progress) => events.emit('dataset.scanProgress', { id: entry.id, ...progress }),
      log,
    )
      .then((record) => {
        records.set(entry.id, { record, byPath: new Map(record.files.map((f) => [f.path, f])) });
        const dataset = toDataset(registry.get(entry.id) ?? entry);
        events.emit('dataset.scanned', dataset);
        return dataset;
      })
      .catch((error: unknown) => {
        // The folder vanished or became unreadable mid-scan: the user can act on that, it is no bug.
        const reason = error instanceof Error ? error.message : String(error);
        throw new HandlerError(contractError('io_error', `The scan of ${entry.path} failed: ${reason}`));
      })
      .finally(() => scans.delete(entry.id));
    scans.set(entry.id, promise);
    return promise;
  };

  const captions = createCaptionService({ scanned, journalFile, now });
  const watcher = createFolderWatcher((id) => {
    scan({ id }).catch((error: unknown) => log(`Rescan of dataset ${id} failed: ${String(error)}`));
  }, log);

  return {
    registerFolder(path, name) {
      try {
        return toDataset(registry.register(path, name));
      } catch (error) {
        if (error instanceof DatasetFolderError)
          throw new HandlerError(contractError('not_found', error.message));
        throw error;
      }
    },
    list: () => registry.list().map(toDataset),
    get: (id) => toDataset(entryOf(id)),
    remove(id) {
      watcher.stop(id);
      records.delete(id);
      const removed = registry.remove(id);
      // Only DPGui's own cache of the folder goes; the folder and its files are the user's.
      if (removed) for (const file of [cacheFile(id), journalFile(id)]) rmSync(file, { force: true });
      return removed;
    },
    scan,
    datasetFile(id, path) {
      const held = recordOf(id);
      const file = held?.byPath.get(path);
      if (!held || !file) return undefined;
      return {
        absolutePath: join(held.record.datasetPath, ...file.path.split('/')),
        realPath: file.realPath,
        kind: file.kind,
      };
    },
    files(request) {
      const { record } = scanned(request.id);
      const filter = request.filter ?? 'all';
      const matching = record.files.filter((file) => {
        if (request.subset !== undefined && file.subset !== request.subset) return false;
        switch (filter) {
          case 'all':
            return true;
          case 'problems':
            return fileIssues(file).length > 0;
          case 'missing_caption':
            return file.caption === 'missing';
          case 'empty_caption':
            return file.caption === 'empty';
          case 'non_utf8_caption':
            return file.caption === 'non_utf8';
        }
      });
      const offset = request.offset ?? 0;
      const page = matching.slice(offset, offset + (request.limit ?? 500));
      return {
        total: matching.length,
        files: page.map((file): DatasetFileEntry => ({
          path: file.path,
          kind: file.kind,
          subset: file.subset,
          width: file.width,
          height: file.height,
          bytes: file.bytes,
          caption: file.caption,
          orientation: file.orientation,
          problem: file.problem,
        })),
      };
    },
    buckets(request) {
      return previewBuckets(scanned(request.id).record, request.settings, request.includeFiles ?? false);
    },
    getCaption: (id, path) => captions.getCaption(id, path),
    setCaption: (request) => captions.setCaption(request),
    previewBulk: (request) => captions.previewBulk(request),
    applyBulk: (request) => captions.applyBulk(request),
    undoBulk(id) {
      entryOf(id);
      return captions.undoBulk(id);
    },
    tags: (id, separator) => captions.tags(id, separator),
    watch: (id, seconds) => watcher.watch(id, entryOf(id).path, seconds),
    close: () => watcher.close(),
  };
}
