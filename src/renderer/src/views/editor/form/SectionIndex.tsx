/**
 * The form's minimap: every section, the one in view highlighted, a click opens and jumps to it, and
 * badges with its errors (and warnings) and its fields changed from their defaults.
 */
import { Badge, Group, VisuallyHidden } from '@mantine/core';
import { useMemo } from 'react';
import { useEditorSelector, useEditorStore } from '../state/use-editor';
import { useNav } from './form-nav';
import classes from './form.module.css';
import { badgeSelector } from './section-badges';

export function SectionIndex() {
  const store = useEditorStore();
  const nav = useNav(store);
  const select = useMemo(() => badgeSelector(nav.model, store.schema), [nav.model, store.schema]);
  const badges = useEditorSelector(select);
  const active = nav.active();
  const jump = (sectionId: string) => {
    nav.setOpen(sectionId, true);
    nav.setActive(sectionId);
    // After the panel opened: its heading to the top.
    requestAnimationFrame(() => {
      const panel = document.querySelector<HTMLElement>(`[data-section-id="${CSS.escape(sectionId)}"]`);
      panel?.scrollIntoView({ block: 'start' });
      panel?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    });
  };
  return (
    <nav aria-label="Sections" className={classes.index}>
      {nav.model.sections.map((section) => {
        const badge = badges[section.id];
        return (
          <button
            key={section.id}
            type="button"
            className={classes.indexItem}
            aria-current={active === section.id ? 'true' : undefined}
            data-section-link={section.id}
            onClick={() => jump(section.id)}
          >
            <span>{section.label}</span>{' '}
            {/* The counts are part of the button's name: "Network 1 error 2 changed" (the space above
                keeps the label and the count apart in it; a flex row does not show it). */}
            <Group gap={2} wrap="nowrap">
              {badge && badge.errors > 0 && (
                <Badge size="xs" color="red" variant="filled">
                  {badge.errors}
                  <VisuallyHidden> {badge.errors === 1 ? 'error' : 'errors'}</VisuallyHidden>
                </Badge>
              )}
              {badge && badge.errors === 0 && badge.warnings > 0 && (
                <Badge size="xs" color="yellow" variant="filled">
                  {badge.warnings}
                  <VisuallyHidden> {badge.warnings === 1 ? 'warning' : 'warnings'}</VisuallyHidden>
                </Badge>
              )}
              {badge && badge.changed > 0 && (
                <Badge size="xs" variant="light">
                  {badge.changed}
                  <VisuallyHidden> changed</VisuallyHidden>
                </Badge>
              )}
            </Group>
          </button>
        );
      })}
    </nav>
  );
}
