/**
 * Loading a config into the editor from a file or a preset: one undoable step in the editor's own
 * trainer, or handed to the page when the config belongs to another trainer (the page owns the
 * trainer switch and makes the new editor store).
 */
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import type { EditorOrigin, EditorStore } from '../state/editor-store';
import { sameJson } from '../state/value-path';
import type { FilesSession } from './files-session';

/** The page's trainer switch: open the editor on another trainer with this config. */
export type OpenInOtherTrainer = (config: TrainerConfig, origin: EditorOrigin) => void;

/** Whether the config in the editor holds edits that loading another would throw away. */
export function hasUnsavedEdits(store: EditorStore, session: FilesSession): boolean {
  const { history } = store.getState();
  const baseline = session.getState().baseline;
  if (baseline !== null) return !sameJson(history.present, baseline);
  return history.past.length > 0;
}

/** Loads the config; false when it is another trainer's and the page gave no way to switch. */
export function loadConfig(
  store: EditorStore,
  session: FilesSession,
  config: TrainerConfig,
  origin: EditorOrigin,
  openInOtherTrainer: OpenInOtherTrainer | undefined,
): boolean {
  if (config.trainer === store.schema.trainer) {
    store.dispatch({ type: 'replace', config });
    store.setOrigin(origin);
  } else if (openInOtherTrainer) {
    openInOtherTrainer(config, origin);
  } else {
    return false;
  }
  session.update({ baseline: config });
  return true;
}
