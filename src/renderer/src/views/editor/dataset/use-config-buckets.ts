/**
 * datasets.configBuckets for the config in the editor, asked again when what it depends on changes
 * (the projection in bucket-inputs.ts, the GPU count, a rescan of a folder it names), debounced, one
 * in flight, the newest winning. The store is read outside React's render, so typing in any other
 * field costs one string comparison.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConfigBucketPreview, Dataset, TrainerConfig } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { bucketInputKeys, cachedBucketInputsKey } from './bucket-inputs';
import { foldersOf, type FolderList } from './folder-list';
import { createLatestWins, type LatestWins } from '../../../api/latest-wins';

/** Long enough to take a typed number as one edit, short enough to feel live. */
export const previewDelayMs = 350;

export interface ConfigBucketsState {
  preview: ConfigBucketPreview | null;
  /** Why the host could not preview this config (in its words), or null. */
  error: string | null;
  /** A request is waiting or running: what is shown may be about an older config. */
  busy: boolean;
}

interface Input {
  config: TrainerConfig;
  gpus: number;
}

/** When the registered datasets holding the config's folders were last scanned: a rescan asks again. */
function scanStamp(datasets: readonly Dataset[] | null, folders: readonly string[]): string {
  if (!datasets) return '';
  return folders
    .map((folder) => {
      const owner = datasets.find((d) => folder === d.path || folder.startsWith(`${d.path}/`));
      return owner?.scan?.scannedAt ?? '';
    })
    .join('|');
}

export function useConfigBuckets(
  list: FolderList,
  gpus: number,
  datasets: readonly Dataset[] | null,
): ConfigBucketsState {
  const store = useEditorStore();
  const client = useClient();
  const isInput = useMemo(() => bucketInputKeys(store.schema), [store.schema]);
  const key = useEditorSelector((state) => cachedBucketInputsKey(isInput, state.history.present));
  const folders = useEditorSelector((state) => foldersOf(state.history.present, list).join('\n'));
  const stamp = scanStamp(datasets, folders === '' ? [] : folders.split('\n'));

  const [state, setState] = useState<ConfigBucketsState>({ preview: null, error: null, busy: true });
  const runner = useRef<LatestWins<Input> | null>(null);

  useEffect(() => {
    // The first request after a quiet spell goes at once (the first paint, a single edit); a burst
    // of edits waits for its end.
    const next = createLatestWins<Input, ConfigBucketPreview>({
      delayMs: previewDelayMs,
      run: (input) => client.request('datasets.configBuckets', input),
      onResult: (preview) => setState((held) => ({ ...held, preview, error: null })),
      onError: (error) =>
        setState((held) => ({
          ...held,
          error: error instanceof Error ? error.message : String(error),
        })),
      onBusy: (busy) => setState((held) => (held.busy === busy ? held : { ...held, busy })),
    });
    runner.current = next;
    return () => {
      next.dispose();
      runner.current = null;
    };
  }, [client]);

  useEffect(() => {
    runner.current?.submit({ config: store.getState().history.present, gpus });
  }, [store, key, gpus, stamp]);

  return state;
}
