/**
 * The editor's undo/redo history, as a pure reducer. Every edit of the config (a field, a reset, an
 * import, a preset, a dataset added) is one action; typing into one field is one step, not one per
 * key: a set of the same path within `coalesceMs` of the last one replaces that step.
 */
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { removePath, sameJson, writePath } from './value-path';

export const coalesceMs = 1000;
/** Steps kept; older ones fall off (a day of editing, not unbounded memory). */
export const historyLimit = 200;

export interface EditorHistory {
  present: TrainerConfig;
  past: TrainerConfig[];
  future: TrainerConfig[];
  /** The last single-field edit, for coalescing keystrokes into one step. */
  last: { path: string; at: number } | null;
}

export type EditorAction =
  /** Set a values path ("network_dim"); `at` is Date.now() of the keystroke. */
  | { type: 'set'; path: string; value: unknown; at: number; newStep?: boolean }
  /** Remove a values path: a list item, or a key so it takes its default again. */
  | { type: 'remove'; path: string }
  /** The whole config at once (import, preset, family change, pass-through choices). */
  | { type: 'replace'; config: TrainerConfig }
  | { type: 'undo' }
  | { type: 'redo' };

export function startHistory(config: TrainerConfig): EditorHistory {
  return { present: config, past: [], future: [], last: null };
}

function step(history: EditorHistory, next: TrainerConfig, last: EditorHistory['last']): EditorHistory {
  // Nothing changed: no step, and nothing for a later keystroke to coalesce into.
  if (sameJson(next, history.present)) return history;
  const past = [...history.past, history.present].slice(-historyLimit);
  return { present: next, past, future: [], last };
}

export function editorReducer(history: EditorHistory, action: EditorAction): EditorHistory {
  switch (action.type) {
    case 'set': {
      const values = writePath(history.present.values, action.path, action.value);
      const next = { ...history.present, values };
      const last = { path: action.path, at: action.at };
      const previous = history.last;
      const coalesce =
        action.newStep !== true &&
        previous !== null &&
        previous.path === action.path &&
        action.at >= previous.at &&
        action.at - previous.at < coalesceMs &&
        history.past.length > 0;
      if (coalesce) {
        return { ...history, present: next, future: [], last };
      }
      return step(history, next, last);
    }
    case 'remove': {
      const values = removePath(history.present.values, action.path);
      return step(history, { ...history.present, values }, null);
    }
    case 'replace':
      return step(history, action.config, null);
    case 'undo': {
      const previous = history.past.at(-1);
      if (previous === undefined) return history;
      return {
        present: previous,
        past: history.past.slice(0, -1),
        future: [history.present, ...history.future],
        last: null,
      };
    }
    case 'redo': {
      const [next, ...rest] = history.future;
      if (next === undefined) return history;
      return { present: next, past: [...history.past, history.present], future: rest, last: null };
    }
  }
}
