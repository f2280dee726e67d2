/**
 * The datasets domain as one service: the registry, scans (in a worker) and their cached records, the
 * bucket preview, captions, and watching a folder while it is shown. `registerFolder` is what configs
 * and the queue call for folders named in a config.
 *
 * One scan runs per dataset. A scan asked for while one runs stops it and answers every waiter of both
 * (a watched folder's rescan instead waits for the running one, so a folder that keeps changing cannot
 * keep restarting it); cancelling or removing the dataset stops it and its waiters get `conflict`.
 */
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
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
import { contractError, type EventPayloadOf } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { describeIoError } from '../fs/describe-io-error';
import type { EventBus } from '../events/event-bus';
import { previewBuckets } from './buckets/preview-buckets';
import { previewConfigBuckets } from './buckets/preview-config-buckets';
import { scanNamedFolder } from './buckets/scan-named-folder';
import { createCaptionService, type ScannedDataset } from './captions/caption-service';
import { DatasetFolderError, openDatasetRegistry, type RegisteredDataset } from './registry/dataset-registry';
import { systemFolderReason } from './registry/system-folders';
import { runScan, ScanStoppedError, type RunningScan } from './scan/run-scan';
import { readScanCache } from './scan/scan-job';
import { defaultScanLimits, type ScanLimits } from './scan/scan-record';
import { fileIssues } from './scan/summarize-scan';
import { createFolderWatcher } from './watch/folder-watcher';

export interface DatasetServiceOptions {
  dataDir: string;
  events: EventBus;
  now: () => Date;
  log: (line: string) => void;
  /** When a scan warns about a large folder and where it stops (tests make them small). */
  scanLimits?: ScanLimits;
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
  /** Forgets the dataset; answers once its running scan (if any) has stopped. */
  remove(id: string): Promise<boolean>;
  scan(request: RequestOf<'datasets.scan'>): Promise<Dataset>;
  /** Stops the running scan of a dataset; false where none was running. */
  cancelScan(id: string): Promise<boolean>;
  files(request: RequestOf<'datasets.files'>): ResponseOf<'datasets.files'>;
  buckets(request: RequestOf<'datasets.buckets'>): BucketPreview;
  configBuckets(request: RequestOf<'datasets.configBuckets'>): Promise<ResponseOf<'datasets.configBuckets'>>;
  readCaptions(id: string, paths: readonly string[]): Promise<ResponseOf<'datasets.captions.read'>>;
  getCaption(id: string, path: string): Promise<Caption>;
  setCaption(request: RequestOf<'datasets.caption.set'>): Promise<Caption>;
  previewBulk(request: BulkRequest): Promise<ResponseOf<'datasets.bulk.preview'>>;
  applyBulk(request: BulkRequest): Promise<ResponseOf<'datasets.bulk.apply'>>;
  undoBulk(id: string): Promise<ResponseOf<'datasets.undoBulk'>>;
  tags(id: string, separator?: string): Promise<ResponseOf<'datasets.tags'>>;
  watch(id: string, seconds: number): boolean;
  close(): void;
}

/** The one scan of a dataset that runs, and what its waiters get. */
interface ScanSlot {
  run: RunningScan;
  result: Promise<Dataset>;
  resolve: (dataset: Dataset) => void;
  reject: (error: Error) => void;
  last: Omit<EventPayloadOf<'dataset.scanProgress'>, 'id' | 'phase'>;
  /** A watched folder changed during the scan: scan again once it ends. */
  again: boolean;
}

/** A failed write of datasets.json (a full disk) as the user's answer: io_error with the reason. */
function registryWriteError(action: string, error: unknown): HandlerError {
  return new HandlerError(
    contractError('io_error', `Cannot ${action}: ${describeIoError(error)}. Nothing was changed.`),
  );
}

export function createDatasetService(options: DatasetServiceOptions): DatasetService {
  const { dataDir, events, now, log } = options;
  const scanLimits = options.scanLimits ?? defaultScanLimits;
  const home = homedir();
  const registry = openDatasetRegistry(dataDir, now, log);
  const cacheDir = join(dataDir, 'cache', 'datasets');
  const cacheFile = (id: string): string => join(cacheDir, `${id}.json`);
  const journalFile = (id: string): string => join(cacheDir, `${id}.undo.json`);
  const records = new Map<string, ScannedDataset>();
  const slots = new Map<string, ScanSlot>();

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

  /** Starts a scan in `slot` (a new one, or one whose previous run was stopped for this one). */
  const startRun = (entry: RegisteredDataset, request: RequestOf<'datasets.scan'>, slot?: ScanSlot) => {
    const captionExtension = request.captionExtension ?? entry.captionExtension;
    const run = runScan(
      {
        datasetPath: entry.path,
        captionExtension,
        cacheFile: cacheFile(entry.id),
        full: request.full ?? false,
        now: now().toISOString(),
        limits: scanLimits,
        home,
      },
      (progress) => {
        const current = slots.get(entry.id);
        if (current?.run !== run) return;
        current.last = { done: progress.done, total: progress.total, entries: progress.entries };
        if (progress.warning !== undefined) current.last.warning = progress.warning;
        events.emit('dataset.scanProgress', { id: entry.id, ...progress });
      },
      log,
    );
    let held = slot;
    if (!held) {
      let resolve: (dataset: Dataset) => void = () => {};
      let reject: (error: Error) => void = () => {};
      const result = new Promise<Dataset>((res, rej) => ((resolve = res), (reject = rej)));
      held = { run, result, resolve, reject, last: { done: 0, total: 0, entries: 0 }, again: false };
    }
    held.run = run;
    slots.set(entry.id, held);
    const owner = held;
    run.result.then(
      (record) => {
        if (slots.get(entry.id) !== owner || owner.run !== run) return;
        slots.delete(entry.id);
        records.set(entry.id, { record, byPath: new Map(record.files.map((f) => [f.path, f])) });
        const dataset = toDataset(registry.get(entry.id) ?? entry);
        events.emit('dataset.scanned', dataset);
        owner.resolve(dataset);
        if (owner.again) void scan({ id: entry.id }, false).catch(rescanFailed(entry.id));
      },
      (error: unknown) => {
        // A stopped run is answered by whoever stopped it.
        if (error instanceof ScanStoppedError || slots.get(entry.id) !== owner || owner.run !== run) return;
        slots.delete(entry.id);
        // The folder vanished or became unreadable mid-scan: the user can act on that, it is no bug.
        const reason = error instanceof Error ? error.message : String(error);
        owner.reject(
          new HandlerError(contractError('io_error', `The scan of ${entry.path} failed: ${reason}`)),
        );
      },
    );
    return held.result;
  };

  /** Stops the running scan of `id`, answers its waiters with `reason`, and waits for its worker to end. */
  const stopScan = async (id: string, reason: string): Promise<boolean> => {
    const slot = slots.get(id);
    if (!slot) return false;
    slots.delete(id);
    events.emit('dataset.scanProgress', { id, phase: 'canceled', ...slot.last });
    slot.reject(new HandlerError(contractError('conflict', reason)));
    await slot.run.stop();
    return true;
  };

  const rescanFailed = (id: string) => (error: unknown) =>
    log(`Rescan of dataset ${id} failed: ${error instanceof Error ? error.message : String(error)}`);

  /** `supersede`: a scan asked for by a client replaces a running one; a watcher's waits for it. */
  const scan = async (request: RequestOf<'datasets.scan'>, supersede = true): Promise<Dataset> => {
    const entry = entryOf(request.id);
    const running = slots.get(request.id);
    if (running && !supersede) {
      running.again = true;
      return running.result;
    }
    const systemReason = systemFolderReason(entry.path, home);
    if (systemReason) {
      throw new HandlerError(
        contractError(
          'invalid_payload',
          `${entry.path} is not scanned: ${systemReason}. Remove this dataset (datasets.remove) and register the folder that holds your images and captions.`,
        ),
      );
    }
    const captionExtension = request.captionExtension ?? entry.captionExtension;
    if (captionExtension !== entry.captionExtension) {
      try {
        registry.update(entry.id, { captionExtension });
      } catch (error) {
        throw registryWriteError(`remember the caption extension of ${entry.path}`, error);
      }
    }
    if (!existsSync(entry.path)) {
      throw new HandlerError(contractError('not_found', `The folder ${entry.path} is not there any more.`));
    }
    if (running) {
      // The older run stops; its waiters get this scan's answer.
      const stopped = running.run;
      const result = startRun(entry, { ...request, captionExtension }, running);
      void stopped.stop();
      return result;
    }
    return startRun(entry, { ...request, captionExtension });
  };

  const captions = createCaptionService({ scanned, journalFile, now });
  const watcher = createFolderWatcher((id) => {
    scan({ id }, false).catch(rescanFailed(id));
  }, log);

  return {
    registerFolder(path, name) {
      try {
        return toDataset(registry.register(path, name));
      } catch (error) {
        if (error instanceof DatasetFolderError) throw new HandlerError(error.answer);
        if ((error as NodeJS.ErrnoException).code === undefined) throw error;
        throw registryWriteError(`remember the dataset folder ${path}`, error);
      }
    },
    list: () => registry.list().map(toDataset),
    get: (id) => toDataset(entryOf(id)),
    async remove(id) {
      watcher.stop(id);
      let removed: boolean;
      try {
        removed = registry.remove(id);
      } catch (error) {
        throw registryWriteError(`forget the dataset ${id}`, error);
      }
      // Answered only once its worker is gone: nothing of it goes on after "removed".
      await stopScan(id, 'The dataset was removed during its scan.');
      records.delete(id);
      // Only DPGui's own cache of the folder goes; the folder and its files are the user's.
      if (removed) for (const file of [cacheFile(id), journalFile(id)]) rmSync(file, { force: true });
      return removed;
    },
    scan: (request) => scan(request),
    async cancelScan(id) {
      entryOf(id);
      return stopScan(id, 'The scan was canceled; the last finished scan stays.');
    },
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
          captionProblem: file.caption === 'unreadable' ? (file.captionProblem ?? null) : null,
          orientation: file.orientation,
          problem: file.problem,
        })),
      };
    },
    buckets(request) {
      return previewBuckets(scanned(request.id).record, request.settings, request.includeFiles ?? false);
    },
    configBuckets: (request) =>
      previewConfigBuckets(request, (folder) =>
        scanNamedFolder(
          { cacheDir, home, limits: scanLimits, now, log, registeredScan: (id) => recordOf(id)?.record },
          folder,
        ),
      ),
    readCaptions: (id, paths) => captions.readCaptions(id, paths),
    getCaption: (id, path) => captions.getCaption(id, path),
    setCaption: (request) => captions.setCaption(request),
    previewBulk: (request) => captions.previewBulk(request),
    applyBulk: (request) => captions.applyBulk(request),
    async undoBulk(id) {
      entryOf(id);
      return captions.undoBulk(id);
    },
    tags: (id, separator) => captions.tags(id, separator),
    watch: (id, seconds) => watcher.watch(id, entryOf(id).path, seconds),
    close() {
      watcher.close();
      for (const id of [...slots.keys()]) void stopScan(id, 'The app is closing.');
    },
  };
}
