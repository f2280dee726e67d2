/**
 * Keeps the editor's unsaved config as a draft in the data folder: saved a moment after each edit
 * (the newest config winning, one save at a time) and at once when the page is hidden or left; a
 * config taken back to where it started is no draft. `discard` forgets it (after queuing), ordered
 * after any save still on its way.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DraftOrigin, TrainerConfig } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import type { EditorStore } from '../state/editor-store';
import { sameJson } from '../state/value-path';
import { createLatestWins, type LatestWins } from '../../../api/latest-wins';
import { slotOf, toDraftOrigin, type DraftSlot } from './draft-slot';

/** How long the editing must pause before the draft is written. */
export const draftDelayMs = 400;

export type DraftStatus =
  | { state: 'none' }
  | { state: 'saving' }
  | { state: 'saved'; savedAt: string }
  | { state: 'failed'; message: string };

type Save = { config: TrainerConfig; origin: DraftOrigin } | null;

export function useDraftKeeper(store: EditorStore): {
  status: DraftStatus;
  slot: DraftSlot;
  discard: () => void;
} {
  const client = useClient();
  const [status, setStatus] = useState<DraftStatus>({ state: 'none' });
  const saves = useRef<LatestWins<Save> | null>(null);
  // One slot per editor store: loading a preset into a job being edited keeps the job's slot.
  const slot = useMemo(() => slotOf(store.getState().origin), [store]);
  useEffect(() => {
    const baseline = store.getState().history.present;
    let kept = false;
    const queue = createLatestWins<Save, string | null>({
      delayMs: draftDelayMs,
      leading: false,
      run: async (save) =>
        save === null
          ? (await client.request('drafts.discard', { slot }), null)
          : (await client.request('drafts.save', { slot, ...save })).savedAt,
      onResult: (savedAt, _save, newest) => {
        if (newest) setStatus(savedAt === null ? { state: 'none' } : { state: 'saved', savedAt });
      },
      onError: (error) =>
        setStatus({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    });
    saves.current = queue;
    let last = baseline;
    let lastOrigin = store.getState().origin;
    const unsubscribe = store.subscribe(() => {
      const { history, origin } = store.getState();
      if (history.present === last && origin === lastOrigin) return;
      last = history.present;
      lastOrigin = origin;
      if (sameJson(history.present, baseline)) {
        // Back where it started: nothing unsaved (a draft written before is removed).
        if (!kept) return queue.cancel();
        kept = false;
        setStatus({ state: 'saving' });
        return queue.submit(null);
      }
      kept = true;
      setStatus({ state: 'saving' });
      queue.submit({ config: history.present, origin: toDraftOrigin(origin) });
    });
    const onHide = (): void => queue.flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', onHide);
      // Leaving the editor inside the app: what is waiting is written now.
      queue.flush();
      if (saves.current === queue) saves.current = null;
    };
  }, [client, store, slot]);
  const discard = useCallback(() => {
    const queue = saves.current;
    if (queue) {
      queue.submit(null);
      queue.flush();
    } else {
      void client.request('drafts.discard', { slot }).catch(() => undefined);
    }
  }, [client, slot]);
  return { status, slot, discard };
}
