/**
 * What the files parts of the editor share across a trainer switch (the page makes a new editor store
 * then): the last import's answer (the summary dialog and the unknown keys panel read it) and the
 * config as last loaded or saved (to tell whether loading a preset would throw edits away).
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import type { TrainerKind } from '../../../../../shared/contract/trainer-kinds';
import type { ImportAnswer, ImportSource } from './import-request';

export interface LastImport {
  trainer: TrainerKind;
  source: ImportSource;
  /** "train.toml + dataset.toml". */
  name: string;
  answer: ImportAnswer;
}

export interface FilesState {
  last: LastImport | null;
  summaryOpen: boolean;
  importing: boolean;
  /** The config as last loaded from a file or preset or saved; null: nothing loaded by these parts. */
  baseline: TrainerConfig | null;
}

export interface FilesSession {
  getState: () => FilesState;
  subscribe: (listener: () => void) => () => void;
  update: (patch: Partial<FilesState>) => void;
}

export function createFilesSession(): FilesSession {
  let state: FilesState = { last: null, summaryOpen: false, importing: false, baseline: null };
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
  };
}

/** One editor per window: the default session outlives the editor store a trainer switch replaces. */
export const FilesSessionContext = createContext<FilesSession>(createFilesSession());

export function useFilesSession(): FilesSession {
  return useContext(FilesSessionContext);
}

export function useFilesState<T>(select: (state: FilesState) => T): T {
  const session = useFilesSession();
  return useSyncExternalStore(session.subscribe, () => select(session.getState()));
}
