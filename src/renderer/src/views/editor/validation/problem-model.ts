/**
 * What the problem summary says, from the editor's state: the errors and warnings of the last check,
 * whether they are about the config shown (a newer edit is being checked: they are not current), and
 * where each one's link goes.
 */
import type { ConfigIssue } from '../../../../../shared/contract/configs';
import type { EditorState } from '../state/editor-store';
import { valuesPathOf } from '../state/value-path';

export interface Problems {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
  /** No answer yet, or the answer is about an older config than the one shown. */
  checking: boolean;
}

const cache = new WeakMap<EditorState, Problems>();

/** Stable for a state (a selector may call it on every render). */
export function problemsOf(state: EditorState): Problems {
  const cached = cache.get(state);
  if (cached) return cached;
  const problems: Problems = {
    errors: state.issues.filter((issue) => issue.severity === 'error'),
    warnings: state.issues.filter((issue) => issue.severity === 'warning'),
    checking: state.issuesFor !== state.history.present,
  };
  cache.set(state, problems);
  return problems;
}

/** The form's path of an issue ("values.network_dim" → "network_dim"; "family" stays). */
export function fieldPathOf(issue: Pick<ConfigIssue, 'path'>): string {
  return valuesPathOf(issue.path);
}

/** "2 errors, 1 warning", "No problems". */
export function countText(problems: Pick<Problems, 'errors' | 'warnings'>): string {
  const parts: string[] = [];
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  if (problems.errors.length > 0) parts.push(n(problems.errors.length, 'error'));
  if (problems.warnings.length > 0) parts.push(n(problems.warnings.length, 'warning'));
  return parts.length === 0 ? 'No problems' : parts.join(', ');
}
