/**
 * React's view of the editor store: a context for the store and hooks that read one slice each
 * (a field's value, its greyed reason, its issues), so only what changed re-renders.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { ConfigIssue, TrainerConfig } from '../../../../../shared/contract/configs';
import { greyedReasonAt } from '../../../../../shared/trainers/common/schema-walk';
import { readPath, valuesPathOf } from './value-path';
import type { EditorState, EditorStore } from './editor-store';
import { defaultAt } from './defaults';

export const EditorStoreContext = createContext<EditorStore | null>(null);

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore outside EditorStoreContext');
  return store;
}

/** A slice of the editor's state; `select` must return the same value for the same state. */
export function useEditorSelector<T>(select: (state: EditorState) => T): T {
  const store = useEditorStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

export function useEditorConfig(): TrainerConfig {
  return useEditorSelector((state) => state.history.present);
}

/** The value at a values path ("network_dim", "subsets.0.image_dir"). */
export function useFieldValue(path: string): unknown {
  return useEditorSelector((state) => readPath(state.history.present.values, path));
}

/** The value a field shows when the config leaves it out (the family's, else the schema's default). */
export function useFieldDefault(path: string): unknown {
  const store = useEditorStore();
  const family = useEditorSelector((state) => state.history.present.family);
  return defaultAt(store.schema, family, path);
}

/** Why the field is greyed now (it or a group above it), or null. */
export function useGreyedReason(path: string): string | null {
  return useEditorSelector((state) => greyedReasonAt(state.greyed, path));
}

const noIssues: ConfigIssue[] = [];
const issueCache = new WeakMap<ConfigIssue[], Map<string, ConfigIssue[]>>();

/** configs.validate's issues grouped by values path (the "values." prefix taken off). */
export function issuesByPath(issues: ConfigIssue[]): Map<string, ConfigIssue[]> {
  const cached = issueCache.get(issues);
  if (cached) return cached;
  const byPath = new Map<string, ConfigIssue[]>();
  for (const issue of issues) {
    const path = valuesPathOf(issue.path);
    byPath.set(path, [...(byPath.get(path) ?? []), issue]);
  }
  issueCache.set(issues, byPath);
  return byPath;
}

/** The issues at exactly this values path ("family" for the family picker). */
export function useFieldIssues(path: string): ConfigIssue[] {
  return useEditorSelector((state) => issuesByPath(state.issues).get(path) ?? noIssues);
}

/** Setters for one field: set (typing coalesces into one undo step) and reset to its default. */
export function useFieldSetter(path: string): { set: (value: unknown) => void; reset: () => void } {
  const store = useEditorStore();
  const set = useCallback(
    (value: unknown) => store.dispatch({ type: 'set', path, value, at: Date.now() }),
    [store, path],
  );
  const reset = useCallback(() => {
    const family = store.getState().history.present.family;
    store.dispatch({
      type: 'set',
      path,
      value: defaultAt(store.schema, family, path),
      at: Date.now(),
      newStep: true,
    });
  }, [store, path]);
  return { set, reset };
}
