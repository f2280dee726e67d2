/**
 * The registered datasets with their last scans, kept current by dataset.scanned (a folder rescanned
 * after a change on disk, or by the Datasets view); a dataset registered here is added to the list
 * at once, before any event.
 */
import type { Dataset, ResponseOf } from '../../../../../shared/contract';
import { liveRequest, on, useLive } from '../../../api/live-state';

type DatasetList = ResponseOf<'datasets.list'>;

/** The list with `dataset` in place of the one with its id, or added at the end. */
export function withDataset(list: DatasetList, dataset: Dataset): DatasetList {
  const index = list.datasets.findIndex((held) => held.id === dataset.id);
  if (index === -1) return { datasets: [...list.datasets, dataset] };
  return { datasets: list.datasets.map((held, i) => (i === index ? dataset : held)) };
}

const spec = liveRequest('datasets.list', {}, [
  on('dataset.scanned', (held: DatasetList, dataset) =>
    held.datasets.some((d) => d.id === dataset.id) ? withDataset(held, dataset) : 'refetch',
  ),
]);

export interface RegisteredDatasets {
  datasets: Dataset[] | null;
  error: string | null;
  /** Put a dataset the host just answered into the list. */
  remember: (dataset: Dataset) => void;
}

export function useRegisteredDatasets(): RegisteredDatasets {
  const live = useLive(spec);
  const data = live.data;
  return {
    datasets: data?.datasets ?? null,
    error: live.error,
    remember: (dataset) => live.set(withDataset(data ?? { datasets: [] }, dataset)),
  };
}
