/**
 * One section as a titled, collapsible panel (`<section aria-labelledby>` with its heading): the
 * extras a page gives it first (the dataset panel), its fields, then its advanced fields under
 * "More options". Closed panels render nothing inside, so collapsed advanced sections cost nothing.
 */
import { Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { memo, useId, type ReactNode } from 'react';
import { FormRows } from './FormRows';
import type { SectionModel } from './form-model';
import classes from './form.module.css';

export interface SectionPanelProps {
  section: SectionModel;
  open: boolean;
  moreOpen: boolean;
  extra?: ReactNode;
  onToggle: (sectionId: string, open: boolean) => void;
  onToggleMore: (sectionId: string, open: boolean) => void;
}

export const SectionPanel = memo(function SectionPanel({
  section,
  open,
  moreOpen,
  extra,
  onToggle,
  onToggleMore,
}: SectionPanelProps) {
  const id = useId();
  const headingId = `${id}-heading`;
  const bodyId = `${id}-body`;
  const basic = section.advanced ? section.rows : section.rows.filter((row) => !row.advanced);
  const more = section.advanced ? [] : section.rows.filter((row) => row.advanced);
  const Chevron = open ? IconChevronDown : IconChevronRight;
  return (
    <section className={classes.section} aria-labelledby={headingId} data-section-id={section.id}>
      <h3 className={classes.sectionHeading} id={headingId}>
        <button
          type="button"
          className={classes.sectionToggle}
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => onToggle(section.id, !open)}
        >
          <Chevron size="1rem" aria-hidden />
          <span>{section.label}</span>
        </button>
      </h3>
      {open && (
        <div className={classes.sectionBody} id={bodyId}>
          {section.description && (
            <Text size="xs" c="dimmed">
              {section.description}
            </Text>
          )}
          {extra}
          <FormRows rows={basic} base="" />
          {more.length > 0 && (
            <div className={classes.more}>
              <button
                type="button"
                className={classes.sectionToggle}
                aria-expanded={moreOpen}
                onClick={() => onToggleMore(section.id, !moreOpen)}
              >
                {moreOpen ? (
                  <IconChevronDown size="0.9rem" aria-hidden />
                ) : (
                  <IconChevronRight size="0.9rem" aria-hidden />
                )}
                <Text size="sm">
                  More {section.label} options ({more.length})
                </Text>
              </button>
              {moreOpen && <FormRows rows={more} base="" />}
            </div>
          )}
        </div>
      )}
    </section>
  );
});
