/**
 * The editor's state outside React: the config with its undo history, the greyed fields (computed
 * here from the shared rules, the same walk the validator and the writers use) and the issues
 * configs.validate answered. Fields subscribe to their own slice (use-editor.ts), so a keystroke
 * re-renders the field typed in and what depends on it, not all three hundred.
 */
import type { ConfigIssue, GreyedField, TrainerConfig } from '../../../../../shared/contract/configs';
import { greyedFields } from '../../../../../shared/trainers/common/schema-walk';
import { editorReducer, startHistory, type EditorAction, type EditorHistory } from './editor-history';
import type { EditorSchema } from './editor-schema';

/** Where the config in the editor came from, shown in its title and used by "Add to queue". */
export type EditorOrigin =
  | { kind: 'new' }
  | { kind: 'preset'; presetId: string; name: string; builtIn: boolean }
  | { kind: 'import'; fileName: string }
  /** `edit` replaces the queued job (jobs.replace); `clone` queues a new one. */
  | { kind: 'job'; jobId: string; name: string; mode: 'edit' | 'clone' };

export interface EditorState {
  history: EditorHistory;
  origin: EditorOrigin;
  /** Greyed now, with why; paths inside `values` ("subsets.0.keep_tokens"). */
  greyed: GreyedField[];
  /** configs.validate's last answer for the config it was asked about. */
  issues: ConfigIssue[];
  /** The config those issues are about (stale while a newer one is being checked). */
  issuesFor: TrainerConfig | null;
}

export interface EditorStore {
  readonly schema: EditorSchema;
  // Properties, not methods: React calls getState and subscribe unbound (useSyncExternalStore).
  getState: () => EditorState;
  subscribe: (listener: () => void) => () => void;
  dispatch: (action: EditorAction) => void;
  setOrigin: (origin: EditorOrigin) => void;
  setIssues: (issues: ConfigIssue[], forConfig: TrainerConfig) => void;
}

function familyLabeller(schema: EditorSchema): (id: string) => string {
  return (id) => schema.families.find((family) => family.id === id)?.label ?? id;
}

export function createEditorStore(
  schema: EditorSchema,
  config: TrainerConfig,
  origin: EditorOrigin,
): EditorStore {
  const label = familyLabeller(schema);
  const greyOf = (next: TrainerConfig): GreyedField[] => greyedFields(schema.schema, next, label);
  let state: EditorState = {
    history: startHistory(config),
    origin,
    greyed: greyOf(config),
    issues: [],
    issuesFor: null,
  };
  const listeners = new Set<() => void>();
  const emit = (next: EditorState): void => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    schema,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(action) {
      const history = editorReducer(state.history, action);
      if (history === state.history) return;
      const greyed = history.present === state.history.present ? state.greyed : greyOf(history.present);
      emit({ ...state, history, greyed });
    },
    setOrigin(next) {
      emit({ ...state, origin: next });
    },
    setIssues(issues, forConfig) {
      emit({ ...state, issues, issuesFor: forConfig });
    },
  };
}
