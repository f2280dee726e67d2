/**
 * The config editor's form, generated from the trainer's schema: one panel per section in the
 * schema's order (advanced ones collapsed at start), the page's extras at the top of their section.
 * Reports the section in view to the section index (scroll-spy) and lets scrollToField reach rows.
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useEditorStore } from '../state/use-editor';
import { moreKey } from './form-model';
import { registerMountedForm, useNav } from './form-nav';
import classes from './form.module.css';
import { SectionPanel } from './SectionPanel';

export interface EditorFormProps {
  /** Rendered at the top of the section with that id (the dataset panel under "dataset"). */
  sectionExtras?: Partial<Record<string, ReactNode>>;
}

export function EditorForm({ sectionExtras }: EditorFormProps) {
  const store = useEditorStore();
  const nav = useNav(store);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => registerMountedForm(nav, () => rootRef.current), [nav]);
  useScrollSpy(rootRef, nav.setActive);
  const toggle = useCallback((id: string, open: boolean) => nav.setOpen(id, open), [nav]);
  const toggleMore = useCallback((id: string, open: boolean) => nav.setOpen(moreKey(id), open), [nav]);
  return (
    <div ref={rootRef} className={classes.form} data-editor-form>
      {nav.model.sections.map((section) => (
        <SectionPanel
          key={section.id}
          section={section}
          open={nav.isOpen(section.id)}
          moreOpen={nav.isOpen(moreKey(section.id))}
          extra={sectionExtras?.[section.id]}
          onToggle={toggle}
          onToggleMore={toggleMore}
        />
      ))}
    </div>
  );
}

/** The topmost section whose panel crosses the upper third of the viewport is the one in view. */
function useScrollSpy(
  rootRef: React.RefObject<HTMLDivElement | null>,
  setActive: (sectionId: string | null) => void,
): void {
  useEffect(() => {
    const root = rootRef.current;
    if (!root || typeof IntersectionObserver !== 'function') return;
    const visible = new Map<string, boolean>();
    const panels = [...root.querySelectorAll<HTMLElement>('[data-section-id]')];
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.sectionId;
          if (id) visible.set(id, entry.isIntersecting);
        }
        const first = panels.find((panel) => visible.get(panel.dataset.sectionId ?? ''));
        if (first?.dataset.sectionId) setActive(first.dataset.sectionId);
      },
      { rootMargin: '0px 0px -66% 0px' },
    );
    for (const panel of panels) observer.observe(panel);
    return () => observer.disconnect();
  }, [rootRef, setActive]);
}
