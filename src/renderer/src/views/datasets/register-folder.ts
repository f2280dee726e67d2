/**
 * Registering a folder as a dataset, as "Add a folder" and a folder dropped on the window do it:
 * datasets.register, then a scan in the background (its progress shows in the list), and the list
 * read again. A refusal comes back as the host's sentence.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Dataset, DpguiClient } from '../../../../shared/contract';
import { refreshDatasets } from './use-datasets';

export async function registerDatasetFolder(
  client: DpguiClient,
  queryClient: QueryClient,
  path: string,
): Promise<Dataset> {
  const dataset = await client.request('datasets.register', { path });
  await refreshDatasets(queryClient, 'list');
  // A folder registered before keeps its last scan; a new one is scanned now.
  if (dataset.scan === null) void client.request('datasets.scan', { id: dataset.id }).catch(() => undefined);
  return dataset;
}
