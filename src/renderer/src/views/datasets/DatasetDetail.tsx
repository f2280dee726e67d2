/**
 * One dataset: its name and folder, Rescan and Forget, the headline numbers, and the tabs: Images
 * (tags, grid, caption editor), Overview (stats and problems), Buckets, Bulk edit. The folder is
 * watched while it is shown, so a change on disk (a caption written elsewhere) is scanned and shown.
 */
import { Alert, Anchor, Button, Code, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useClient } from '../../api/client-context';
import { liveRequest, useLive } from '../../api/live-state';
import { BucketPanel } from './BucketPanel';
import { BulkPanel, type BulkOutcome } from './BulkPanel';
import { DatasetHeadline, DatasetOverview } from './DatasetOverview';
import { confirmRemove, ScanState } from './DatasetList';
import type { DatasetsSearch, DatasetTab } from './datasets-search';
import type { SetDatasetsSearch } from './DatasetsView';
import { ImagesTab } from './ImagesTab';
import {
  useDataset,
  useDatasetFiles,
  useRefreshDatasets,
  useScanProgress,
  useWatchDataset,
} from './use-datasets';

/** The images whose caption has `tag`: those a "remove the tag" preview would change (nothing is written). */
function useTagPaths(id: string, tag: string | undefined, reloadKey: unknown): string[] | undefined {
  const live = useLive({
    ...liveRequest('datasets.bulk.preview', { id, operation: { kind: 'remove_tag', tag: tag ?? '-' } }),
    payload: { id, operation: { kind: 'remove_tag', tag: tag ?? '-' }, reloadKey },
    enabled: tag !== undefined,
  });
  return useMemo(() => live.data?.changes.map((change) => change.path), [live.data]);
}

export function DatasetDetail({
  id,
  search,
  setSearch,
}: {
  id: string;
  search: DatasetsSearch;
  setSearch: SetDatasetsSearch;
}): ReactNode {
  const client = useClient();
  const refresh = useRefreshDatasets();
  const live = useDataset(id);
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  useWatchDataset(id);
  const progress = useScanProgress()[id];
  const dataset = live.data;
  const scan = dataset?.scan ?? null;
  const files = useDatasetFiles(id, search.show ?? 'all', scan !== null);
  // Captions change without a rescan (an edit, a bulk change): tags and the tag filter read again then.
  const captionsKey = scan?.scannedAt ?? '';
  const tagPaths = useTagPaths(id, search.tag, captionsKey);
  const shown = useMemo(() => {
    if (!files.data) return undefined;
    if (search.tag === undefined) return files.data;
    if (!tagPaths) return undefined;
    const wanted = new Set(tagPaths);
    return files.data.filter((file) => wanted.has(file.path));
  }, [files.data, search.tag, tagPaths]);

  const captionsChanged = () => void refresh('captions');
  const rescan = async () => {
    try {
      await client.request('datasets.scan', { id });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'The scan did not finish',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  if (live.error && !dataset)
    return (
      <Stack>
        <Anchor
          component="button"
          onClick={() =>
            setSearch({ id: undefined, tab: undefined, file: undefined, tag: undefined, show: undefined })
          }
        >
          All datasets
        </Anchor>
        <Alert color="red" title="This dataset could not be read" data-testid="dataset-missing">
          {live.error} It may have been forgotten in another window; choose one from the list.
        </Alert>
      </Stack>
    );
  if (!dataset)
    return (
      <Group>
        <Loader size="sm" />
        <Text c="dimmed">Reading the dataset…</Text>
      </Group>
    );

  const tab: DatasetTab = search.tab ?? 'images';
  return (
    <Stack gap="sm" data-testid="dataset-detail" data-dataset-id={id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Anchor
            component="button"
            size="sm"
            onClick={() =>
              setSearch({ id: undefined, tab: undefined, file: undefined, tag: undefined, show: undefined })
            }
            data-testid="datasets-back"
          >
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size="0.9rem" /> All datasets
            </Group>
          </Anchor>
          <Title order={2} data-testid="dataset-name">
            {dataset.name}
          </Title>
          <Code style={{ wordBreak: 'break-all' }}>{dataset.path}</Code>
        </div>
        <Group gap="xs" wrap="nowrap">
          <ScanState dataset={dataset} progress={progress} />
          <Button
            variant="default"
            leftSection={<IconRefresh size="1rem" />}
            onClick={() => void rescan()}
            loading={progress !== undefined}
          >
            Scan again
          </Button>
          <Button
            variant="default"
            color="red"
            leftSection={<IconTrash size="1rem" />}
            onClick={() =>
              confirmRemove(dataset, async () => {
                await client.request('datasets.remove', { id });
                await refresh('list');
                setSearch({
                  id: undefined,
                  tab: undefined,
                  file: undefined,
                  tag: undefined,
                  show: undefined,
                });
              })
            }
          >
            Forget
          </Button>
        </Group>
      </Group>

      {scan === null ? (
        progress === undefined && (
          <Alert color="blue" title="Not scanned yet">
            DPGui has not read this folder yet.{' '}
            <Anchor component="button" onClick={() => void rescan()}>
              Scan it now
            </Anchor>
          </Alert>
        )
      ) : (
        <>
          <DatasetHeadline scan={scan} />
          <Tabs
            value={tab}
            onChange={(value) =>
              setSearch(
                {
                  tab:
                    value === 'images' || value === null
                      ? undefined
                      : (value as Exclude<DatasetTab, 'images'>),
                },
                true,
              )
            }
            keepMounted={false}
          >
            <Tabs.List mb="sm">
              <Tabs.Tab value="images">Images</Tabs.Tab>
              <Tabs.Tab value="overview">Overview and problems</Tabs.Tab>
              <Tabs.Tab value="buckets">Buckets</Tabs.Tab>
              <Tabs.Tab value="bulk">Bulk edit</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="images">
              <ImagesTab
                id={id}
                files={shown}
                totalFiles={scan.counts.images + scan.counts.videos}
                search={search}
                setSearch={setSearch}
                reloadKey={captionsKey}
                onCaptionSaved={captionsChanged}
              />
            </Tabs.Panel>
            <Tabs.Panel value="overview">
              <DatasetOverview
                scan={scan}
                files={files.data}
                onSelect={(path) =>
                  setSearch({ tab: undefined, file: path, show: undefined, tag: undefined })
                }
              />
            </Tabs.Panel>
            <Tabs.Panel value="buckets">
              <BucketPanel id={id} scannedAt={scan.scannedAt} />
            </Tabs.Panel>
            <Tabs.Panel value="bulk">
              <BulkPanel
                id={id}
                tag={search.tag}
                tagPaths={tagPaths}
                total={scan.counts.images + scan.counts.videos}
                outcome={bulkOutcome}
                setOutcome={setBulkOutcome}
                onChanged={captionsChanged}
              />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
