/** The datasets.* channels, each a thin call into the dataset service. */
import type { BulkRequest, RequestOf } from '../../../shared/contract';
import type { DatasetService } from './dataset-service';

export function createDatasetsHandlers(datasets: DatasetService) {
  return {
    'datasets.register': (p: { path: string; name?: string }) => datasets.registerFolder(p.path, p.name),
    'datasets.list': () => ({ datasets: datasets.list() }),
    'datasets.get': (p: { id: string }) => datasets.get(p.id),
    'datasets.remove': async (p: { id: string }) => ({ removed: await datasets.remove(p.id) }),
    'datasets.scan': (p: RequestOf<'datasets.scan'>) => datasets.scan(p),
    'datasets.cancelScan': async (p: { id: string }) => ({ canceled: await datasets.cancelScan(p.id) }),
    'datasets.files': (p: RequestOf<'datasets.files'>) => datasets.files(p),
    'datasets.watch': (p: { id: string; seconds?: number }) => ({
      watching: datasets.watch(p.id, p.seconds ?? 120),
    }),
    'datasets.buckets': (p: RequestOf<'datasets.buckets'>) => datasets.buckets(p),
    'datasets.configBuckets': (p: RequestOf<'datasets.configBuckets'>) => datasets.configBuckets(p),
    'datasets.captions.read': (p: { id: string; paths: string[] }) => datasets.readCaptions(p.id, p.paths),
    'datasets.caption.get': (p: { id: string; path: string }) => datasets.getCaption(p.id, p.path),
    'datasets.caption.set': (p: RequestOf<'datasets.caption.set'>) => datasets.setCaption(p),
    'datasets.bulk.preview': (p: BulkRequest) => datasets.previewBulk(p),
    'datasets.bulk.apply': (p: BulkRequest) => datasets.applyBulk(p),
    'datasets.undoBulk': (p: { id: string }) => datasets.undoBulk(p.id),
    'datasets.tags': (p: { id: string; separator?: string }) => datasets.tags(p.id, p.separator),
  };
}
