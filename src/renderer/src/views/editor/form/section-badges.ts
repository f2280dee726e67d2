/**
 * The section index's badges: per section, the errors and warnings configs.validate placed in it and
 * the fields changed from their defaults. Pure, with a selector that answers the same object while
 * neither the config nor the issues changed (useSyncExternalStore needs that).
 */
import type { ConfigIssue, TrainerConfig } from '../../../../../shared/contract/configs';
import { defaultAt } from '../state/defaults';
import type { EditorSchema } from '../state/editor-schema';
import type { EditorState } from '../state/editor-store';
import { issuesByPath } from '../state/use-editor';
import { readPath } from '../state/value-path';
import { entryOfPath, fieldPathsOf, type FormModel } from './form-model';
import { isChanged } from './value-text';

export interface SectionBadge {
  errors: number;
  warnings: number;
  changed: number;
}

export type SectionBadges = Record<string, SectionBadge>;

export function sectionBadges(
  model: FormModel,
  schema: EditorSchema,
  config: TrainerConfig,
  issues: ConfigIssue[],
): SectionBadges {
  const out: SectionBadges = {};
  for (const section of model.sections) {
    const paths = fieldPathsOf(section.rows, '', config.values, readPath);
    const changed = paths.filter((path) =>
      isChanged(readPath(config.values, path), defaultAt(schema, config.family, path)),
    ).length;
    out[section.id] = { errors: 0, warnings: 0, changed };
  }
  for (const [path, list] of issuesByPath(issues)) {
    const sectionId = entryOfPath(model, path)?.sectionId ?? model.sections[0]?.id;
    const badge = sectionId === undefined ? undefined : out[sectionId];
    if (!badge) continue;
    for (const issue of list) {
      if (issue.severity === 'error') badge.errors += 1;
      else badge.warnings += 1;
    }
  }
  return out;
}

/** A selector for useEditorSelector that recomputes only when the config or the issues changed. */
export function badgeSelector(model: FormModel, schema: EditorSchema): (state: EditorState) => SectionBadges {
  let last: { config: TrainerConfig; issues: ConfigIssue[]; badges: SectionBadges } | null = null;
  return (state) => {
    const config = state.history.present;
    if (last && last.config === config && last.issues === state.issues) return last.badges;
    last = { config, issues: state.issues, badges: sectionBadges(model, schema, config, state.issues) };
    return last.badges;
  };
}
