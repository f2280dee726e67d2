/**
 * How often each tag appears in the captions (datasets.tags), most frequent first; a click filters
 * the grid to the images whose caption has that tag (a second click clears it).
 */
import { CloseButton, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useRequest } from '../../api/use-request';
import classes from './datasets.module.css';

const shownTags = 300;

export function TagList({
  id,
  reloadKey,
  active,
  onPick,
}: {
  id: string;
  reloadKey: unknown;
  active: string | undefined;
  onPick: (tag: string | undefined) => void;
}): ReactNode {
  const tags = useRequest('datasets.tags', { id }, reloadKey);
  const [find, setFind] = useState('');
  const all = tags.status === 'ready' ? tags.value.tags : [];
  const needle = find.trim().toLowerCase();
  const matching = needle === '' ? all : all.filter((t) => t.tag.toLowerCase().includes(needle));
  return (
    <div className={classes.tagColumn} data-testid="tag-list">
      <Text size="sm" fw={600} id="tag-list-title">
        Tags
        {tags.status === 'ready' && (
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            in {tags.value.captions.toLocaleString('en')} captions
          </Text>
        )}
      </Text>
      <TextInput
        size="xs"
        placeholder="Find a tag"
        aria-label="Find a tag"
        value={find}
        onChange={(event) => setFind(event.currentTarget.value)}
        rightSection={find ? <CloseButton size="xs" aria-label="Clear" onClick={() => setFind('')} /> : null}
      />
      {tags.status === 'error' && (
        <Text size="xs" className={classes.danger}>
          {tags.message}
        </Text>
      )}
      <div className={classes.tagList} role="group" aria-labelledby="tag-list-title">
        {matching.slice(0, shownTags).map(({ tag, count }) => (
          <button
            key={tag}
            type="button"
            className={classes.tagButton}
            aria-pressed={tag === active}
            onClick={() => onPick(tag === active ? undefined : tag)}
            data-testid="tag"
            data-tag={tag}
          >
            <span style={{ overflowWrap: 'anywhere' }}>{tag}</span>
            <span>{count.toLocaleString('en')}</span>
          </button>
        ))}
        {matching.length > shownTags && (
          <Text size="xs" c="dimmed" p={4}>
            and {(matching.length - shownTags).toLocaleString('en')} more: find one by name
          </Text>
        )}
        {tags.status === 'ready' && all.length === 0 && (
          <Text size="xs" c="dimmed" p={4}>
            No captions with tags yet.
          </Text>
        )}
      </div>
    </div>
  );
}
