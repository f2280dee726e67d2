/**
 * The Datasets view's server state, all through live-state: the list and one dataset kept current by
 * dataset.scanned, the scans' progress by dataset.scanProgress, a dataset's files (read again after
 * each scan), and `useRefreshDatasets` for what changes without an event (register, remove, captions).
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type {
  Dataset,
  DatasetFileEntry,
  DpguiClient,
  EventPayloadOf,
  ResponseOf,
} from '../../../../shared/contract';
import { useClient } from '../../api/client-context';
import { liveRequest, on, useLive, type Live, type LiveSpec } from '../../api/live-state';
import { liveKeyRoot } from '../../api/live-state/live-spec';
import type { FileFilter } from './datasets-search';

type DatasetsListResponse = ResponseOf<'datasets.list'>;

/** A rescan replaces the dataset in the list (a dataset not listed yet means the list is stale). */
export function applyScanned(list: DatasetsListResponse, dataset: Dataset): DatasetsListResponse | 'refetch' {
  if (!list.datasets.some((d) => d.id === dataset.id)) return 'refetch';
  return { datasets: list.datasets.map((d) => (d.id === dataset.id ? dataset : d)) };
}

const listSpec = liveRequest('datasets.list', {}, [on('dataset.scanned', applyScanned)]);

export function useDatasetList(): Live<DatasetsListResponse> {
  return useLive(listSpec);
}

export function useDataset(id: string): Live<Dataset> {
  return useLive(
    liveRequest('datasets.get', { id }, [
      on('dataset.scanned', (held, payload) => (payload.id === held.id ? payload : held), { id }),
    ]),
  );
}

export type ScanProgress = EventPayloadOf<'dataset.scanProgress'>;

/**
 * The running scans' progress by dataset id; a finished or canceled scan drops out. There is no
 * snapshot to read (a scan's progress is only news), so the state starts empty.
 */
const progressSpec: LiveSpec<Record<string, ScanProgress>> = {
  channel: 'datasets.list',
  payload: { scanProgress: true },
  load: () => Promise.resolve({}),
  events: [
    on('dataset.scanProgress', (held: Record<string, ScanProgress>, payload) => {
      const rest = Object.fromEntries(Object.entries(held).filter(([id]) => id !== payload.id));
      return payload.phase === 'done' || payload.phase === 'canceled'
        ? rest
        : { ...rest, [payload.id]: payload };
    }),
  ],
};

export function useScanProgress(): Record<string, ScanProgress> {
  return useLive(progressSpec).data ?? {};
}

/** datasets.files reads at most this many per request; the grid reads them all, page after page. */
const filesPage = 5000;

async function readAllFiles(
  client: DpguiClient,
  id: string,
  filter: FileFilter,
): Promise<DatasetFileEntry[]> {
  const files: DatasetFileEntry[] = [];
  for (;;) {
    const page = await client.request('datasets.files', {
      id,
      filter,
      offset: files.length,
      limit: filesPage,
    });
    files.push(...page.files);
    if (page.files.length === 0 || files.length >= page.total) return files;
  }
}

/** Every file of the last scan (10,000 entries are a few MB); read again after each scan. */
export function useDatasetFiles(id: string, filter: FileFilter, enabled: boolean): Live<DatasetFileEntry[]> {
  return useLive<DatasetFileEntry[]>({
    channel: 'datasets.files',
    payload: { id, filter },
    load: (client) => readAllFiles(client, id, filter),
    events: [on<DatasetFileEntry[], 'dataset.scanned'>('dataset.scanned', () => 'refetch', { id })],
    enabled,
  });
}

/** Reads again what requests answered about datasets (after a register, remove, caption write). */
export function refreshDatasets(queryClient: QueryClient, what: 'list' | 'captions'): Promise<void> {
  const channels =
    what === 'list'
      ? ['datasets.list', 'datasets.get']
      : ['datasets.caption.get', 'datasets.captions.read', 'datasets.tags', 'datasets.bulk.preview'];
  return queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] === liveKeyRoot && channels.includes(String(query.queryKey[1])),
  });
}

export function useRefreshDatasets(): (what: 'list' | 'captions') => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((what) => refreshDatasets(queryClient, what), [queryClient]);
}

/**
 * Asks the host to watch the folder while the dataset is shown (changes are rescanned and announced),
 * renewing the lease before it ends, and to stop when the view closes.
 */
export function useWatchDataset(id: string): void {
  const client = useClient();
  useEffect(() => {
    const lease = 120;
    const watch = (seconds: number) =>
      void client.request('datasets.watch', { id, seconds }).catch(() => undefined);
    watch(lease);
    const renew = setInterval(() => watch(lease), (lease / 2) * 1000);
    return () => {
      clearInterval(renew);
      watch(0);
    };
  }, [client, id]);
}
