/**
 * The Datasets view: `#/datasets` lists the registered folders, `#/datasets?id=<id>` shows one (its
 * tab, image and filters in the address too: datasets-search.ts).
 */
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback, type ReactNode } from 'react';
import { DatasetDetail } from './DatasetDetail';
import { DatasetList } from './DatasetList';
import type { DatasetsSearch } from './datasets-search';

const datasetsRoute = getRouteApi('/datasets');

/** Changes part of the address: `replace` for what is not worth a Back step (selection, filters). */
export type SetDatasetsSearch = (change: Partial<DatasetsSearch>, replace?: boolean) => void;

export function DatasetsView(): ReactNode {
  const search = datasetsRoute.useSearch({ select: (s: DatasetsSearch): DatasetsSearch => s });
  const navigate = useNavigate();
  const setSearch = useCallback<SetDatasetsSearch>(
    (change, replace = false) =>
      void navigate({
        to: '/datasets',
        search: (prev: DatasetsSearch) => {
          // An undefined field leaves the address (the default), rather than reading "undefined".
          const merged: Record<string, string | undefined> = { ...prev, ...change };
          const next = Object.entries(merged).filter(([, value]) => value !== undefined);
          return Object.fromEntries(next) as DatasetsSearch;
        },
        replace,
      }),
    [navigate],
  );
  return (
    <div data-testid="datasets-view">
      {search.id ? (
        <DatasetDetail key={search.id} id={search.id} search={search} setSearch={setSearch} />
      ) : (
        <DatasetList onOpen={(id) => setSearch({ id })} />
      )}
    </div>
  );
}
