/**
 * Finds a field by label, key or tooltip text in the form's model (so fields of collapsed sections
 * are found too); Enter (or a click) opens its section, scrolls to it and focuses its control.
 */
import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useEditorStore } from '../state/use-editor';
import { searchFields, type FieldEntry } from './form-model';
import { navOf, scrollToField } from './form-nav';
import classes from './form.module.css';

/** A concrete path for an entry: the first item of a list stands for all of them. */
const pathOfEntry = (entry: FieldEntry): string => entry.template.replace(/\.\*(?=\.|$)/g, '.0');

export function FieldSearch() {
  const store = useEditorStore();
  const model = navOf(store).model;
  const sectionLabel = useMemo(() => new Map(model.sections.map((s) => [s.id, s.label])), [model]);
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const results = useMemo(() => searchFields(model, query), [model, query]);

  const go = (entry: FieldEntry | undefined) => {
    if (!entry) return;
    setOpen(false);
    void scrollToField(pathOfEntry(entry));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setHighlight((h) => Math.max(0, Math.min(results.length - 1, h + delta)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(results[highlight] ?? results[0]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };
  const showing = open && query.trim() !== '';
  return (
    <div className={classes.search}>
      <TextInput
        size="xs"
        leftSection={<IconSearch size="0.9rem" aria-hidden />}
        placeholder="Find a field (label, key or help text)"
        aria-label="Find a field"
        role="combobox"
        aria-expanded={showing}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showing && results[highlight] ? `${listId}-${highlight}` : undefined}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setHighlight(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showing && (
        <ul className={classes.searchResults} id={listId} role="listbox" aria-label="Fields found">
          {results.length === 0 && (
            <li className={classes.searchResult} role="option" aria-selected={false} aria-disabled>
              No field matches “{query.trim()}”.
            </li>
          )}
          {results.map((entry, index) => (
            <li
              key={entry.template}
              id={`${listId}-${index}`}
              className={classes.searchResult}
              role="option"
              aria-selected={index === highlight}
              onMouseDown={(event) => {
                event.preventDefault();
                go(entry);
              }}
            >
              {entry.label}{' '}
              <span className={classes.hint}>
                · {sectionLabel.get(entry.sectionId) ?? entry.sectionId} · {entry.key}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
