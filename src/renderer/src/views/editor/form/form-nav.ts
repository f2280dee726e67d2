/**
 * What the form, the section index and the search box share without a provider of their own: which
 * sections (and "More options" parts) are open, which section is in view, and how to reach a field.
 * One nav per editor store (a WeakMap), so the page can place the three anywhere under the store.
 */
import { useSyncExternalStore } from 'react';
import type { EditorStore } from '../state/editor-store';
import { buildFormModel, entryOfPath, moreKey, type FormModel } from './form-model';

export interface FormNav {
  readonly model: FormModel;
  isOpen: (key: string) => boolean;
  setOpen: (key: string, open: boolean) => void;
  active: () => string | null;
  setActive: (sectionId: string | null) => void;
  subscribe: (listener: () => void) => () => void;
  /** Bumped on every change, for useSyncExternalStore. */
  version: () => number;
}

const models = new WeakMap<object, FormModel>();

/** The form model of a store's schema, built once per schema. */
export function formModelOf(store: EditorStore): FormModel {
  const cached = models.get(store.schema);
  if (cached) return cached;
  const model = buildFormModel(store.schema.schema, store.schema.sections);
  models.set(store.schema, model);
  return model;
}

function createNav(model: FormModel): FormNav {
  const open = new Set(model.sections.filter((s) => !s.advanced).map((s) => s.id));
  let active: string | null = model.sections[0]?.id ?? null;
  let version = 0;
  const listeners = new Set<() => void>();
  const emit = (): void => {
    version += 1;
    for (const listener of listeners) listener();
  };
  return {
    model,
    isOpen: (key) => open.has(key),
    setOpen: (key, next) => {
      if (open.has(key) === next) return;
      if (next) open.add(key);
      else open.delete(key);
      emit();
    },
    active: () => active,
    setActive: (sectionId) => {
      if (active === sectionId) return;
      active = sectionId;
      emit();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}

const navs = new WeakMap<EditorStore, FormNav>();

export function navOf(store: EditorStore): FormNav {
  const existing = navs.get(store);
  if (existing) return existing;
  const nav = createNav(formModelOf(store));
  navs.set(store, nav);
  return nav;
}

/** Re-renders when the nav changes; returns the nav. */
export function useNav(store: EditorStore): FormNav {
  const nav = navOf(store);
  useSyncExternalStore(nav.subscribe, nav.version);
  return nav;
}

/** The form on screen now (one editor at a time), for scrollToField. */
let mounted: { nav: FormNav; root: () => HTMLElement | null } | null = null;

export function registerMountedForm(nav: FormNav, root: () => HTMLElement | null): () => void {
  const entry = { nav, root };
  mounted = entry;
  return () => {
    if (mounted === entry) mounted = null;
  };
}

const fieldSelector = (path: string): string => `[data-field-path="${CSS.escape(path)}"]`;

/** The control inside a row that takes focus: its input, else the row itself (a greyed row). */
function focusTarget(row: HTMLElement): HTMLElement {
  if (row.tabIndex >= 0 && row.dataset.greyed === 'true') return row;
  const control = row.querySelector<HTMLElement>(
    'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])',
  );
  return control ?? row;
}

const nextFrame = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });

/**
 * Opens the section holding a values path, scrolls its row into view and focuses its control.
 * Resolves true when the row was found. A path inside a list that is not drawn (an item removed)
 * falls back to the nearest row above it (the list).
 */
export async function scrollToField(path: string): Promise<boolean> {
  const form = mounted;
  if (!form) return false;
  const entry = entryOfPath(form.nav.model, path);
  if (entry) {
    form.nav.setOpen(entry.sectionId, true);
    if (entry.advanced) form.nav.setOpen(moreKey(entry.sectionId), true);
  }
  const candidates = [path];
  for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
    candidates.push(path.slice(0, cut));
  }
  // The section renders its rows on the next commit: wait a few frames for them.
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const root = form.root() ?? document.body;
    for (const candidate of candidates) {
      const row = root.querySelector<HTMLElement>(fieldSelector(candidate));
      if (row) {
        row.scrollIntoView({ block: 'center' });
        focusTarget(row).focus({ preventScroll: true });
        row.dataset.flash = String(Date.now());
        return true;
      }
    }
    await nextFrame();
  }
  return false;
}
