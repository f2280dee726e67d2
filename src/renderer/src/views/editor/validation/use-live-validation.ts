/**
 * configs.validate as the user types: the config is checked when it changes (at once after a quiet
 * spell, else once the typing pauses), one request at a time, the newest config winning; each answer
 * goes to the store with the config it is about, so an older answer is never taken for the current one.
 */
import { useEffect } from 'react';
import type { ConfigIssue, TrainerConfig } from '../../../../../shared/contract/configs';
import { useClient, useReconnects } from '../../../api/client-context';
import type { EditorStore } from '../state/editor-store';
import { createLatestWins } from '../../../api/latest-wins';

/** How long the typing must pause before the next check. */
export const validateDelayMs = 150;

export function useLiveValidation(store: EditorStore, jobId?: string): void {
  const client = useClient();
  // After the connection came back, the world may have changed (a folder, a running job): check again.
  const reconnects = useReconnects();
  useEffect(() => {
    const checks = createLatestWins<TrainerConfig, ConfigIssue[]>({
      delayMs: validateDelayMs,
      run: async (config) =>
        (await client.request('configs.validate', { config, ...(jobId === undefined ? {} : { jobId }) }))
          .issues,
      onResult: (issues, config) => store.setIssues(issues, config),
      // A lost connection shows in the status bar; the next edit (or the reconnect) checks again.
      onError: () => undefined,
    });
    let last = store.getState().history.present;
    checks.submit(last);
    const unsubscribe = store.subscribe(() => {
      const present = store.getState().history.present;
      if (present === last) return;
      last = present;
      checks.submit(present);
    });
    return () => {
      unsubscribe();
      checks.dispose();
    };
  }, [client, store, jobId, reconnects]);
}
